import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Enrollment } from '../enrollment/enrollment.entity';
import { Role } from '../../identity';
import { CourseEvaluation } from './evaluation.entity';
import { CourseEvaluationReport, EvaluationInput, EvaluationQuestions, InstructorEvaluationSummary } from './evaluation.inputs';
import * as reports from './evaluation-report.service';
import * as evaluations from './evaluation.service';

@Resolver(() => CourseEvaluation)
export class EvaluationResolver {
  @Query(() => EvaluationQuestions, { description: 'The questionnaire a learner answers after completing a course.' })
  evaluationQuestions() {
    return evaluations.evaluationQuestions();
  }

  @Authorized()
  @Mutation(() => CourseEvaluation, {
    description: 'The learner’s one evaluation of a COMPLETED enrollment. Before completion or a second time: CONFLICT.',
  })
  submitCourseEvaluation(
    @Ctx() ctx: Context,
    @Arg('enrollmentId', () => ID) enrollmentId: string,
    @Arg('input', () => EvaluationInput) input: EvaluationInput,
  ) {
    return evaluations.submitCourseEvaluation(ctx, enrollmentId, input);
  }

  @Authorized(Role.INSTRUCTOR)
  @Query(() => InstructorEvaluationSummary, {
    description: 'The caller’s own widyaiswara scores and the penyelenggaraan scores of courses they teach or author: aggregates of at least 5 evaluations only.',
  })
  myTeachingEvaluation(@Ctx() ctx: Context, @Arg('courseId', () => ID, { nullable: true }) courseId?: string) {
    return reports.myTeachingEvaluation(ctx, courseId);
  }

  @Authorized(Role.ADMIN, Role.INSTRUCTOR, Role.PARTNER)
  @Query(() => CourseEvaluationReport, {
    description: 'Admins: aggregates per course and instructor, and anonymous comments. Course authors: the course aggregate only. With a cohort, a group is withheld unless the rest of the course outside the cohort is empty or at least 5 evaluations.',
  })
  courseEvaluationReport(
    @Ctx() ctx: Context,
    @Arg('courseId', () => ID) courseId: string,
    @Arg('cohortId', () => ID, { nullable: true }) cohortId?: string,
  ) {
    return reports.courseEvaluationReport(ctx, courseId, cohortId);
  }
}

@Resolver(() => Enrollment)
export class EnrollmentEvaluationResolver {
  @FieldResolver(() => CourseEvaluation, {
    nullable: true,
    description: 'The learner’s own evaluation of this enrollment; null until submitted, and for anyone but the learner.',
  })
  myEvaluation(@Root() enrollment: Enrollment, @Ctx() ctx: Context) {
    return evaluations.myEvaluation(ctx, enrollment);
  }
}

export const evaluationResolvers = [EvaluationResolver, EnrollmentEvaluationResolver] as const;
