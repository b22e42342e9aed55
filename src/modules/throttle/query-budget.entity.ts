import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Query cost spent per principal in its current fixed window, shared by every API process.
 * The table is UNLOGGED (see its migration): losing the counters in a crash only forgives one
 * window, and skipping the WAL keeps the leases cheap.
 */
@Entity({ tableName: 'query_budgets' })
export class QueryBudget {
  /** `user:<id>`, `apiKey:<hash of the presented key>` or `address:<client address>`. */
  @PrimaryKey({ type: 'text' })
  key!: string;

  /** Units leased to API processes in this window (may exceed the limit: grants are capped, not the sum). */
  @Property({ type: 'integer' })
  spent!: number;

  @Property({ type: 'datetime' })
  windowStartedAt!: Date;
}
