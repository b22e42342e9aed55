import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Login attempts per account and per client address, kept in PostgreSQL so that every API
 * process sharing the database sees the same counts.
 */
@Entity({ tableName: 'login_throttles' })
export class LoginThrottle {
  /** `account:<email>` or `address:<ip>`. */
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'integer' })
  attempts!: number;

  @Property({ type: 'datetime' })
  windowStartedAt!: Date;
}
