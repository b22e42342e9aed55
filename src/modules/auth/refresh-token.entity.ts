import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { User } from '../user/user.entity';

/**
 * One refresh token of a login session. Every rotation spends the token and issues the next
 * one in the same family; presenting a spent token again revokes the whole family.
 */
@Entity({ tableName: 'refresh_tokens' })
export class RefreshToken extends BaseEntity {
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @Property({ type: 'uuid' })
  @Index()
  familyId!: string;

  /** SHA-256 of the token: the token itself is never stored. */
  @Property({ type: 'text', unique: true })
  tokenHash!: string;

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  spentAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
