import type { ApiUnderTest } from '../support/test-app';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from './catalogue';
import { buildOrganization, buildUser, type BuiltUser } from './identity';
import { buildCohort, type BuiltCohort, completeCourseAs, enrolLearner } from './learning';

export const COURSE_CODES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
export const INSTRUCTOR_CODES = ['W1', 'W2', 'W3', 'W4', 'W5'];

const SUBMIT = `mutation ($enrollmentId: ID!, $input: EvaluationInput!) {
  submitCourseEvaluation(enrollmentId: $enrollmentId, input: $input) { id }
}`;

/** What one learner answers: one score for every question (course and widyaiswara alike) and a comment. */
export interface LearnerAnswer {
  score: number;
  comment: string | null;
}

export interface EvaluatedCourse {
  course: BuiltCourse;
  /** The widyaiswara teaching every cohort; every learner of a cohort evaluates them. */
  widyaiswara: BuiltUser;
  cohorts: BuiltCohort[];
}

/**
 * A published course whose learners have completed and evaluated it: `cohorts[i]` learners in
 * cohort i, and `selfPaced` learners without a cohort (they evaluate only the course). `answer`
 * gives learner `index` of cohort `cohort` (null: self-paced) their scores and comment.
 */
export async function buildEvaluatedCourse(
  t: ApiUnderTest,
  shape: { title: string; cohorts: number[]; selfPaced?: number },
  answer: (cohort: number | null, index: number) => LearnerAnswer,
): Promise<EvaluatedCourse> {
  const author = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Rahmat Pasaribu' });
  const widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dra. Hotmauli Sitompul' });
  const course = await buildCourse(t, { author, title: shape.title });
  const module = await buildModule(t, course, { title: 'Modul 1' });
  await buildMaterial(t, course, module.id, 'TEXT', { title: 'Bacaan' });
  await publishCourse(t, course);
  // Learners of one office: their agency makes no difference to evaluations.
  const office = await buildOrganization(t, { kind: 'AGENCY' });
  const cohorts: BuiltCohort[] = [];
  for (const size of shape.cohorts) {
    const cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
    cohorts.push(cohort);
    for (let index = 0; index < size; index += 1) {
      await evaluate(t, course, cohort, answer(cohorts.length - 1, index), widyaiswara, office.id);
    }
  }
  for (let index = 0; index < (shape.selfPaced ?? 0); index += 1) {
    await evaluate(t, course, undefined, answer(null, index), widyaiswara, office.id);
  }
  return { course, widyaiswara, cohorts };
}

async function evaluate(
  t: ApiUnderTest,
  course: BuiltCourse,
  cohort: BuiltCohort | undefined,
  { score, comment }: LearnerAnswer,
  widyaiswara: BuiltUser,
  organizationId: string,
): Promise<void> {
  const learner = await buildUser(t, { organizationId });
  await enrolLearner(t, learner, course, cohort);
  const enrollment = await completeCourseAs(t, learner, course);
  const likert = (codes: string[]) => codes.map((questionCode) => ({ questionCode, score }));
  const input = {
    courseAnswers: likert(COURSE_CODES),
    instructorAnswers: cohort ? [{ instructorId: widyaiswara.id, answers: likert(INSTRUCTOR_CODES) }] : [],
    comment,
  };
  await t.ok(SUBMIT, { enrollmentId: enrollment.id, input }, { token: await authorToken(learner) });
}
