import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { assignmentIdOf } from '../assignment/assignment.loader';
import { excerpt, messageBodyProblem } from '../../text';
import { NotificationKind } from '../notification/notification.entity';
import { notify } from '../notification/notification.service';
import { scopeOfWork, type WorkScope } from '../submission/submission-access.service';
import type { Submission } from '../submission/submission.entity';
import { ownsWork } from '../submission/submission.policy';
import { reviewersOf } from '../submission/submit-assignment.service';
import { SubmissionComment } from './comment.entity';
import { canTakePartInThread, isCommentAuthor } from './comment.policy';
import { EDIT_WINDOW_MS, withinEditWindow } from './comment.rules';

function checkBody(body: string): void {
  const problem = messageBodyProblem(body);
  if (problem) throw badField('body', problem);
}

/** The staff of a submission's work, or null when the caller may not take part in its thread. */
async function threadAccess(ctx: Context, submission: Submission): Promise<WorkScope | null> {
  const scope = await scopeOfWork(ctx, submission);
  return scope && canTakePartInThread(ctx.caller, submission, scope.course, scope.instructorIds) ? scope : null;
}

/**
 * A comment in a submission's thread by its learner or the staff of the work. Staff writing
 * tells the learner (NEW_FEEDBACK); the learner writing tells the staff already in the
 * conversation (reviewers, commenters), or else those told the work was waiting (NEW_COMMENT).
 */
export async function commentOnSubmission(ctx: Context, submissionId: string, body: string): Promise<SubmissionComment> {
  const caller = ctx.caller;
  const submission = await ctx.loaders.submissionById.load(submissionId);
  if (!submission) throw notFound('Submission');
  const scope = await threadAccess(ctx, submission);
  if (!scope || caller?.kind !== 'user') throw forbidden('Only the learner and the staff of this work comment on it');
  checkBody(body);
  const fromLearner = ownsWork(caller, submission);
  const [author, material] = await Promise.all([ctx.loaders.userById.load(caller.userId), ctx.loaders.materialById.load(assignmentIdOf(submission.assignment))]);
  const name = author?.name ?? (fromLearner ? 'Peserta' : 'Pengajar');
  // The assignment is a material and cascades with it, so it is there; the fallback only keeps the type honest.
  const work = `tugas “${material?.title ?? 'Tugas'}”`;

  return inTransaction(ctx, async (tx) => {
    const comment = tx.em.create(SubmissionComment, { submission: submission.id, author: caller.userId, body });
    await tx.em.flush();
    const message = { body: excerpt(body), submissionId: submission.id, enrollmentId: scope.enrollment.id, courseId: scope.course.id };
    if (fromLearner) {
      const inConversation = await staffInConversation(tx, submission);
      // Before anyone answered, the question goes where the hand-in went: the cohort's instructors,
      // or the course organization's instructors when there are none.
      const recipients = inConversation.length ? inConversation : await reviewersOf(tx, scope.enrollment, scope.course);
      await notify(tx, recipients, { ...message, kind: NotificationKind.NEW_COMMENT, title: `${name} menulis komentar pada ${work}` }, caller.userId);
    } else {
      await notify(tx, [submission.learner.id], { ...message, kind: NotificationKind.NEW_FEEDBACK, title: `Komentar baru dari ${name} pada ${work}` }, caller.userId);
    }
    return comment;
  });
}

/** Staff who reviewed the submission or wrote in its thread: the people a learner's answer is for. */
async function staffInConversation(tx: Context, submission: Submission): Promise<string[]> {
  // raw SQL: a UNION of two tables for the ids only
  const rows = await tx.em.execute<{ user_id: string }[]>(
    `SELECT reviewer_id AS user_id FROM reviews WHERE submission_id = ?
     UNION
     SELECT author_id AS user_id FROM submission_comments WHERE submission_id = ? AND author_id <> ?`,
    [submission.id, submission.id, submission.learner.id],
  );
  return rows.map((row) => row.user_id);
}

/** Its author only, within the edit window; the thread shows that it was edited. */
export async function editComment(ctx: Context, id: string, body: string): Promise<SubmissionComment> {
  const comment = await findById(ctx.em, SubmissionComment, id);
  if (!comment) throw notFound('Comment');
  if (!isCommentAuthor(ctx.caller, comment)) throw forbidden('Only its author edits a comment');
  if (!withinEditWindow(comment.createdAt)) {
    throw conflict(`A comment can be edited for ${EDIT_WINDOW_MS / 60_000} minutes after it was written`, 'id');
  }
  checkBody(body);
  comment.body = body;
  comment.editedAt = new Date();
  await ctx.em.flush();
  return comment;
}

/** The thread, oldest first, for the learner and the staff of the work. */
export async function commentsOf(ctx: Context, submission: Submission): Promise<SubmissionComment[]> {
  if (!(await threadAccess(ctx, submission))) throw forbidden('Only the learner and the staff of this work read its thread');
  return ctx.loaders.commentsBySubmission.load(submission.id);
}

/** Whether the caller may still edit the comment: their own, within the window. */
export function isEditable(ctx: Context, comment: SubmissionComment, now = new Date()): boolean {
  return isCommentAuthor(ctx.caller, comment) && withinEditWindow(comment.createdAt, now);
}
