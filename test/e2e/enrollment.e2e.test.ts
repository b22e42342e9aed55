import { authorToken, buildCourse, type BuiltCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser, randomNip } from '../builders/identity';
import { buildCohort, buildPublishedCourse, enrolLearner } from '../builders/learning';
import { countRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { startTestApp, type TestApp } from '../support/test-app';

const ENROLL = `mutation ($courseId: ID!, $cohortId: ID) {
  enroll(courseId: $courseId, cohortId: $cohortId) { id status enrolledAt withdrawnAt course { id } cohort { id } user { id } }
}`;
const WITHDRAW = `mutation ($id: ID!) { withdraw(enrollmentId: $id) { id status withdrawnAt } }`;
const ENROLL_LEARNERS = `mutation ($cohortId: ID!, $nips: [String!]!) {
  enrollLearners(cohortId: $cohortId, nips: $nips) {
    enrolled alreadyEnrolled unknownNip invalidNip cohortFull
    entries { nip outcome user { id } enrollment { id status cohort { id } } }
  }
}`;
const ENROLL_AGENCY = `mutation ($cohortId: ID!, $organizationId: ID!) {
  enrollAgency(cohortId: $cohortId, organizationId: $organizationId) { enrolled alreadyEnrolled entries { outcome user { id } } }
}`;
const SEATS = `query ($id: ID!) { cohort(id: $id) { enrolledCount seatsLeft } }`;
const MY_ENROLLMENT = `query ($id: ID) { course(id: $id) { myEnrollment { id status cohort { id } } } }`;

describe('enrollment', () => {
  let t: TestApp;
  let course: BuiltCourse;
  beforeAll(async () => {
    t = await startTestApp();
    course = await buildPublishedCourse(t, { title: 'Manajemen Arsip Dinamis' });
  });
  afterAll(() => t.stop());

  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const asAdmin = async () => ({ token: await t.adminToken() });
  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;
  const enrollmentRows = () => countRows(t.databaseUrl, 'SELECT count(*) FROM enrollments');
  const seats = async (cohortId: string) => (await t.ok(SEATS, { id: cohortId }, await asAdmin())).cohort;

  it('lets a learner enrol themself in a published course, idempotently, and shows it as Course.myEnrollment', async () => {
    const learner = await buildUser(t, { name: 'Rahmat Simanjuntak' });
    const first = (await t.ok(ENROLL, { courseId: course.id }, await as(learner))).enroll;
    expect(first).toMatchObject({ status: 'ACTIVE', withdrawnAt: null, cohort: null, course: { id: course.id }, user: { id: learner.id } });
    const again = (await t.ok(ENROLL, { courseId: course.id }, await as(learner))).enroll;
    expect(again).toEqual(first);

    expect((await t.ok(MY_ENROLLMENT, { id: course.id }, await as(learner))).course.myEnrollment).toMatchObject({ id: first.id });
    expect((await t.ok(MY_ENROLLMENT, { id: course.id }, await as(await buildUser(t)))).course.myEnrollment).toBeNull();
    expect((await t.ok(MY_ENROLLMENT, { id: course.id })).course.myEnrollment).toBeNull();

    // Learning at one's own pace first, then joining a cohort: the same enrollment moves into it.
    const cohort = await buildCohort(t, course);
    const joined = (await t.ok(ENROLL, { courseId: course.id, cohortId: cohort.id }, await as(learner))).enroll;
    expect(joined).toMatchObject({ id: first.id, cohort: { id: cohort.id } });
    expect(await seats(cohort.id)).toEqual({ enrolledCount: 1, seatsLeft: null });
  });

  it('enrols into an open cohort with a free seat and refuses everything else without writing', async () => {
    const cohort = await buildCohort(t, course, { capacity: 1 });
    const learner = await buildUser(t);
    const enrolled = (await t.ok(ENROLL, { courseId: course.id, cohortId: cohort.id }, await as(learner))).enroll;
    expect(enrolled.cohort).toEqual({ id: cohort.id });
    expect((await t.ok(ENROLL, { courseId: course.id, cohortId: cohort.id }, await as(learner))).enroll.id).toBe(enrolled.id);

    const before = await enrollmentRows();
    const other = await as(await buildUser(t));
    const enroll = (vars: Record<string, unknown>, credentials = other) => t.gql(ENROLL, vars, credentials);
    const full = await enroll({ courseId: course.id, cohortId: cohort.id });
    expect(codeOf(full)).toBe('CONFLICT');
    expect(full.errors?.[0].message).toMatch(/full/);

    const closed = await buildCohort(t, course, { enrollmentOpen: false });
    expect(codeOf(await enroll({ courseId: course.id, cohortId: closed.id }))).toBe('CONFLICT');
    const ended = await buildCohort(t, course, { startsOn: '2025-01-06', endsOn: '2025-01-31' });
    expect(codeOf(await enroll({ courseId: course.id, cohortId: ended.id }))).toBe('CONFLICT');

    const otherCourse = await buildPublishedCourse(t);
    const foreign = await buildCohort(t, otherCourse);
    const wrongCourse = await enroll({ courseId: course.id, cohortId: foreign.id });
    expect(codeOf(wrongCourse)).toBe('BAD_USER_INPUT');
    expect(wrongCourse.errors?.[0].extensions?.fields?.[0].field).toBe('cohortId');

    // Already in one cohort of the course: moving to another is refused.
    const second = await buildCohort(t, course);
    expect(codeOf(await enroll({ courseId: course.id, cohortId: second.id }, await as(learner)))).toBe('CONFLICT');

    const draft = await buildCourse(t);
    expect(codeOf(await enroll({ courseId: draft.id }))).toBe('NOT_FOUND');
    expect(codeOf(await enroll({ courseId: draft.id }, await as(draft.author)))).toBe('CONFLICT');
    expect(codeOf(await enroll({ courseId: 'bukan-id' }))).toBe('NOT_FOUND');
    expect(codeOf(await enroll({ courseId: course.id }, {} as never))).toBe('UNAUTHENTICATED');
    expect(await enrollmentRows()).toBe(before);
    expect(await seats(cohort.id)).toEqual({ enrolledCount: 1, seatsLeft: 0 });
  });

  it('gives the last seats of a cohort to exactly as many learners as it has, under concurrent requests', async () => {
    const cohort = await buildCohort(t, course, { capacity: 3 });
    const learners = await Promise.all(Array.from({ length: 8 }, () => buildUser(t)));
    const credentials = await Promise.all(learners.map((learner) => as(learner)));
    const results = await Promise.all(credentials.map((c) => t.gql(ENROLL, { courseId: course.id, cohortId: cohort.id }, c)));

    const succeeded = results.filter((result) => !result.errors);
    const refused = results.filter((result) => result.errors);
    expect(succeeded).toHaveLength(3);
    expect(refused).toHaveLength(5);
    for (const result of refused) {
      expect(codeOf(result)).toBe('CONFLICT');
      expect(result.errors?.[0].message).toMatch(/full/);
    }
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM enrollments WHERE cohort_id = $1 AND status = 'ACTIVE'`, [cohort.id])).toBe(3);
    expect(await seats(cohort.id)).toEqual({ enrolledCount: 3, seatsLeft: 0 });
  });

  it('withdraws for the learner or an admin, once, frees the seat, and reactivates on enrolling again', async () => {
    const cohort = await buildCohort(t, course, { capacity: 1 });
    const learner = await buildUser(t);
    const enrollment = await enrolLearner(t, learner, course, cohort);

    expect(codeOf(await t.gql(WITHDRAW, { id: enrollment.id }, await as(await buildUser(t))))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { id: enrollment.id }, await as(course.author)))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(WITHDRAW, { id: '00000000-0000-4000-8000-000000000000' }, await as(learner)))).toBe('NOT_FOUND');
    expect(await seats(cohort.id)).toEqual({ enrolledCount: 1, seatsLeft: 0 });

    const withdrawn = (await t.ok(WITHDRAW, { id: enrollment.id }, await as(learner))).withdraw;
    expect(withdrawn.status).toBe('WITHDRAWN');
    expect(new Date(withdrawn.withdrawnAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect((await t.ok(WITHDRAW, { id: enrollment.id }, await as(learner))).withdraw).toEqual(withdrawn);
    expect(await seats(cohort.id)).toEqual({ enrolledCount: 0, seatsLeft: 1 });

    const back = (await t.ok(ENROLL, { courseId: course.id, cohortId: cohort.id }, await as(learner))).enroll;
    expect(back).toMatchObject({ id: enrollment.id, status: 'ACTIVE', withdrawnAt: null, cohort: { id: cohort.id } });
    expect((await t.ok(WITHDRAW, { id: enrollment.id }, await asAdmin())).withdraw.status).toBe('WITHDRAWN');

    await enrolLearner(t, learner, course, cohort);
    await withClient(t.databaseUrl, (client) =>
      client.query(`UPDATE enrollments SET status = 'COMPLETED', completed_at = now() WHERE id = $1`, [enrollment.id]),
    );
    expect(codeOf(await t.gql(WITHDRAW, { id: enrollment.id }, await as(learner)))).toBe('CONFLICT');
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM enrollments WHERE id = $1 AND status = 'COMPLETED'`, [enrollment.id])).toBe(1);
    // Enrolling again after completing answers the completed enrollment.
    expect((await t.ok(ENROLL, { courseId: course.id }, await as(learner))).enroll.status).toBe('COMPLETED');
  });

  it('enrols a list of NIPs into a cohort, reporting each distinct entry once', async () => {
    const cohort = await buildCohort(t, course, { capacity: 4 });
    const agency = await buildOrganization(t, { name: 'Dinas Kesehatan Kota Sibolga (uji NIP)' });
    const [already, a, b, c, late] = await Promise.all(Array.from({ length: 5 }, () => buildUser(t, { organizationId: agency.id })));
    const existing = await enrolLearner(t, already, course, cohort);
    const unknown = randomNip();
    const nips = [a.nip, a.nip, ` ${b.nip} `, unknown, '19850101', already.nip, c.nip, late.nip] as string[];

    const { enrollLearners: result } = await t.ok(ENROLL_LEARNERS, { cohortId: cohort.id, nips }, await asAdmin());
    expect(result.entries.map((e: any) => [e.nip, e.outcome])).toEqual([
      [a.nip, 'ENROLLED'],
      [b.nip, 'ENROLLED'],
      [unknown, 'UNKNOWN_NIP'],
      ['19850101', 'INVALID_NIP'],
      [already.nip, 'ALREADY_ENROLLED'],
      [c.nip, 'ENROLLED'],
      [late.nip, 'COHORT_FULL'],
    ]);
    expect(result).toMatchObject({ enrolled: 3, alreadyEnrolled: 1, unknownNip: 1, invalidNip: 1, cohortFull: 1 });
    expect(result.entries[0]).toMatchObject({ user: { id: a.id }, enrollment: { status: 'ACTIVE', cohort: { id: cohort.id } } });
    expect(result.entries[4].enrollment.id).toBe(existing.id);
    expect(result.entries[6]).toMatchObject({ user: { id: late.id }, enrollment: null });
    expect(await seats(cohort.id)).toEqual({ enrolledCount: 4, seatsLeft: 0 });

    // The course's author may do it too; the same list again changes nothing.
    const again = (await t.ok(ENROLL_LEARNERS, { cohortId: cohort.id, nips: [a.nip, c.nip] }, await as(course.author))).enrollLearners;
    expect(again).toMatchObject({ enrolled: 0, alreadyEnrolled: 2 });
  });

  it('refuses bulk enrolment by others, of unpublished courses and of too long lists, writing nothing', async () => {
    const cohort = await buildCohort(t, course);
    const learner = await buildUser(t);
    const before = await enrollmentRows();
    const bulk = (nips: string[], credentials: object) => t.gql(ENROLL_LEARNERS, { cohortId: cohort.id, nips }, credentials);
    expect(codeOf(await bulk([learner.nip as string], await as(learner)))).toBe('FORBIDDEN');
    expect(codeOf(await bulk([learner.nip as string], await as(await buildUser(t, { roles: ['INSTRUCTOR'] }))))).toBe('FORBIDDEN');
    const tooMany = await bulk(Array.from({ length: 1001 }, () => randomNip()), await asAdmin());
    expect(codeOf(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].extensions?.fields?.[0].field).toBe('nips');
    const missing = await t.gql(ENROLL_LEARNERS, { cohortId: '00000000-0000-4000-8000-000000000000', nips: [learner.nip] }, await asAdmin());
    expect(codeOf(missing)).toBe('NOT_FOUND');

    await withClient(t.databaseUrl, (client) => client.query(`UPDATE courses SET status = 'ARCHIVED' WHERE id = $1`, [course.id]));
    try {
      expect(codeOf(await bulk([learner.nip as string], await asAdmin()))).toBe('CONFLICT');
    } finally {
      await withClient(t.databaseUrl, (client) => client.query(`UPDATE courses SET status = 'PUBLISHED' WHERE id = $1`, [course.id]));
    }
    expect(await enrollmentRows()).toBe(before);
  });

  it('enrols every active learner of an agency and its sub-agencies (admins only)', async () => {
    const cohort = await buildCohort(t, course);
    const dinas = await buildOrganization(t, { name: 'Dinas Pendidikan Kota Sibolga (uji)' });
    const upt = await buildOrganization(t, { name: 'UPT SD Negeri 081234 Sibolga (uji)', parentId: dinas.id });
    const members = [await buildUser(t, { organizationId: dinas.id }), await buildUser(t, { organizationId: upt.id }), await buildUser(t, { organizationId: upt.id })];
    await buildUser(t, { organizationId: upt.id, roles: ['INSTRUCTOR'] });
    await buildUser(t);

    expect(codeOf(await t.gql(ENROLL_AGENCY, { cohortId: cohort.id, organizationId: dinas.id }, await as(course.author)))).toBe('FORBIDDEN');
    const { enrollAgency } = await t.ok(ENROLL_AGENCY, { cohortId: cohort.id, organizationId: dinas.id }, await asAdmin());
    expect(enrollAgency.enrolled).toBe(3);
    expect(enrollAgency.entries.map((e: any) => e.user.id).sort()).toEqual(members.map((m) => m.id).sort());
    const again = (await t.ok(ENROLL_AGENCY, { cohortId: cohort.id, organizationId: upt.id }, await asAdmin())).enrollAgency;
    expect(again).toMatchObject({ enrolled: 0, alreadyEnrolled: 2 });
  });
});
