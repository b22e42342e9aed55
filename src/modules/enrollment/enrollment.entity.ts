import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Cohort } from '../cohort/cohort.entity';
import { BaseEntity } from '../../db/base.entity';
import { Course } from '../course/course.entity';
import { User } from '../user/user.entity';

export enum EnrollmentStatus {
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(EnrollmentStatus, { name: 'EnrollmentStatus' });

/** A learner in a course (optionally in one of its cohorts); one row per learner and course, reused on re-enrolment. */
@ObjectType()
@Entity({ tableName: 'enrollments' })
@Unique({ properties: ['user', 'course'] })
export class Enrollment extends BaseEntity {
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @ManyToOne(() => Course, { ref: true, deleteRule: 'cascade' })
  @Index()
  course!: Ref<Course>;

  @ManyToOne(() => Cohort, { ref: true, nullable: true, deleteRule: 'set null' })
  @Index()
  cohort?: Ref<Cohort>;

  @Field(() => EnrollmentStatus)
  @Enum({ items: () => EnrollmentStatus, type: 'text', default: EnrollmentStatus.ACTIVE })
  status: EnrollmentStatus & Opt = EnrollmentStatus.ACTIVE;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  enrolledAt: Date & Opt = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  withdrawnAt?: Date;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date;

  /** The admin who enrolled the learner; null for self-enrolment. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  enrolledBy?: Ref<User>;
}
