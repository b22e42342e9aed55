import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Cohort } from '../cohort/cohort.entity';
import { cohortLearnerProgress, myLearning } from './learning.service';
import { CohortLearner, LearningDashboard } from './learning.types';

@Resolver(() => LearningDashboard)
export class LearningResolver {
  @Authorized()
  @Query(() => LearningDashboard, { description: 'The caller’s enrollments with progress and next material, and JP this year against the target.' })
  myLearning(@Ctx() ctx: Context) {
    return myLearning(ctx);
  }
}

@Resolver(() => Cohort)
export class CohortLearnerProgressResolver {
  @FieldResolver(() => [CohortLearner], { description: 'Course staff only: each learner’s percent, last activity, and who is stuck.' })
  learnerProgress(@Root() cohort: Cohort, @Ctx() ctx: Context, @Arg('stuckAfterDays', () => Int, { defaultValue: 7 }) stuckAfterDays: number) {
    return cohortLearnerProgress(ctx, cohort, stuckAfterDays);
  }
}

export const learningResolvers = [LearningResolver, CohortLearnerProgressResolver] as const;
