import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { inTransaction } from '../../db/transaction';
import { badField, conflict, forbidden } from '../../errors';
import { issueSeminarCertificate } from '../certificate/certificate.service';
import { JpSource } from '../jp-ledger/jp-ledger-entry.entity';
import { creditJp } from '../jp-ledger/jp-ledger.credits';
import { RegistrationStatus } from '../seminar/seminar-registration.entity';
import { Seminar, SeminarStatus } from '../seminar/seminar.entity';
import { seminarJp } from '../seminar/seminar.rules';
import { Attendance } from './attendance.entity';
import { AttendanceMethod } from '../check-in/attendance-method';
import { assertInsideCheckInWindow, beginCheckIn } from '../check-in/check-in-code';
import { attendedEverySession, CHECK_IN_GRACE_AFTER_END_MINUTES, CHECK_IN_OPENS_BEFORE_START_MINUTES, codeMatches } from '../check-in/check-in.rules';

interface Candidate {
  secret: string;
  session_id: string;
  starts_at: Date;
  ends_at: Date;
  seminar_id: string;
  seminar_status: SeminarStatus;
  registration_id: string | null;
  registration_status: RegistrationStatus | null;
}

/**
 * Checks the caller in with the code shown at a session. A six-letter code is not unique
 * across sessions, so it is tried against the sessions it can be for: those with attendance
 * open whose window is now, and the caller's own seminars' sessions from a day before to a day
 * after (to tell "too early" or "too late" from "wrong"). A code of a seminar the caller is
 * not (or no longer) registered for is FORBIDDEN, like a waitlisted registration.
 */
export async function checkIn(ctx: Context, typed: string, now = new Date()): Promise<Attendance> {
  const { userId, code } = await beginCheckIn(ctx, typed);

  // raw SQL: plain rows of a four-table join matched against the typed code; no entity fits the shape
  const candidates = await ctx.em.execute<Candidate[]>(
    `SELECT k.secret, ss.id AS session_id, ss.starts_at, ss.ends_at, s.id AS seminar_id, s.status AS seminar_status,
            r.id AS registration_id, r.status AS registration_status
       FROM seminar_attendance_keys k
       JOIN seminar_sessions ss ON ss.id = k.session_id
       JOIN seminars s ON s.id = ss.seminar_id
       LEFT JOIN seminar_registrations r ON r.seminar_id = s.id AND r.user_id = ?
      WHERE (ss.starts_at - make_interval(mins => ?) <= ? AND ss.ends_at + make_interval(mins => ?) >= ?)
         OR (r.status IN ('CONFIRMED', 'WAITLISTED') AND ss.starts_at < ?::timestamptz + interval '1 day' AND ss.ends_at > ?::timestamptz - interval '1 day')
      ORDER BY (r.status = 'CONFIRMED') IS TRUE DESC, ss.starts_at`,
    [userId, CHECK_IN_OPENS_BEFORE_START_MINUTES, now, CHECK_IN_GRACE_AFTER_END_MINUTES, now, now, now],
  );
  const match = candidates.find((candidate) => codeMatches(Buffer.from(candidate.secret, 'hex'), code, now));
  if (!match) throw badField('code', 'The code is wrong or has expired; type the one shown now');

  if (!match.registration_id || match.registration_status === RegistrationStatus.CANCELLED) {
    throw forbidden('You are not registered for this seminar');
  }
  if (match.registration_status === RegistrationStatus.WAITLISTED) throw forbidden('You are on the waitlist: only confirmed registrations check in');
  if (match.seminar_status !== SeminarStatus.PUBLISHED) throw conflict(`The seminar is ${match.seminar_status.toLowerCase()}`, 'code');
  assertInsideCheckInWindow({ startsAt: new Date(match.starts_at), endsAt: new Date(match.ends_at) }, now);

  const registrationId = match.registration_id;
  return inTransaction(ctx, async (tx) => {
    // The registration's row lock orders one person's check-ins to one seminar: the last
    // session's check-in then always sees the others and credits the JP exactly once.
    // raw SQL: FOR UPDATE on the registration row only, without hydrating or flushing the entity
    const [registration] = await tx.em.execute<{ status: string }[]>(
      'SELECT status FROM seminar_registrations WHERE id = ? FOR UPDATE',
      [registrationId],
    );
    if (registration?.status !== RegistrationStatus.CONFIRMED) throw forbidden('Your registration is no longer confirmed');
    const already = await tx.em.count(Attendance, { session: match.session_id, user: userId });
    if (already) throw conflict('You have already checked in to this session', 'code');
    const attendance = tx.em.create(Attendance, {
      session: match.session_id,
      user: userId,
      registration: registrationId,
      method: AttendanceMethod.CODE,
      checkedInAt: now,
    });
    await withUniqueFields(() => tx.em.flush(), {
      seminar_attendances_session_id_user_id_unique: { field: 'code', message: 'You have already checked in to this session' },
    });
    await creditIfEverySessionAttended(tx, match.seminar_id, registrationId, userId);
    return attendance;
  });
}

/**
 * The JP rule of seminars: the seminar's JP (LAN rule or the organizer's value) is credited,
 * with a certificate of attendance, once the learner attended every one of its sessions. Both
 * are keyed by the registration, so crediting again is a no-op (the ledger sees to its part).
 */
async function creditIfEverySessionAttended(tx: Context, seminarId: string, registrationId: string, userId: string): Promise<void> {
  // raw SQL: two counts (sessions, attended) in one round trip inside the lock
  const [counts] = await tx.em.execute<{ sessions: string; attended: string }[]>(
    `SELECT (SELECT count(*) FROM seminar_sessions WHERE seminar_id = ?) AS sessions,
            (SELECT count(*) FROM seminar_attendances a JOIN seminar_sessions ss ON ss.id = a.session_id
              WHERE ss.seminar_id = ? AND a.user_id = ?) AS attended`,
    [seminarId, seminarId, userId],
  );
  if (!attendedEverySession(Number(counts.attended), Number(counts.sessions))) return;
  const seminar = await tx.em.findOneOrFail(Seminar, { id: seminarId });
  const jp = seminarJp(seminar);
  await creditJp(tx.em, { source: JpSource.SEMINAR, sourceId: registrationId, userId, title: seminar.title, jp });
  await issueSeminarCertificate(tx, registrationId, jp);
}
