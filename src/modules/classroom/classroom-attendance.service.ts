import { randomBytes } from 'node:crypto';
import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { inTransaction } from '../../db/transaction';
import { badField, conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { assertInsideCheckInWindow, assertStillOpenable, attendanceCodeView, type AttendanceCodeView, beginCheckIn } from '../check-in/check-in-code';
import { AttendanceMethod } from '../check-in/attendance-method';
import { CHECK_IN_GRACE_AFTER_END_MINUTES, CHECK_IN_OPENS_BEFORE_START_MINUTES, codeMatches } from '../check-in/check-in.rules';
import { canManageCohort } from '../cohort/cohort.policy';
import { completeCoursesIfDone } from '../completion/course-completion.service';
import { Course } from '../course/course.entity';
import { CohortSession, CohortSessionAttendance } from './cohort-session.entity';

/**
 * Opens attendance for a classroom session (its instructor, the course's authors, admins) and
 * answers the code to show now; the same rotating-code rules as seminar sessions.
 */
export async function openCohortSessionAttendance(ctx: Context, sessionId: string, now = new Date()): Promise<AttendanceCodeView> {
  const session = await findById(ctx.em, CohortSession, sessionId, { populate: ['cohort'] });
  if (!session) throw notFound('Session');
  const course = await ctx.em.findOneOrFail(Course, { id: session.cohort.getEntity().course.id });
  const isInstructor = ctx.caller?.kind === 'user' && ctx.caller.userId === session.instructor.id;
  if (!isInstructor && !canManageCohort(ctx.caller, course)) {
    throw forbidden('Only the session’s instructor, the course’s authors or an admin open attendance');
  }
  assertStillOpenable(session, now);
  // Set once: later calls (another screen, two at once) read the same secret and show the same code.
  // raw SQL: set-once UPDATE (… WHERE attendance_secret IS NULL) so concurrent openers agree on one secret
  await ctx.em.execute('UPDATE cohort_sessions SET attendance_secret = ? WHERE id = ? AND attendance_secret IS NULL', [
    randomBytes(32).toString('hex'),
    session.id,
  ]);
  // raw SQL: reads back the winning secret, which may be another request's write and not in this identity map
  const [row] = await ctx.em.execute<{ attendance_secret: string }[]>('SELECT attendance_secret FROM cohort_sessions WHERE id = ?', [session.id]);
  return attendanceCodeView(session.id, row.attendance_secret, session, now);
}

interface Candidate {
  secret: string;
  session_id: string;
  starts_at: Date;
  ends_at: Date;
  enrollment_id: string | null;
  course_id: string;
}

/**
 * Checks the caller in to a classroom session of their cohort with the code shown there. Same
 * rules as seminar check-ins: the rate limit (shared with them), the window, one check-in per
 * session. Only learners with an ACTIVE enrollment in the session's cohort check in; the
 * check-in may complete the course when it requires classroom attendance.
 */
export async function checkInToClassroom(ctx: Context, typed: string, now = new Date()): Promise<CohortSessionAttendance> {
  const { userId, code } = await beginCheckIn(ctx, typed);

  // raw SQL: plain rows of a three-table join (LEFT JOIN on the enrollment) matched against the typed code
  const candidates = await ctx.em.execute<Candidate[]>(
    `SELECT s.attendance_secret AS secret, s.id AS session_id, s.starts_at, s.ends_at, e.id AS enrollment_id, c.course_id
       FROM cohort_sessions s
       JOIN cohorts c ON c.id = s.cohort_id
       LEFT JOIN enrollments e ON e.cohort_id = s.cohort_id AND e.user_id = ? AND e.status = 'ACTIVE'
      WHERE s.attendance_secret IS NOT NULL
        AND ((s.starts_at - make_interval(mins => ?) <= ? AND s.ends_at + make_interval(mins => ?) >= ?)
          OR (e.id IS NOT NULL AND s.starts_at < ?::timestamptz + interval '1 day' AND s.ends_at > ?::timestamptz - interval '1 day'))
      ORDER BY (e.id IS NOT NULL) DESC, s.starts_at`,
    [userId, CHECK_IN_OPENS_BEFORE_START_MINUTES, now, CHECK_IN_GRACE_AFTER_END_MINUTES, now, now, now],
  );
  const match = candidates.find((candidate) => codeMatches(Buffer.from(candidate.secret, 'hex'), code, now));
  if (!match) throw badField('code', 'The code is wrong or has expired; type the one shown now');
  if (!match.enrollment_id) throw forbidden('You are not an active learner of this cohort');
  assertInsideCheckInWindow({ startsAt: new Date(match.starts_at), endsAt: new Date(match.ends_at) }, now);

  const enrollmentId = match.enrollment_id;
  return inTransaction(ctx, async (tx) => {
    // The enrollment's row lock orders this learner's check-ins and progress, so the last
    // requirement met (a material or a session) always sees the others and completes the course.
    // raw SQL: FOR UPDATE on the enrollment row only, without hydrating or flushing the entity
    const [enrollment] = await tx.em.execute<{ status: string }[]>('SELECT status FROM enrollments WHERE id = ? FOR UPDATE', [enrollmentId]);
    if (enrollment?.status !== 'ACTIVE') throw forbidden('Your enrollment is no longer active');
    const already = await tx.em.count(CohortSessionAttendance, { session: match.session_id, user: userId });
    if (already) throw conflict('You have already checked in to this session', 'code');
    const attendance = tx.em.create(CohortSessionAttendance, {
      session: match.session_id,
      user: userId,
      enrollment: enrollmentId,
      method: AttendanceMethod.CODE,
      checkedInAt: now,
    });
    await withUniqueFields(() => tx.em.flush(), {
      cohort_session_attendances_session_id_user_id_unique: { field: 'code', message: 'You have already checked in to this session' },
    });
    await completeCoursesIfDone(tx, userId, [match.course_id]);
    return attendance;
  });
}
