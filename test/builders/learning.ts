import { randomBytes } from 'node:crypto';
import type { ApiUnderTest } from '../support/test-app';
import { authorToken, buildCourse, type BuiltCourse, publishCourse } from './catalogue';
import type { BuiltUser } from './identity';

const unique = () => randomBytes(2).toString('hex').toUpperCase();

/** YYYY-MM-DD, `days` from today (UTC; cohorts in the tests span weeks, so the zone does not matter). */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export interface BuiltCohort {
  id: string;
  name: string;
  capacity: number | null;
  course: BuiltCourse;
}

export interface CohortValues {
  name?: string;
  startsOn?: string;
  endsOn?: string;
  timeZone?: string;
  capacity?: number | null;
  enrollmentOpen?: boolean;
  instructorIds?: string[];
}

export function cohortInput(values: CohortValues = {}) {
  return {
    name: `Angkatan ${unique()} Tahun 2026`,
    startsOn: dayFromToday(-1),
    endsOn: dayFromToday(60),
    capacity: null,
    enrollmentOpen: true,
    ...values,
  };
}

/** A PUBLISHED course (built and published when not given). */
export async function buildPublishedCourse(t: ApiUnderTest, input: Parameters<typeof buildCourse>[1] = {}): Promise<BuiltCourse> {
  const course = await buildCourse(t, input);
  await publishCourse(t, course);
  return { ...course, status: 'PUBLISHED' };
}

/** A cohort of a published course, scheduled by the course's author; open, running from yesterday for 60 days. */
export async function buildCohort(t: ApiUnderTest, course: BuiltCourse, values: CohortValues = {}): Promise<BuiltCohort> {
  const data = await t.ok<{ createCohort: { id: string; name: string; capacity: number | null } }>(
    `mutation ($courseId: ID!, $input: CohortInput!) { createCohort(courseId: $courseId, input: $input) { id name capacity } }`,
    { courseId: course.id, input: cohortInput(values) },
    { token: await authorToken(course.author) },
  );
  return { ...data.createCohort, course };
}

export interface BuiltEnrollment {
  id: string;
  status: string;
}

/** The learner enrols themself in the course (and the cohort, when given). */
export async function enrolLearner(
  t: ApiUnderTest,
  learner: BuiltUser,
  course: { id: string },
  cohort?: { id: string },
): Promise<BuiltEnrollment> {
  const data = await t.ok<{ enroll: BuiltEnrollment }>(
    `mutation ($courseId: ID!, $cohortId: ID) { enroll(courseId: $courseId, cohortId: $cohortId) { id status } }`,
    { courseId: course.id, cohortId: cohort?.id },
    { token: await authorToken(learner) },
  );
  return data.enroll;
}

const COURSE_MATERIALS = `query ($id: ID) { course(id: $id) { modules { materials { id kind required } } } }`;
const RECORD_PROGRESS = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { refused } }`;
const MY_ENROLLMENT = `query ($id: ID) { course(id: $id) { myEnrollment { id status } } }`;

/**
 * The enrolled learner completes the published course: a COMPLETED event for each required
 * material a device may complete (courses whose required materials include a quiz or an
 * assignment need those graded first). Answers the now COMPLETED enrollment.
 */
export async function completeCourseAs(t: ApiUnderTest, learner: BuiltUser, course: { id: string }): Promise<BuiltEnrollment> {
  const token = await authorToken(learner);
  const { course: found } = await t.ok<{ course: { modules: { materials: { id: string; kind: string; required: boolean }[] }[] } }>(
    COURSE_MATERIALS,
    { id: course.id },
    { token },
  );
  const occurredAt = new Date().toISOString();
  const events = found.modules
    .flatMap((module) => module.materials)
    .filter((material) => material.required && material.kind !== 'QUIZ' && material.kind !== 'ASSIGNMENT')
    .map((material) => ({ id: crypto.randomUUID(), materialId: material.id, occurredAt, kind: 'COMPLETED' }));
  const recorded = await t.ok<{ recordProgress: { refused: number } }>(RECORD_PROGRESS, { events }, { token });
  if (recorded.recordProgress.refused) throw new Error(`completeCourseAs: ${recorded.recordProgress.refused} progress events refused`);
  const { course: after } = await t.ok<{ course: { myEnrollment: BuiltEnrollment | null } }>(MY_ENROLLMENT, { id: course.id }, { token });
  if (after.myEnrollment?.status !== 'COMPLETED') throw new Error(`completeCourseAs: the enrollment is ${after.myEnrollment?.status ?? 'missing'}, not COMPLETED`);
  return after.myEnrollment;
}
