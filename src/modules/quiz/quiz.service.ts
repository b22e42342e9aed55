import type { Context } from '../../context';
import { forbidden } from '../../errors';
import type { Cohort } from '../cohort/cohort.entity';
import type { Course } from '../course/course.entity';
import { type Material, MaterialKind } from '../material/material.entity';
import { AttemptStatus, type Quiz, type QuizAttempt, QuestionKind, type QuizQuestion, ScorePolicy } from './quiz.entity';
import type { CohortLearningGain, LearningGain, QuizOption, QuizResult, QuizReviewItem } from './quiz.inputs';
import { quizIdOf } from './quiz.loader';
import { canSeeAnswerKey, canTakeQuizzes, canViewCohortGain, ownsAttempt } from './quiz.policy';
import { attemptsLeft, effectivePercent, gradeQuestion, isOpen, quizCompleted } from './quiz.rules';
import { courseOfMaterialId } from '../material/material.service';

/** The read side of quizzes: what learners and authors may see, always through the request's loaders. */

export async function quizOfMaterial(ctx: Context, material: Material): Promise<Quiz | null> {
  return material.kind === MaterialKind.QUIZ ? ctx.loaders.quizByMaterial.load(material.id) : null;
}

export function questionsOf(ctx: Context, quiz: Quiz): Promise<QuizQuestion[]> {
  return ctx.loaders.questionsByQuiz.load(quiz.material.id);
}

/** Options carry only id and text: which are correct stays on the server. */
export function optionsOf(question: QuizQuestion): QuizOption[] {
  return question.options.map((option) => ({ id: option.id, text: option.text }));
}

/** Correct option ids, or the accepted short answers; for the course's authors only. */
export async function answerKeyOf(ctx: Context, question: QuizQuestion): Promise<string[]> {
  const course = await courseOfMaterialId(ctx, quizIdOf(question.quiz));
  if (!course || !canSeeAnswerKey(ctx.caller, course)) throw forbidden('Only the course’s authors see the answer key');
  return question.correct;
}

export async function myAttempts(ctx: Context, quiz: Quiz): Promise<QuizAttempt[]> {
  if (!canTakeQuizzes(ctx.caller)) return [];
  return ctx.loaders.quizzesOf(ctx.caller.userId).attemptsByQuiz.load(quiz.material.id);
}

export async function myResult(ctx: Context, quiz: Quiz): Promise<QuizResult | null> {
  if (!canTakeQuizzes(ctx.caller)) return null;
  const attempts = await myAttempts(ctx, quiz);
  const scored = attempts
    .filter((attempt) => attempt.status === AttemptStatus.SUBMITTED)
    .map((attempt) => ({ number: attempt.number, percent: attempt.percent ?? 0 }));
  return {
    bestPercent: effectivePercent(scored, ScorePolicy.BEST),
    lastPercent: effectivePercent(scored, ScorePolicy.LAST),
    passed: quizCompleted(quiz, scored),
    attemptsLeft: attemptsLeft(quiz.maxAttempts, attempts.length),
  };
}

export function quizOfAttempt(ctx: Context, attempt: QuizAttempt): Promise<Quiz | null> {
  return ctx.loaders.quizByMaterial.load(quizIdOf(attempt.quiz));
}

/** The attempt's questions in the order they were given (questions replaced since then are gone). */
export async function attemptQuestions(ctx: Context, attempt: QuizAttempt): Promise<QuizQuestion[]> {
  const questions = await ctx.loaders.questionsByQuiz.load(quizIdOf(attempt.quiz));
  return attempt.questionIds.flatMap((id) => questions.filter((question) => question.id === id));
}

export function isExpired(attempt: QuizAttempt, now = new Date()): boolean {
  return attempt.status === AttemptStatus.IN_PROGRESS && !isOpen(attempt, now);
}

/** Answers and the key, once the attempt is handed in and only to its learner: never while it can still change. */
export async function reviewOf(ctx: Context, attempt: QuizAttempt): Promise<QuizReviewItem[] | null> {
  if (attempt.status !== AttemptStatus.SUBMITTED || !ownsAttempt(ctx.caller, attempt)) return null;
  const questions = await attemptQuestions(ctx, attempt);
  return questions.map((question) => {
    const answer = attempt.answers?.[question.id] ?? [];
    const short = question.kind === QuestionKind.SHORT_ANSWER;
    const given = short ? { text: answer[0] ?? '' } : { optionIds: answer };
    const pointsAwarded = gradeQuestion(question, given);
    return {
      questionId: question.id,
      chosenOptionIds: short ? [] : answer,
      text: short ? (answer[0] ?? null) : null,
      correctOptionIds: short ? [] : question.correct,
      acceptedAnswers: short ? question.correct : [],
      pointsAwarded,
      points: question.points,
      correct: pointsAwarded === question.points,
    };
  });
}

export async function myLearningGain(ctx: Context, course: Course): Promise<LearningGain | null> {
  if (!canTakeQuizzes(ctx.caller)) return null;
  return ctx.loaders.quizzesOf(ctx.caller.userId).gainByCourse.load(course.id);
}

export async function cohortLearningGain(ctx: Context, cohort: Cohort): Promise<CohortLearningGain> {
  const [course, instructors] = await Promise.all([ctx.loaders.courseById.load(cohort.course.id), ctx.loaders.instructorsByCohort.load(cohort.id)]);
  const staff = instructors.map((user) => user.id);
  if (!course || !canViewCohortGain(ctx.caller, course, staff)) throw forbidden('Only the course’s staff see a cohort’s learning gain');
  return ctx.loaders.learningGainByCohort.load(cohort.id);
}
