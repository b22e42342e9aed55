import { Arg, Authorized, Ctx, Extensions, Field, FieldResolver, ID, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { Certificate } from '../certificate/certificate.entity';
import { SeminarRegistration } from '../seminar/seminar-registration.entity';
import { Seminar, SeminarSession } from '../seminar/seminar.entity';
import { Role } from '../../identity';
import { Attendance } from './attendance.entity';
import { openAttendance } from './attendance-open.service';
import { checkIn } from './check-in.service';

@ObjectType({ description: 'The check-in code of a session as it is now: show it (or its QR image) to the room; it changes every minute.' })
export class AttendanceCode {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => String, { description: 'Six letters and digits (no 0/O, 1/I/L). The previous code is still taken for one more rotation.' })
  code!: string;

  @Field(() => Date, { description: 'When the next code replaces this one on screen: ask again then.' })
  expiresAt!: Date;

  @Field(() => Int)
  rotatesEverySeconds!: number;

  @Field(() => String, { description: 'A PNG of a QR code holding the code, as a data: URL for an <img>.' })
  qrPngDataUrl!: string;

  @Field(() => Date, { description: 'Check-ins are taken from here (30 minutes before the session starts)…' })
  checkInOpensAt!: Date;

  @Field(() => Date, { description: '…until here (15 minutes after it ends).' })
  checkInClosesAt!: Date;
}

@Resolver(() => Attendance)
export class AttendanceResolver {
  @Authorized(Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN)
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => AttendanceCode, {
    description:
      'Opens attendance for a session (the seminar’s organizer or an admin; for a cohort’s classroom session its instructor, ' +
      'the course’s authors or an admin) and answers the code to show now; calling again answers the current code. ' +
      'CONFLICT for a seminar not published or a session whose check-in is over.',
  })
  openAttendance(@Ctx() ctx: Context, @Arg('sessionId', () => ID) sessionId: string) {
    return openAttendance(ctx, sessionId);
  }

  @Authorized()
  @Mutation(() => Attendance, {
    description:
      'Checks the signed-in person in with the code shown at the session. BAD_USER_INPUT (code) when wrong or expired; ' +
      'FORBIDDEN when not confirmed for that seminar (or waitlisted); CONFLICT outside the check-in window or when already ' +
      'checked in; RATE_LIMITED after 10 attempts in 15 minutes. Attending every session credits the seminar’s JP and ' +
      'issues a certificate of attendance.',
  })
  checkIn(@Ctx() ctx: Context, @Arg('code', () => String) code: string) {
    return checkIn(ctx, code);
  }

  @FieldResolver(() => SeminarSession)
  session(@Root() attendance: Attendance, @Ctx() ctx: Context) {
    return ctx.loaders.seminarSessionById.load(attendance.session.id);
  }

  @FieldResolver(() => Seminar)
  async seminar(@Root() attendance: Attendance, @Ctx() ctx: Context) {
    const session = await ctx.loaders.seminarSessionById.load(attendance.session.id);
    return session ? ctx.loaders.seminarById.load(session.seminar.id) : null;
  }

  @FieldResolver(() => Certificate, { nullable: true, description: 'The certificate of attendance, once every session of the seminar was attended.' })
  certificate(@Root() attendance: Attendance, @Ctx() ctx: Context) {
    return ctx.loaders.certificateBySeminarRegistration.load(attendance.registration.id);
  }
}

@Resolver(() => SeminarRegistration)
export class RegistrationAttendanceResolver {
  // Whoever may read the registration (its holder; the organizer through Seminar.registrations) sees its check-ins.
  @FieldResolver(() => [Attendance], { description: 'Sessions checked in to, in order.' })
  attendances(@Root() registration: SeminarRegistration, @Ctx() ctx: Context) {
    return ctx.loaders.attendancesByRegistration.load(registration.id);
  }
}

export const attendanceResolvers = [AttendanceResolver, RegistrationAttendanceResolver] as const;
