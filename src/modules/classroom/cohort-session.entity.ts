import { Entity, Enum, Index, ManyToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { AttendanceMethod } from '../check-in/attendance-method';
import { Cohort } from '../cohort/cohort.entity';
import { BaseEntity } from '../../db/base.entity';
import { Enrollment } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';

/**
 * A classroom meeting of a cohort (blended courses). Its attendance rows live in their own
 * table: seminar_attendances is tied to a seminar session and a seminar registration.
 */
@ObjectType({ description: 'A classroom meeting of a cohort: when, where and who teaches it.' })
@Entity({ tableName: 'cohort_sessions' })
export class CohortSession extends BaseEntity {
  @ManyToOne(() => Cohort, { ref: true, deleteRule: 'cascade' })
  @Index()
  cohort!: Ref<Cohort>;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field(() => Date)
  @Property({ type: 'datetime' })
  endsAt!: Date;

  @Field(() => String, { description: 'IANA time zone the session is held in; the cohort’s by default.' })
  @Property({ type: 'text' })
  timeZone!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  venue!: string;

  @ManyToOne(() => User, { ref: true, deleteRule: 'restrict' })
  @Index()
  instructor!: Ref<User>;

  /** 32 random bytes, hex, set when the instructor first opens attendance; the rotating codes derive from it. Never shown. */
  @Property({ type: 'text', nullable: true, lazy: true })
  attendanceSecret?: string | null;
}

/** A learner's check-in to a classroom session; unique (session, user) makes a second one impossible, even at once. */
@ObjectType({ description: 'A learner’s check-in to a classroom session of their cohort.' })
@Entity({ tableName: 'cohort_session_attendances' })
@Unique({ properties: ['session', 'user'] })
export class CohortSessionAttendance extends BaseEntity {
  @ManyToOne(() => CohortSession, { ref: true, deleteRule: 'cascade' })
  session!: Ref<CohortSession>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @ManyToOne(() => Enrollment, { ref: true, deleteRule: 'cascade' })
  @Index()
  enrollment!: Ref<Enrollment>;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  checkedInAt: Date & Opt = new Date();

  @Field(() => AttendanceMethod)
  @Enum({ items: () => AttendanceMethod, type: 'text' })
  method!: AttendanceMethod;
}
