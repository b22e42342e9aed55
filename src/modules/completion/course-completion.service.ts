import type { Context } from '../../context';
import { issueCertificate } from '../certificate/certificate.service';
import { JpSource } from '../jp-ledger/jp-ledger-entry.entity';
import { creditJpFacts } from '../jp-ledger/jp-ledger.credits';
import { placeholders } from '../../db/sql';

/**
 * Completes the caller's courses whose required materials are all completed (and, when the
 * course requires it, every classroom session of the cohort attended): the enrollment
 * becomes COMPLETED, the course's JP is credited and a certificate is issued, once each.
 * Runs inside the caller's transaction (`tx`), right after progress was folded.
 */
export async function completeCoursesIfDone(tx: Context, userId: string, courseIds: string[]): Promise<void> {
  const ids = [...new Set(courseIds)];
  if (!ids.length) return;

  // The lock comes before the check: two devices completing different materials at once each
  // wait here for the other's commit, so the later one sees both materials and completes. A row
  // another transaction completed meanwhile no longer matches status = 'ACTIVE' once locked.
  // raw SQL: FOR UPDATE OF e in id order on a join, which the ORM lock options do not express
  const active = await tx.em.execute<{ id: string }[]>(
    `SELECT e.id FROM enrollments e JOIN courses c ON c.id = e.course_id
      WHERE e.user_id = ? AND e.course_id IN (${placeholders(ids.length)}) AND e.status = 'ACTIVE' AND c.status = 'PUBLISHED'
      ORDER BY e.id FOR UPDATE OF e`,
    [userId, ...ids],
  );
  if (!active.length) return;

  // A course without required materials never completes by itself: there is nothing to have done.
  // A blended course that requires classroom attendance also needs a check-in at every session
  // of the learner's cohort (a cohort without sessions, or no cohort, adds nothing).
  // raw SQL: NOT EXISTS subqueries over sessions and attendance per enrollment, in one statement
  const done = await tx.em.execute<{ id: string; user_id: string; title: string; jp: string }[]>(
    `SELECT e.id, e.user_id, c.title, c.jp FROM enrollments e JOIN courses c ON c.id = e.course_id
      WHERE e.id IN (${placeholders(active.length)})
        AND (NOT c.requires_classroom_attendance OR NOT EXISTS (
              SELECT 1 FROM cohort_sessions s
               WHERE s.cohort_id = e.cohort_id
                 AND NOT EXISTS (SELECT 1 FROM cohort_session_attendances a WHERE a.session_id = s.id AND a.user_id = e.user_id)))
        AND EXISTS (SELECT 1 FROM materials m JOIN course_modules cm ON cm.id = m.module_id
                     WHERE cm.course_id = e.course_id AND m.required)
        AND NOT EXISTS (SELECT 1 FROM materials m JOIN course_modules cm ON cm.id = m.module_id
                          LEFT JOIN material_progress mp ON mp.material_id = m.id AND mp.user_id = e.user_id
                         WHERE cm.course_id = e.course_id AND m.required AND mp.status IS DISTINCT FROM 'COMPLETED')`,
    active.map((row) => row.id),
  );
  if (!done.length) return;
  const doneIds = done.map((row) => row.id);

  // raw SQL: a bulk UPDATE of the locked rows with the database clock, without hydrating them
  await tx.em.execute(
    `UPDATE enrollments SET status = 'COMPLETED', completed_at = now(), updated_at = now() WHERE id IN (${placeholders(doneIds.length)})`,
    doneIds,
  );
  // The ledger credits each completion once (keyed by the enrollment), however often it is told.
  await creditJpFacts(
    tx.em,
    done.map((row) => ({ source: JpSource.COURSE, sourceId: row.id, userId: row.user_id, title: row.title, jp: Number(row.jp) })),
  );
  for (const enrollmentId of doneIds) await issueCertificate(tx, enrollmentId);
}
