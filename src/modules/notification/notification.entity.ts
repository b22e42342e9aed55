import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { Course } from '../course/course.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import type { Seminar } from '../seminar/seminar.entity';
import { Submission } from '../submission/submission.entity';
import { User } from '../user/user.entity';

export enum NotificationKind {
  /** A reviewer graded, gave feedback on, or commented on the learner's submission. */
  NEW_FEEDBACK = 'NEW_FEEDBACK',
  REVISION_REQUESTED = 'REVISION_REQUESTED',
  SUBMISSION_ACCEPTED = 'SUBMISSION_ACCEPTED',
  /** For staff: a submission in one of their cohorts waits for review. */
  SUBMISSION_WAITING = 'SUBMISSION_WAITING',
  /** For staff: the learner answered in a submission's thread. */
  NEW_COMMENT = 'NEW_COMMENT',
  COACHING_NOTE = 'COACHING_NOTE',
  /** For registrants: the seminar they registered for was cancelled. */
  SEMINAR_CANCELLED = 'SEMINAR_CANCELLED',
  /** A seat freed up: the registration moved from the waitlist to CONFIRMED. */
  WAITLIST_PROMOTED = 'WAITLIST_PROMOTED',
}
registerEnumType(NotificationKind, { name: 'NotificationKind' });

/** An in-app message to one person, written in the same transaction as what it reports. */
@ObjectType()
@Entity({ tableName: 'notifications' })
@Index({ properties: ['recipient', 'createdAt'] })
// The unread count is asked on every screen: a small partial index answers it.
@Index({ name: 'notifications_unread_index', expression: 'create index "notifications_unread_index" on "notifications" ("recipient_id") where "read_at" is null' })
export class Notification extends BaseEntity {
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  recipient!: Ref<User>;

  @Field(() => NotificationKind)
  @Enum({ items: () => NotificationKind, type: 'text' })
  kind!: NotificationKind;

  @Field(() => String, { description: 'One line, in Bahasa Indonesia.' })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  body?: string;

  @ManyToOne(() => Submission, { ref: true, nullable: true, deleteRule: 'cascade' })
  @Index()
  submission?: Ref<Submission>;

  @ManyToOne(() => Enrollment, { ref: true, nullable: true, deleteRule: 'cascade' })
  enrollment?: Ref<Enrollment>;

  @ManyToOne(() => Course, { ref: true, nullable: true, deleteRule: 'cascade' })
  course?: Ref<Course>;

  @ManyToOne({ entity: 'Seminar', ref: true, nullable: true, deleteRule: 'cascade' })
  seminar?: Ref<Seminar>;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  readAt?: Date;
}
