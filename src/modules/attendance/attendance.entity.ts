import { Entity, Enum, Index, ManyToOne, OneToOne, type Opt, Property, type Ref, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../db/base.entity';
import { SeminarRegistration } from '../seminar/seminar-registration.entity';
import { SeminarSession } from '../seminar/seminar.entity';
import { User } from '../user/user.entity';
import { AttendanceMethod } from '../check-in/attendance-method';


/**
 * Attendance is open for a session once its organizer asked for a code: the secret the
 * rotating codes are derived from (see check-in/check-in.rules). One per session, never shown.
 */
@Entity({ tableName: 'seminar_attendance_keys' })
export class AttendanceKey extends BaseEntity {
  @OneToOne(() => SeminarSession, { ref: true, owner: true, unique: true, deleteRule: 'cascade' })
  session!: Ref<SeminarSession>;

  /** 32 random bytes, hex. */
  @Property({ type: 'text' })
  secret!: string;
}

/** A learner's check-in to one session; the unique (session, user) makes a second one impossible, even at once. */
@ObjectType({ description: 'A learner’s check-in to a seminar session.' })
@Entity({ tableName: 'seminar_attendances' })
@Unique({ properties: ['session', 'user'] })
export class Attendance extends BaseEntity {
  @ManyToOne(() => SeminarSession, { ref: true, deleteRule: 'cascade' })
  session!: Ref<SeminarSession>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  @Index()
  user!: Ref<User>;

  @ManyToOne(() => SeminarRegistration, { ref: true, deleteRule: 'cascade' })
  @Index()
  registration!: Ref<SeminarRegistration>;

  @Field(() => Date)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  checkedInAt: Date & Opt = new Date();

  @Field(() => AttendanceMethod)
  @Enum({ items: () => AttendanceMethod, type: 'text' })
  method!: AttendanceMethod;
}
