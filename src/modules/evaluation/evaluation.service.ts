import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { inTransaction } from '../../db/transaction';
import { badInput, conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { Cohort } from '../cohort/cohort.entity';
import { Course } from '../course/course.entity';
import { Enrollment, EnrollmentStatus } from '../enrollment/enrollment.entity';
import { User } from '../user/user.entity';
import { CourseEvaluation, EvaluationAnswer } from './evaluation.entity';
import type { EvaluationInput, EvaluationQuestions } from './evaluation.inputs';
import { ownsEnrollment } from './evaluation.policy';
import { COURSE_QUESTIONS, INSTRUCTOR_QUESTIONS, LIKERT_LABELS } from './evaluation.questions';
import { checkEvaluation } from './evaluation.rules';

// Two submits of the same enrollment at once both pass the check below; the unique
// enrollment_id lets exactly one insert through and the other learns it was too late.
const EVALUATED_ALREADY = 'This enrollment has already been evaluated';
const ALREADY_EVALUATED = { course_evaluations_enrollment_id_unique: { field: 'enrollmentId', message: EVALUATED_ALREADY } };

export function evaluationQuestions(): EvaluationQuestions {
  return {
    courseQuestions: COURSE_QUESTIONS.map((question) => ({ ...question })),
    instructorQuestions: INSTRUCTOR_QUESTIONS.map((question) => ({ ...question })),
    scale: LIKERT_LABELS.map((label, index) => ({ score: index + 1, label })),
  };
}

/**
 * The learner's one evaluation of a completed enrollment: the course's questions and, for the
 * instructors of their cohort they choose to rate, the instructor questions. All or nothing.
 */
export async function submitCourseEvaluation(ctx: Context, enrollmentId: string, input: EvaluationInput): Promise<CourseEvaluation> {
  return inTransaction(ctx, async (tx) => {
    const enrollment = await findById(tx.em, Enrollment, enrollmentId);
    if (!enrollment) throw notFound('Enrollment');
    const caller = tx.caller;
    if (!ownsEnrollment(caller, enrollment)) throw forbidden('Only the enrollment’s learner evaluates it');
    if (enrollment.status !== EnrollmentStatus.COMPLETED) throw conflict('The course can be evaluated once it is completed', 'enrollmentId');
    if (await tx.em.count(CourseEvaluation, { enrollment: enrollment.id })) throw conflict(EVALUATED_ALREADY, 'enrollmentId');

    const instructors = enrollment.cohort ? await tx.loaders.instructorsByCohort.load(enrollment.cohort.id) : [];
    const { problems, answers, comment } = checkEvaluation(input, instructors.map((user) => user.id));
    if (problems.length) throw badInput(problems);

    const evaluation = tx.em.create(CourseEvaluation, {
      enrollment: enrollment.id,
      course: tx.em.getReference(Course, enrollment.course.id),
      cohort: enrollment.cohort ? tx.em.getReference(Cohort, enrollment.cohort.id) : undefined,
      comment: comment ?? undefined,
      submittedAt: new Date(),
    });
    for (const answer of answers) {
      tx.em.create(EvaluationAnswer, {
        evaluation,
        instructor: answer.instructorId ? tx.em.getReference(User, answer.instructorId) : undefined,
        questionCode: answer.questionCode,
        score: answer.score,
      });
    }
    await withUniqueFields(() => tx.em.flush(), ALREADY_EVALUATED);
    return evaluation;
  });
}

/** Whether (and when) the caller evaluated their own enrollment; null for anyone else's. */
export async function myEvaluation(ctx: Context, enrollment: Enrollment): Promise<CourseEvaluation | null> {
  if (!ownsEnrollment(ctx.caller, enrollment)) return null;
  return ctx.loaders.evaluationByEnrollment.load(enrollment.id);
}
