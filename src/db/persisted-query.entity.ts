import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A query registered by automatic persisted queries (APQ): clients then send only its SHA-256.
 * In PostgreSQL, not in process memory, so every API replica knows what any of them registered.
 * Rows unused for a while are purged (src/graphql/persisted-queries.ts).
 */
@Entity({ tableName: 'persisted_queries' })
export class PersistedQuery {
  /** Lower-case hex SHA-256 of `query`, as Apollo's clients compute it. */
  @PrimaryKey({ type: 'text' })
  hash!: string;

  @Property({ type: 'text' })
  query!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;

  /** Refreshed at most once a day per row: a hit is not a write. */
  @Property({ type: 'datetime', defaultRaw: 'now()', index: true })
  lastUsedAt!: Date;
}
