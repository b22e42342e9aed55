import { randomBytes } from 'node:crypto';
import type { TestApp } from '../support/test-app';
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
export async function buildPublishedCourse(t: TestApp, input: Parameters<typeof buildCourse>[1] = {}): Promise<BuiltCourse> {
  const course = await buildCourse(t, input);
  await publishCourse(t, course);
  return { ...course, status: 'PUBLISHED' };
}

/** A cohort of a published course, scheduled by the course's author; open, running from yesterday for 60 days. */
export async function buildCohort(t: TestApp, course: BuiltCourse, values: CohortValues = {}): Promise<BuiltCohort> {
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
  t: TestApp,
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
