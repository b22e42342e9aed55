import type { Context } from '../../context';
import { assignmentIdOf } from '../assignment/assignment.loader';
import type { Submission } from '../submission/submission.entity';
import type { SubmissionFile } from '../submission/submission-file.entity';
import type { User } from '../user/user.entity';
import type { Review, RubricScoreData } from './review.entity';
import type { RubricScore } from './review.inputs';

/** The read side of reviews, through the request's loaders. */

export function reviewerOf(ctx: Context, review: Review): Promise<User | null> {
  return ctx.loaders.userById.load(review.reviewer.id);
}

export function submissionOfReview(ctx: Context, review: Review): Promise<Submission | null> {
  return ctx.loaders.submissionById.load(review.submission.id);
}

export function feedbackFileOf(ctx: Context, review: Review): Promise<SubmissionFile | null> {
  return ctx.loaders.feedbackFileByReview.load(review.id);
}

/** The chosen levels with the titles the rubric gives them now. */
export async function rubricScoresOf(ctx: Context, review: Review): Promise<RubricScore[]> {
  const scores: RubricScoreData[] = review.rubricScores;
  if (!scores.length) return [];
  const submission = await submissionOfReview(ctx, review);
  const assignment = submission ? await ctx.loaders.assignmentByMaterial.load(assignmentIdOf(submission.assignment)) : null;
  return scores.map((score) => {
    const criterion = assignment?.rubric.find((candidate) => candidate.id === score.criterionId);
    const level = criterion?.levels.find((candidate) => candidate.id === score.levelId);
    return { ...score, criterion: criterion?.title ?? null, level: level?.title ?? null };
  });
}
