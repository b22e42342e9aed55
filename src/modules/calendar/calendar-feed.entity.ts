import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '../../db/base.entity';
import { User } from '../user/user.entity';

/**
 * A person's secret iCalendar feed: one per person (unique user), replaced when rotated. Only
 * the SHA-256 of the token is stored; the URL is shown once, when the token is made.
 */
@Entity({ tableName: 'calendar_feeds' })
export class CalendarFeed extends BaseEntity {
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade', unique: true })
  user!: Ref<User>;

  /** SHA-256 of the token (256 random bits, so a slow hash adds nothing); the feed is found by it. */
  @Property({ type: 'text', unique: true, hidden: true })
  tokenHash!: string;
}
