import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Assignment } from '../assignment/assignment.entity';
import { BaseEntity } from '../../db/base.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';

export enum SubmissionStatus {
  /** Handed in, waiting for a decision: in the review queue. */
  AWAITING_REVIEW = 'AWAITING_REVIEW',
  NEEDS_REVISION = 'NEEDS_REVISION',
  ACCEPTED = 'ACCEPTED',
  /** A newer attempt came before this one was decided: it leaves the queue. */
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(SubmissionStatus, { name: 'SubmissionStatus' });

/** One attempt of a learner at an assignment; a resubmission is a new row with the next number. */
@ObjectType()
@Entity({ tableName: 'submissions' })
@Unique({ properties: ['learner', 'assignment', 'number'] })
@Unique({ properties: ['learner', 'assignment', 'clientSubmissionId'] })
@Index({ properties: ['status', 'submittedAt'] })
@Index({ properties: ['assignment', 'learner'] })
export class Submission extends BaseEntity {
  @ManyToOne(() => Assignment, { ref: true, deleteRule: 'cascade' })
  assignment!: Ref<Assignment>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  learner!: Ref<User>;

  /** The enrollment it was handed in under: its cohort decides who reviews it. */
  @ManyToOne(() => Enrollment, { ref: true, deleteRule: 'cascade' })
  @Index()
  enrollment!: Ref<Enrollment>;

  @Field(() => Int, { description: 'Attempt number, from 1.' })
  @Property({ type: 'integer' })
  number!: number;

  /** The client's id for this hand-in, so a retried request answers the same attempt. */
  @Property({ type: 'uuid', nullable: true })
  clientSubmissionId?: string;

  @Field(() => String, { nullable: true, description: 'Markdown text of the submission.' })
  @Property({ type: 'text', nullable: true })
  text?: string;

  @Field(() => SubmissionStatus)
  @Enum({ items: () => SubmissionStatus, type: 'text', default: SubmissionStatus.AWAITING_REVIEW })
  status: SubmissionStatus & Opt = SubmissionStatus.AWAITING_REVIEW;

  @Field(() => Boolean, { description: 'Handed in after the due date.' })
  @Property({ type: 'boolean', default: false })
  late: boolean & Opt = false;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  submittedAt: Date & Opt = new Date();

  /** When a decision (accept or revise) was made: the end of its turnaround. */
  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  decidedAt?: Date;
}
