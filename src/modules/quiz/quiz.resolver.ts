import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Cohort } from '../cohort/cohort.entity';
import { Course } from '../course/course.entity';
import { Material } from '../material/material.entity';
import { Role } from '../../identity';
import { Quiz, QuizAttempt, QuizQuestion } from './quiz.entity';
import { CohortLearningGain, LearningGain, QuizAnswerInput, QuizInput, QuizOption, QuizResult, QuizReviewItem } from './quiz.inputs';
import * as attempts from './quiz-attempt.service';
import { setQuiz } from './quiz-authoring.service';
import * as quizzes from './quiz.service';

const AUTHORS = [Role.INSTRUCTOR, Role.PARTNER, Role.ADMIN];

@Resolver()
export class QuizMutationResolver {
  @Authorized(...AUTHORS)
  @Mutation(() => Quiz, { description: 'Replaces the settings and all questions of a QUIZ material of a DRAFT course.' })
  setQuiz(@Ctx() ctx: Context, @Arg('materialId', () => ID) materialId: string, @Arg('input', () => QuizInput) input: QuizInput) {
    return setQuiz(ctx, materialId, input);
  }

  @Authorized()
  @Mutation(() => QuizAttempt, { description: 'Starts an attempt, or answers the unfinished one that can still be submitted.' })
  startQuizAttempt(@Ctx() ctx: Context, @Arg('materialId', () => ID) materialId: string) {
    return attempts.startQuizAttempt(ctx, materialId);
  }

  @Authorized()
  @Mutation(() => QuizAttempt, { description: 'Hands the attempt in once; graded on the server. Late by more than 30 s past the deadline: CONFLICT.' })
  submitQuizAttempt(
    @Ctx() ctx: Context,
    @Arg('attemptId', () => ID) attemptId: string,
    @Arg('answers', () => [QuizAnswerInput]) answers: QuizAnswerInput[],
  ) {
    return attempts.submitQuizAttempt(ctx, attemptId, answers);
  }
}

@Resolver(() => Material)
export class MaterialQuizResolver {
  @FieldResolver(() => Quiz, { nullable: true, description: 'QUIZ materials, once setQuiz has been called.' })
  quiz(@Root() material: Material, @Ctx() ctx: Context) {
    return quizzes.quizOfMaterial(ctx, material);
  }
}

@Resolver(() => Quiz)
export class QuizResolver {
  @FieldResolver(() => Material)
  material(@Root() quiz: Quiz, @Ctx() ctx: Context) {
    return ctx.loaders.materialById.load(quiz.material.id);
  }

  @FieldResolver(() => [QuizQuestion])
  questions(@Root() quiz: Quiz, @Ctx() ctx: Context) {
    return quizzes.questionsOf(ctx, quiz);
  }

  @FieldResolver(() => [QuizAttempt], { description: "The signed-in learner's attempts, first first." })
  myAttempts(@Root() quiz: Quiz, @Ctx() ctx: Context) {
    return quizzes.myAttempts(ctx, quiz);
  }

  @FieldResolver(() => QuizResult, { nullable: true, description: 'Null unless a person is signed in.' })
  myResult(@Root() quiz: Quiz, @Ctx() ctx: Context) {
    return quizzes.myResult(ctx, quiz);
  }
}

@Resolver(() => QuizQuestion)
export class QuizQuestionResolver {
  @FieldResolver(() => [QuizOption], { description: 'Empty for SHORT_ANSWER.' })
  options(@Root() question: QuizQuestion) {
    return quizzes.optionsOf(question);
  }

  @FieldResolver(() => [String], { description: 'Course authors only: correct option ids, or accepted short answers.' })
  answerKey(@Root() question: QuizQuestion, @Ctx() ctx: Context) {
    return quizzes.answerKeyOf(ctx, question);
  }
}

@Resolver(() => QuizAttempt)
export class QuizAttemptResolver {
  @FieldResolver(() => Quiz)
  quiz(@Root() attempt: QuizAttempt, @Ctx() ctx: Context) {
    return quizzes.quizOfAttempt(ctx, attempt);
  }

  @FieldResolver(() => [QuizQuestion], { description: 'The questions of this attempt, in order.' })
  questions(@Root() attempt: QuizAttempt, @Ctx() ctx: Context) {
    return quizzes.attemptQuestions(ctx, attempt);
  }

  @FieldResolver(() => Boolean, { description: 'Not submitted and past its deadline plus the grace period; counts as a used attempt, never scored.' })
  expired(@Root() attempt: QuizAttempt) {
    return quizzes.isExpired(attempt);
  }

  @FieldResolver(() => [QuizReviewItem], { nullable: true, description: 'Answers and the answer key, only after submission and only for its learner.' })
  review(@Root() attempt: QuizAttempt, @Ctx() ctx: Context) {
    return quizzes.reviewOf(ctx, attempt);
  }
}

@Resolver(() => Course)
export class CourseLearningGainResolver {
  @FieldResolver(() => LearningGain, { nullable: true, description: "The signed-in learner's post-test minus pre-test." })
  myLearningGain(@Root() course: Course, @Ctx() ctx: Context) {
    return quizzes.myLearningGain(ctx, course);
  }
}

@Resolver(() => Cohort)
export class CohortLearningGainResolver {
  @FieldResolver(() => CohortLearningGain, { description: 'Course staff only.' })
  learningGain(@Root() cohort: Cohort, @Ctx() ctx: Context) {
    return quizzes.cohortLearningGain(ctx, cohort);
  }
}

export const quizResolvers = [
  QuizMutationResolver,
  MaterialQuizResolver,
  QuizResolver,
  QuizQuestionResolver,
  QuizAttemptResolver,
  CourseLearningGainResolver,
  CohortLearningGainResolver,
] as const;
