import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from '../../context';
import { conflict, forbidden } from '../../errors';
import { findById } from '../../graphql/loaders';
import { openCohortSessionAttendance } from '../classroom/classroom-attendance.service';
import { SeminarSession, SeminarStatus } from '../seminar/seminar.entity';
import { canManageSeminar } from '../seminar/seminar.policy';
import { assertStillOpenable, attendanceCodeView, type AttendanceCodeView } from '../check-in/check-in-code';

/**
 * Opens attendance for a session (its seminar's organizer or an admin; for a cohort's classroom
 * session, see openCohortSessionAttendance) and answers the code to
 * show now. The first call stores the session's secret; later calls (another screen, a reload,
 * two at once) find the same secret, so every screen shows the same code. It may be opened
 * before the check-in window, to set up the screen; check-ins are taken only inside it.
 */
export async function openAttendance(ctx: Context, sessionId: string, now = new Date()): Promise<AttendanceCodeView> {
  const session = await findById(ctx.em, SeminarSession, sessionId, { populate: ['seminar'] });
  // Classroom sessions of cohorts share the rotating codes; their ids never collide with a seminar session's.
  if (!session) return openCohortSessionAttendance(ctx, sessionId, now);
  const seminar = session.seminar.getEntity();
  if (!canManageSeminar(ctx.caller, seminar)) throw forbidden('Only the seminar’s organizer or an admin opens attendance');
  if (seminar.status !== SeminarStatus.PUBLISHED) throw conflict(`The seminar is ${seminar.status.toLowerCase()}`, 'sessionId');
  assertStillOpenable(session, now);

  // raw SQL: INSERT … ON CONFLICT DO NOTHING: the first opener wins, a second one must not overwrite the secret (em.upsert would)
  await ctx.em.execute(
    'INSERT INTO seminar_attendance_keys (id, session_id, secret) VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING',
    [randomUUID(), session.id, randomBytes(32).toString('hex')],
  );
  // raw SQL: reads back the winning row, which may be another request's and so not in this identity map
  const [key] = await ctx.em.execute<{ secret: string }[]>('SELECT secret FROM seminar_attendance_keys WHERE session_id = ?', [session.id]);
  return attendanceCodeView(session.id, key.secret, session, now);
}
