import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A principal's bucket of query cost, shared by every API process: it refills at the configured
 * cost per minute up to a burst, and processes lease units from it. The table is UNLOGGED (see its
 * migration): losing the buckets in a crash only refills them, and skipping the WAL keeps leases cheap.
 */
@Entity({ tableName: 'query_budgets' })
export class QueryBudget {
  /** `user:<id>`, `apiKey:<hash of the presented key>` or `address:<client address>`. */
  @PrimaryKey({ type: 'text' })
  key!: string;

  /** Units left as of `refilledAt`. */
  @Property({ type: 'double' })
  available!: number;

  /** What the last lease took (its caller reads it back; the statement cannot return the old row). */
  @Property({ type: 'double' })
  lastGranted!: number;

  @Property({ type: 'datetime' })
  refilledAt!: Date;
}
