import { LockMode, ref } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badField, badInput, conflict, forbidden, notFound } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { assignmentIdOf } from '../assignment/assignment.loader';
import { checkReview } from '../assignment/assignment.rules';
import { completeCoursesIfDone } from '../completion/course-completion.service';
import { NotificationKind } from '../notification/notification.entity';
import { notify } from '../notification/notification.service';
import { markMaterialCompleted } from '../progress/material-completion.service';
import { scopeOfWork } from '../submission/submission-access.service';
import { Submission, SubmissionStatus } from '../submission/submission.entity';
import { SubmissionFile, SubmissionFilePurpose } from '../submission/submission-file.entity';
import { isStaffOfWork } from '../submission/submission.policy';
import { Review, ReviewDecision } from './review.entity';
import type { ReviewInput } from './review.inputs';

const NOTIFICATION_BODY_LENGTH = 280;

/**
 * Grades an attempt or gives feedback on it. A decision is taken only while the attempt awaits
 * review, checked under the submission's row lock: of two reviewers deciding at once, the
 * second waits, then finds it decided and gets CONFLICT. Accepting completes the material and,
 * when it was the last required one, the course.
 */
export async function reviewSubmission(ctx: Context, submissionId: string, input: ReviewInput): Promise<Review> {
  const caller = ctx.caller;
  if (caller?.kind !== 'user') throw forbidden('Only a signed-in person reviews work');
  const submission = await ctx.loaders.submissionById.load(submissionId);
  if (!submission) throw notFound('Submission');
  const scope = await scopeOfWork(ctx, submission);
  if (!scope || !isStaffOfWork(caller, scope.course, scope.instructorIds)) {
    throw forbidden('Only the course’s staff and the learner’s cohort instructors review this work');
  }
  const materialId = assignmentIdOf(submission.assignment);
  const [assignment, material] = await Promise.all([ctx.loaders.assignmentByMaterial.load(materialId), ctx.loaders.materialById.load(materialId)]);
  if (!assignment || !material) throw notFound('Submission');
  const { problems, review: checked } = checkReview(assignment, input);
  const feedbackFileId = input.feedbackFileId?.toLowerCase() ?? null;
  if (feedbackFileId && !isUuid(feedbackFileId)) problems.push({ field: 'input.feedbackFileId', message: 'feedbackFileId is an id from completeReviewFileUpload' });
  if (problems.length) throw badInput(problems);
  const decision = input.decision ?? null;

  return inTransaction(ctx, async (tx) => {
    const locked = await tx.em.findOne(Submission, { id: submission.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!locked) throw notFound('Submission');
    if (decision && locked.status !== SubmissionStatus.AWAITING_REVIEW) {
      throw conflict(`This attempt is ${locked.status}; only an attempt awaiting review can be decided`, 'submissionId');
    }
    // Locked too, so one feedback file goes with one review even when two are saved at once.
    const file = feedbackFileId
      ? await tx.em.findOne(SubmissionFile, { id: feedbackFileId, submission: locked.id, purpose: SubmissionFilePurpose.FEEDBACK }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
      : null;
    if (feedbackFileId && (!file || file.review)) throw badField('input.feedbackFileId', 'Not a feedback file of this submission that no review has used yet');

    const now = new Date();
    const review = tx.em.create(Review, {
      submission: locked,
      reviewer: caller.userId,
      decision: decision ?? undefined,
      score: checked.score ?? undefined,
      rubricScores: checked.rubricScores,
      comment: checked.comment ?? undefined,
    });
    if (file) file.review = ref(review);
    if (decision) {
      locked.status = decision === ReviewDecision.ACCEPTED ? SubmissionStatus.ACCEPTED : SubmissionStatus.NEEDS_REVISION;
      locked.decidedAt = now;
    }
    await tx.em.flush();

    const learnerId = locked.learner.id;
    if (decision === ReviewDecision.ACCEPTED) {
      await markMaterialCompleted(tx, learnerId, materialId, now);
      await completeCoursesIfDone(tx, learnerId, [scope.course.id]);
    }
    const title = material.title;
    const graded = checked.score === null ? '' : ` (nilai ${checked.score}/${assignment.maxScore})`;
    const message =
      decision === ReviewDecision.ACCEPTED
        ? { kind: NotificationKind.SUBMISSION_ACCEPTED, title: `Tugas "${title}" diterima${graded}` }
        : decision === ReviewDecision.NEEDS_REVISION
          ? { kind: NotificationKind.REVISION_REQUESTED, title: `Tugas "${title}" perlu direvisi${graded}` }
          : { kind: NotificationKind.NEW_FEEDBACK, title: `Umpan balik baru untuk tugas "${title}"` };
    await notify(
      tx,
      [learnerId],
      {
        ...message,
        body: checked.comment?.slice(0, NOTIFICATION_BODY_LENGTH),
        submissionId: locked.id,
        enrollmentId: scope.enrollment.id,
        courseId: scope.course.id,
      },
      caller.userId,
    );
    return review;
  });
}
