import { Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Course } from '../course/course.entity';
import { Submission } from '../submission/submission.entity';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { reviewQueue, waitingSeconds } from './review-queue.service';
import { CourseTurnaround, InstructorTurnaround, ReviewQueueArgs, ReviewTurnaroundReport, SubmissionConnection, TurnaroundArgs } from './review-queue.types';
import { reviewTurnaround } from './turnaround.service';

const REVIEWERS = [Role.INSTRUCTOR, Role.ADMIN];

@Resolver()
export class ReviewQueueResolver {
  @Authorized(...REVIEWERS)
  @Query(() => SubmissionConnection, {
    description: 'Attempts waiting for a decision in the cohorts you teach (and untaught work of your organization’s courses), oldest first.',
  })
  reviewQueue(@Ctx() ctx: Context, @Args(() => ReviewQueueArgs) args: ReviewQueueArgs) {
    return reviewQueue(ctx, args);
  }

  @Authorized(...REVIEWERS)
  @Query(() => ReviewTurnaroundReport, { description: 'Time from submission to decision, per reviewer and per course.' })
  reviewTurnaround(@Ctx() ctx: Context, @Args(() => TurnaroundArgs) args: TurnaroundArgs) {
    return reviewTurnaround(ctx, args);
  }
}

@Resolver(() => Submission)
export class SubmissionWaitingResolver {
  @FieldResolver(() => Int, { nullable: true, description: 'Seconds waiting for a decision; null once decided or superseded.' })
  waitingSeconds(@Root() submission: Submission) {
    return waitingSeconds(submission);
  }
}

@Resolver(() => InstructorTurnaround)
export class InstructorTurnaroundResolver {
  @FieldResolver(() => User)
  instructor(@Root() row: InstructorTurnaround, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(row.instructorId);
  }
}

@Resolver(() => CourseTurnaround)
export class CourseTurnaroundResolver {
  @FieldResolver(() => Course)
  course(@Root() row: CourseTurnaround, @Ctx() ctx: Context) {
    return ctx.loaders.courseById.load(row.courseId);
  }
}

export const reviewQueueResolvers = [ReviewQueueResolver, SubmissionWaitingResolver, InstructorTurnaroundResolver, CourseTurnaroundResolver] as const;
