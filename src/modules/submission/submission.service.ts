import type { Context } from '../../context';
import { forbidden } from '../../errors';
import type { Assignment } from '../assignment/assignment.entity';
import { assignmentIdOf } from '../assignment/assignment.loader';
import type { Cohort } from '../cohort/cohort.entity';
import type { Course } from '../course/course.entity';
import type { Material } from '../material/material.entity';
import { courseOfMaterialId } from '../material/material.service';
import type { Review } from '../review/review.entity';
import type { User } from '../user/user.entity';
import { canSeeSubmission } from './submission-access.service';
import type { Submission } from './submission.entity';
import type { SubmissionFile } from './submission-file.entity';

/** The read side of submissions, always through the request's loaders. */

/** Its learner and staff of the work see a submission; anyone else is refused. Unknown ids answer null. */
export async function findSubmission(ctx: Context, id: string): Promise<Submission | null> {
  const submission = await ctx.loaders.submissionById.load(id);
  if (!submission) return null;
  if (!(await canSeeSubmission(ctx, submission))) throw forbidden('Only the learner and the staff of this work see it');
  return submission;
}

export function learnerOf(ctx: Context, submission: Submission): Promise<User | null> {
  return ctx.loaders.userById.load(submission.learner.id);
}

export function assignmentOf(ctx: Context, submission: Submission): Promise<Assignment | null> {
  return ctx.loaders.assignmentByMaterial.load(assignmentIdOf(submission.assignment));
}

export function materialOf(ctx: Context, submission: Submission): Promise<Material | null> {
  return ctx.loaders.materialById.load(assignmentIdOf(submission.assignment));
}

export function courseOf(ctx: Context, submission: Submission): Promise<Course | null> {
  return courseOfMaterialId(ctx, assignmentIdOf(submission.assignment));
}

/** The cohort the work was handed in under (through its enrollment); null outside any cohort. */
export async function cohortOf(ctx: Context, submission: Submission): Promise<Cohort | null> {
  const enrollment = await ctx.loaders.enrollmentById.load(submission.enrollment.id);
  return enrollment?.cohort ? ctx.loaders.cohortById.load(enrollment.cohort.id) : null;
}

export function filesOf(ctx: Context, submission: Submission): Promise<SubmissionFile[]> {
  return ctx.loaders.workFilesBySubmission.load(submission.id);
}

export function reviewsOf(ctx: Context, submission: Submission): Promise<Review[]> {
  return ctx.loaders.reviewsBySubmission.load(submission.id);
}
