import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { excerpt, messageBodyProblem } from '../../text';
import { type Enrollment, EnrollmentStatus } from '../enrollment/enrollment.entity';
import { staffOfEnrollment } from '../enrollment/enrollment-staff';
import { NotificationKind } from '../notification/notification.entity';
import { notify } from '../notification/notification.service';
import { CoachingNote } from './coaching-note.entity';
import { canCoach, canEditCoachingNote, canReadCoachingNotes } from './coaching.policy';

function checkBody(body: string): void {
  const problem = messageBodyProblem(body);
  if (problem) throw badField('body', problem);
}

/** A note from the learner's staff on their overall progress; the learner is notified in the same transaction. */
export async function addCoachingNote(ctx: Context, enrollmentId: string, body: string): Promise<CoachingNote> {
  const caller = ctx.caller;
  const enrollment = await ctx.loaders.enrollmentById.load(enrollmentId);
  if (!enrollment) throw notFound('Enrollment');
  const staff = await staffOfEnrollment(ctx, enrollment);
  if (!staff || caller?.kind !== 'user' || !canCoach(caller, staff.course, staff.cohortInstructorIds)) {
    throw forbidden('Only the course’s staff and the cohort’s instructors coach its learners');
  }
  if (enrollment.status === EnrollmentStatus.WITHDRAWN) throw conflict('The learner has withdrawn from this course', 'enrollmentId');
  checkBody(body);
  const author = await ctx.loaders.userById.load(caller.userId);

  return inTransaction(ctx, async (tx) => {
    const note = tx.em.create(CoachingNote, { enrollment: enrollment.id, author: caller.userId, body });
    await tx.em.flush();
    await notify(
      tx,
      [enrollment.user.id],
      {
        kind: NotificationKind.COACHING_NOTE,
        title: `Catatan pembinaan baru dari ${author?.name ?? 'pengajar'}`,
        body: excerpt(body),
        enrollmentId: enrollment.id,
        courseId: staff.course.id,
      },
      caller.userId,
    );
    return note;
  });
}

/** Rewrites a note; only its author may, at any time (a note is guidance, not a record under review). */
export async function editCoachingNote(ctx: Context, id: string, body: string): Promise<CoachingNote> {
  const note = await findById(ctx.em, CoachingNote, id);
  if (!note) throw notFound('Coaching note');
  if (!canEditCoachingNote(ctx.caller, note)) throw forbidden('Only its author edits a coaching note');
  checkBody(body);
  note.body = body;
  await ctx.em.flush();
  return note;
}

/** Oldest first. The learner and the staff read them; anyone else who reached the enrollment is refused. */
export async function coachingNotesOf(ctx: Context, enrollment: Enrollment): Promise<CoachingNote[]> {
  const staff = await staffOfEnrollment(ctx, enrollment);
  if (!staff || !canReadCoachingNotes(ctx.caller, enrollment, staff.course, staff.cohortInstructorIds)) {
    throw forbidden('Only the learner and the course’s staff read coaching notes');
  }
  return ctx.loaders.coachingNotesByEnrollment.load(enrollment.id);
}
