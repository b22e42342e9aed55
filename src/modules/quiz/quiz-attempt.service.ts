import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badInput, conflict, forbidden, notFound } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { completeCoursesIfDone } from '../completion/course-completion.service';
import { canViewCourse } from '../course/course.policy';
import { enrollmentKey } from '../enrollment/enrollment.loader';
import { MaterialKind } from '../material/material.entity';
import { markMaterialCompleted } from '../progress/material-completion.service';
import { isModuleLockedFor } from '../progress/module-lock.service';
import { AttemptStatus, Quiz, QuizAttempt, QuizQuestion } from './quiz.entity';
import type { QuizAnswerInput } from './quiz.inputs';
import { quizIdOf } from './quiz.loader';
import { canTakeQuizzes, ownsAttempt, TAKING_QUIZZES } from './quiz.policy';
import { takingPartRefusal } from '../enrollment/enrollment.policy';
import { attemptsLeft, checkAnswers, deadlineFor, gradeAttempt, isOpen, quizCompleted } from './quiz.rules';
import { courseOfMaterialId } from '../material/material.service';

/**
 * Starts an attempt, or answers the learner's unfinished one while it can still be submitted,
 * so a retried request (or a second tab) never spends an attempt.
 */
export async function startQuizAttempt(ctx: Context, materialId: string): Promise<QuizAttempt> {
  const caller = ctx.caller;
  if (!canTakeQuizzes(caller)) throw forbidden('Only a signed-in person takes quizzes');
  const material = await ctx.loaders.materialById.load(materialId);
  const module = material && material.kind === MaterialKind.QUIZ ? await ctx.loaders.moduleById.load(material.module.id) : null;
  const course = module ? await ctx.loaders.courseById.load(module.course.id) : null;
  if (!material || !module || !course || !canViewCourse(caller, course)) throw notFound('Quiz');
  const enrollment = await ctx.loaders.enrollmentByUserAndCourse.load(enrollmentKey(caller.userId, course.id));
  const refusal = takingPartRefusal(course, enrollment, TAKING_QUIZZES);
  if (refusal) throw forbidden(refusal);
  const quiz = await ctx.loaders.quizByMaterial.load(material.id);
  if (!quiz) throw conflict('This quiz has no questions yet', 'materialId');
  if (await isModuleLockedFor(ctx, caller.userId, module)) throw conflict('The module is locked until its prerequisite module is complete', 'materialId');

  return inTransaction(ctx, async (tx) => {
    // One learner, one quiz: concurrent starts queue here, so the attempt count cannot be overrun.
    // raw SQL: a transaction-scoped advisory lock (pg_advisory_xact_lock), which the ORM has no API for
    await tx.em.execute(`SELECT pg_advisory_xact_lock(hashtextextended(?::text, 0))`, [`quiz-attempt:${caller.userId}:${material.id}`]);
    const attempts = await tx.em.find(QuizAttempt, { user: caller.userId, quiz: material.id }, { orderBy: { number: 'asc' } });
    const now = new Date();
    const unfinished = attempts.find((attempt) => attempt.status === AttemptStatus.IN_PROGRESS && isOpen(attempt, now));
    if (unfinished) return unfinished;
    if (attemptsLeft(quiz.maxAttempts, attempts.length) === 0) throw conflict('No attempts left for this quiz', 'materialId');
    const questions = await tx.em.find(QuizQuestion, { quiz: material.id }, { orderBy: { position: 'asc' } });
    if (!questions.length) throw conflict('This quiz has no questions yet', 'materialId');
    const attempt = tx.em.create(QuizAttempt, {
      quiz: material.id,
      user: caller.userId,
      number: (attempts.at(-1)?.number ?? 0) + 1,
      startedAt: now,
      deadlineAt: deadlineFor(now, quiz.timeLimitSeconds),
      questionIds: questions.map((question) => question.id),
    });
    await tx.em.flush();
    return attempt;
  });
}

/**
 * Grades a submission on the server under a lock on the attempt row, so of two concurrent
 * submits one grades and the other finds it submitted. An attempt past its deadline (plus the
 * grace period) is refused and stays unsubmitted without a score: it still counts as a used attempt.
 */
export async function submitQuizAttempt(ctx: Context, attemptId: string, answers: QuizAnswerInput[]): Promise<QuizAttempt> {
  const caller = ctx.caller;
  if (!canTakeQuizzes(caller)) throw forbidden('Only a signed-in person takes quizzes');
  if (!isUuid(attemptId)) throw notFound('Quiz attempt');

  return inTransaction(ctx, async (tx) => {
    const attempt = await tx.em.findOne(QuizAttempt, { id: attemptId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!attempt) throw notFound('Quiz attempt');
    if (!ownsAttempt(caller, attempt)) throw forbidden('Only the learner who started an attempt submits it');
    if (attempt.status === AttemptStatus.SUBMITTED) throw conflict('This attempt was already submitted', 'attemptId');
    const now = new Date();
    if (!isOpen(attempt, now)) throw conflict('The time for this attempt is over', 'attemptId');

    const materialId = quizIdOf(attempt.quiz);
    const quiz = await tx.em.findOneOrFail(Quiz, { material: materialId });
    const stored = await tx.em.find(QuizQuestion, { id: { $in: attempt.questionIds } });
    const questions = attempt.questionIds.flatMap((id) => stored.filter((question) => question.id === id));
    const { problems, given } = checkAnswers(questions, answers);
    if (problems.length) throw badInput(problems);

    const grade = gradeAttempt(questions, given, quiz.passMark);
    Object.assign(attempt, grade, { status: AttemptStatus.SUBMITTED, submittedAt: now });
    attempt.answers = Object.fromEntries([...given].map(([id, answer]) => [id, answer.optionIds ?? [answer.text ?? '']]));
    await tx.em.flush();

    const submitted = await tx.em.find(QuizAttempt, { user: caller.userId, quiz: materialId, status: AttemptStatus.SUBMITTED });
    if (quizCompleted(quiz, submitted.map((row) => ({ number: row.number, percent: row.percent ?? 0 })))) {
      await markMaterialCompleted(tx, caller.userId, materialId, now);
      const courseId = (await courseOfMaterialId(tx, materialId))?.id ?? null;
      if (courseId) await completeCoursesIfDone(tx, caller.userId, [courseId]);
    }
    return attempt;
  });
}
