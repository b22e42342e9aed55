import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Submission } from '../submission/submission.entity';
import { SubmissionFile } from '../submission/submission-file.entity';
import { User } from '../user/user.entity';
import { Review } from './review.entity';
import { ReviewInput, RubricScore } from './review.inputs';
import { reviewSubmission } from './review-submission.service';
import * as reviews from './review.service';

@Resolver(() => Review)
export class ReviewResolver {
  @Authorized()
  @Mutation(() => Review, {
    description:
      'Staff of the work (course authors, the learner’s cohort instructors): grade with a decision while the attempt awaits review (else CONFLICT), or give feedback only.',
  })
  reviewSubmission(@Ctx() ctx: Context, @Arg('submissionId', () => ID) submissionId: string, @Arg('input', () => ReviewInput) input: ReviewInput) {
    return reviewSubmission(ctx, submissionId, input);
  }

  @FieldResolver(() => User)
  reviewer(@Root() review: Review, @Ctx() ctx: Context) {
    return reviews.reviewerOf(ctx, review);
  }

  @FieldResolver(() => Submission)
  submission(@Root() review: Review, @Ctx() ctx: Context) {
    return reviews.submissionOfReview(ctx, review);
  }

  @FieldResolver(() => [RubricScore])
  rubricScores(@Root() review: Review, @Ctx() ctx: Context) {
    return reviews.rubricScoresOf(ctx, review);
  }

  @FieldResolver(() => SubmissionFile, { nullable: true })
  feedbackFile(@Root() review: Review, @Ctx() ctx: Context) {
    return reviews.feedbackFileOf(ctx, review);
  }
}

export const reviewResolvers = [ReviewResolver] as const;
