import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A mutation sent with an `Idempotency-Key`: written in the same transaction as the mutation's own
 * writes (see commit-outcome.ts), so a key on record means the first attempt was stored. Kept for
 * 24 hours (see src/graphql/idempotency.ts).
 */
@Entity({ tableName: 'idempotency_keys' })
export class IdempotencyKey {
  /** `user:<id>` or `apiKey:<id>`: one client's keys never collide with another's. */
  @PrimaryKey({ type: 'text' })
  principal!: string;

  @PrimaryKey({ type: 'text' })
  key!: string;

  /** SHA-256 of the query, variables and operation name: the same key for another request is refused. */
  @Property({ type: 'text' })
  requestHash!: string;

  /** The HTTP request that wrote the row; a concurrent duplicate is told apart from the same request committing twice. */
  @Property({ type: 'uuid' })
  attempt!: string;

  /** What the first attempt answered, when it answered and the answer may be kept; null until then. */
  @Property({ type: 'json', nullable: true })
  response?: Record<string, unknown> | null;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt!: Date;
}
