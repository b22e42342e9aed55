import { authorToken, buildCourse, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, buildPublishedCourse, cohortInput, dayFromToday, enrolLearner } from '../builders/learning';
import { countRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE = `mutation ($courseId: ID!, $input: CohortInput!) {
  createCohort(courseId: $courseId, input: $input) {
    id name startsOn endsOn timeZone capacity enrollmentOpen enrolledCount seatsLeft course { id } instructors { id }
  }
}`;
const UPDATE = `mutation ($id: ID!, $input: CohortInput!) { updateCohort(id: $id, input: $input) { id name capacity seatsLeft enrollmentOpen instructors { id } } }`;
const COHORT = `query ($id: ID!) { cohort(id: $id) { id name timeZone enrolledCount seatsLeft course { id } instructors { id } } }`;
const LEARNERS = `query ($id: ID!) {
  cohort(id: $id) {
    id name enrolledCount seatsLeft instructors { name }
    enrollments(first: 100) { totalCount edges { node { id status enrolledAt user { name nip organization { name } } course { title } cohort { name } } } }
  }
}`;

const COURSE_COHORTS = `query ($id: ID) { course(id: $id) { id title cohorts { id name startsOn course { id } } } }`;
const ORGANIZATION_COHORTS = `query ($organizationId: ID!) {
  courses(first: 100, filter: { organizationId: $organizationId }) {
    edges { node { id cohorts { id name startsOn endsOn enrolledCount seatsLeft course { id title } instructors { name } } } }
  }
}`;

describe('cohorts', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let widyaiswara: BuiltUser;
  let learner: BuiltUser;
  beforeAll(async () => {
    t = await startTestApp();
    course = await buildPublishedCourse(t, { title: 'Pelayanan Publik Prima' });
    // A widyaiswara from the training centre, teaching a course owned by an agency.
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dra. Rosmawati Siregar' });
    learner = await buildUser(t, { name: 'Budi Hutagalung' });
  });
  afterAll(() => t.stop());

  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const codeOf = (result: { errors?: { extensions?: { code?: string } }[] }) => result.errors?.[0]?.extensions?.code;
  const fieldsOf = (result: { errors?: { extensions?: { fields?: { field: string }[] } }[] }) =>
    result.errors?.[0]?.extensions?.fields?.map((f) => f.field);
  const cohortCount = () => countRows(t.databaseUrl, 'SELECT count(*) FROM cohorts');

  it('lets a course author schedule a cohort of a published course, with instructors and seats', async () => {
    const input = cohortInput({ name: 'Angkatan I Tahun 2026', capacity: 30, instructorIds: [widyaiswara.id] });
    delete (input as { timeZone?: string }).timeZone;
    const { createCohort: cohort } = await t.ok(CREATE, { courseId: course.id, input }, await as(course.author));
    expect(cohort).toMatchObject({
      name: 'Angkatan I Tahun 2026',
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      timeZone: 'Asia/Jakarta',
      capacity: 30,
      enrollmentOpen: true,
      enrolledCount: 0,
      seatsLeft: 30,
      course: { id: course.id },
      instructors: [{ id: widyaiswara.id }],
    });
    const unlimited = await buildCohort(t, course, { timeZone: 'asia/makassar' });
    const { cohort: read } = await t.ok(COHORT, { id: unlimited.id }, { token: await t.adminToken() });
    expect(read).toMatchObject({ timeZone: 'Asia/Makassar', seatsLeft: null, enrolledCount: 0 });
  });

  it('refuses bad schedules, strangers and unpublished courses, and writes nothing', async () => {
    const before = await cohortCount();
    const author = await as(course.author);
    const create = (input: object, credentials = author, courseId = course.id) =>
      t.gql(CREATE, { courseId, input: cohortInput(input) }, credentials);

    const backwards = await create({ startsOn: '2026-03-10', endsOn: '2026-03-09' });
    expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(backwards)).toEqual(['endsOn']);
    expect(fieldsOf(await create({ startsOn: '2026-02-30' }))).toEqual(['startsOn']);
    expect(fieldsOf(await create({ timeZone: 'Asia/Sibolga' }))).toEqual(['timeZone']);
    expect(codeOf(await create({ capacity: 0 }))).toBe('BAD_USER_INPUT');
    const notInstructor = await create({ instructorIds: [learner.id] });
    expect(fieldsOf(notInstructor)).toEqual(['instructorIds']);

    expect(codeOf(await create({}, await as(learner)))).toBe('FORBIDDEN');
    const otherAgencyInstructor = await buildUser(t, { roles: ['INSTRUCTOR'] });
    expect(codeOf(await create({}, await as(otherAgencyInstructor)))).toBe('FORBIDDEN');
    expect(codeOf(await create({}, {} as never))).toBe('UNAUTHENTICATED');

    const draft = await buildCourse(t, { author: course.author });
    expect(codeOf(await create({}, author, draft.id))).toBe('CONFLICT');
    expect(codeOf(await create({}, author, '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(await cohortCount()).toBe(before);
  });

  it('updates a cohort, but never below the seats already taken', async () => {
    const cohort = await buildCohort(t, course, { capacity: 5 });
    const a = await buildUser(t);
    const b = await buildUser(t);
    await enrolLearner(t, a, course, cohort);
    await enrolLearner(t, b, course, cohort);

    const author = await as(course.author);
    const tooSmall = await t.gql(UPDATE, { id: cohort.id, input: cohortInput({ name: cohort.name, capacity: 1 }) }, author);
    expect(codeOf(tooSmall)).toBe('CONFLICT');
    expect(fieldsOf(tooSmall)).toEqual(['capacity']);

    const { updateCohort } = await t.ok(
      UPDATE,
      { id: cohort.id, input: cohortInput({ name: 'Angkatan II Tahun 2026', capacity: 2, enrollmentOpen: false, instructorIds: [widyaiswara.id] }) },
      author,
    );
    expect(updateCohort).toMatchObject({ name: 'Angkatan II Tahun 2026', capacity: 2, seatsLeft: 0, enrollmentOpen: false });
    expect(updateCohort.instructors).toEqual([{ id: widyaiswara.id }]);
    const unlimited = await t.ok(UPDATE, { id: cohort.id, input: cohortInput({ name: 'Angkatan II', capacity: null }) }, author);
    expect(unlimited.updateCohort).toMatchObject({ capacity: null, seatsLeft: null, instructors: [{ id: widyaiswara.id }] });

    expect(codeOf(await t.gql(UPDATE, { id: cohort.id, input: cohortInput() }, await as(widyaiswara)))).toBe('FORBIDDEN');
    const backwards = await t.gql(UPDATE, { id: cohort.id, input: cohortInput({ startsOn: dayFromToday(5), endsOn: dayFromToday(1) }) }, author);
    expect(fieldsOf(backwards)).toEqual(['endsOn']);
  });

  it('shows a cohort and its learners to course staff only', async () => {
    const cohort = await buildCohort(t, course, { capacity: 10, instructorIds: [widyaiswara.id] });
    const enrolled = await buildUser(t, { name: 'Siti Pasaribu' });
    await enrolLearner(t, enrolled, course, cohort);

    for (const staff of [await as(course.author), await as(widyaiswara), { token: await t.adminToken() }]) {
      const { cohort: read } = await t.ok(LEARNERS, { id: cohort.id }, staff);
      expect(read).toMatchObject({ enrolledCount: 1, seatsLeft: 9, enrollments: { totalCount: 1 } });
      expect(read.enrollments.edges[0].node).toMatchObject({ status: 'ACTIVE', user: { name: 'Siti Pasaribu' } });
    }
    const otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'] });
    for (const outsider of [await as(learner), await as(enrolled), await as(otherInstructor), {}]) {
      expect((await t.ok(COHORT, { id: cohort.id }, outsider)).cohort).toBeNull();
    }
    expect((await t.ok(COHORT, { id: 'bukan-id' }, { token: await t.adminToken() })).cohort).toBeNull();

    // The learner sees their own cohort through the enrollment, but not who else is in it.
    const mine = await t.gql(
      `query ($id: ID) { course(id: $id) { myEnrollment { status cohort { name enrollments { totalCount } } } } }`,
      { id: course.id },
      await as(enrolled),
    );
    expect(codeOf(mine)).toBe('FORBIDDEN');
    expect(mine.data?.course.myEnrollment.cohort).toMatchObject({ name: cohort.name, enrollments: null });
  });

  it('answers a cohort’s learners in the same number of SQL statements for 2 and for 12 learners', async () => {
    async function cohortWith(learners: number) {
      const cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
      for (let i = 0; i < learners; i += 1) {
        const agency = await buildOrganization(t);
        await enrolLearner(t, await buildUser(t, { organizationId: agency.id }), course, cohort);
      }
      return cohort;
    }
    const small = await cohortWith(2);
    const large = await cohortWith(12);
    const token = await t.adminToken();
    const few = await t.gql(LEARNERS, { id: small.id }, { token });
    const many = await t.gql(LEARNERS, { id: large.id }, { token });
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect(few.data.cohort.enrollments.totalCount).toBe(2);
    expect(many.data.cohort.enrollments.edges).toHaveLength(12);
    expect(many.data.cohort.enrollments.edges.every((e: any) => e.node.user.organization.name && e.node.cohort.name)).toBe(true);
    expect(few.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });

  it('lists a course’s cohorts, latest first, to its staff and refuses learners and outsiders', async () => {
    // A course whose listed instructors include a widyaiswara from the training centre (another organization).
    const listed = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Drs. Marulak Simatupang' });
    const draft = await buildCourse(t, { title: 'Tata Naskah Dinas' });
    await t.ok(`mutation ($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { id } }`, {
      id: draft.id,
      input: { instructorIds: [draft.author.id, listed.id] },
    }, await as(draft.author));
    await publishCourse(t, draft);
    const first = await buildCohort(t, draft, { name: 'Angkatan I', startsOn: dayFromToday(-30), endsOn: dayFromToday(-1), instructorIds: [widyaiswara.id] });
    const second = await buildCohort(t, draft, { name: 'Angkatan II', startsOn: dayFromToday(10), endsOn: dayFromToday(40) });
    const enrolled = await buildUser(t);
    await enrolLearner(t, enrolled, draft, second);

    for (const staff of [await as(draft.author), { token: await t.adminToken() }]) {
      const { course: read } = await t.ok(COURSE_COHORTS, { id: draft.id }, staff);
      expect(read.cohorts.map((c: { name: string }) => c.name)).toEqual(['Angkatan II', 'Angkatan I']);
      expect(read.cohorts[0]).toMatchObject({ id: second.id, startsOn: dayFromToday(10), course: { id: draft.id } });
    }
    // A cohort's own instructor sees the cohort they teach; a listed instructor of the course those they may open (none here).
    expect((await t.ok(COURSE_COHORTS, { id: draft.id }, await as(widyaiswara))).course.cohorts).toEqual([
      { id: first.id, name: 'Angkatan I', startsOn: dayFromToday(-30), course: { id: draft.id } },
    ]);
    expect((await t.ok(COURSE_COHORTS, { id: draft.id }, await as(listed))).course.cohorts).toEqual([]);

    const otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'] });
    for (const outsider of [await as(enrolled), await as(learner), await as(otherInstructor)]) {
      const refused = await t.gql(COURSE_COHORTS, { id: draft.id }, outsider);
      expect(codeOf(refused)).toBe('FORBIDDEN');
      // The rest of the course still answers: only the list is withheld.
      expect(refused.data?.course).toMatchObject({ id: draft.id, title: 'Tata Naskah Dinas', cohorts: null });
    }
    expect(codeOf(await t.gql(COURSE_COHORTS, { id: draft.id }, {}))).toBe('UNAUTHENTICATED');
  });

  it('answers many courses’ cohorts in the same number of SQL statements as one course’s', async () => {
    async function organizationWith(courses: number, cohortsPerCourse: number) {
      const author = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: (await buildOrganization(t)).id });
      for (let c = 0; c < courses; c += 1) {
        const built = await buildPublishedCourse(t, { author });
        for (let i = 0; i < cohortsPerCourse; i += 1) {
          const cohort = await buildCohort(t, built, { capacity: 10, instructorIds: [widyaiswara.id] });
          if (i === 0) await enrolLearner(t, await buildUser(t), built, cohort);
        }
      }
      return author.organizationId;
    }
    const small = await organizationWith(1, 1);
    const large = await organizationWith(4, 3);
    for (const caller of [{ token: await t.adminToken() }, await as(widyaiswara)]) {
      const few = await t.gql(ORGANIZATION_COHORTS, { organizationId: small }, caller);
      const many = await t.gql(ORGANIZATION_COHORTS, { organizationId: large }, caller);
      expect(few.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      const cohortsOf = (result: any) => result.data.courses.edges.flatMap((e: any) => e.node.cohorts);
      expect(cohortsOf(few)).toHaveLength(1);
      expect(cohortsOf(many)).toHaveLength(12);
      expect(cohortsOf(many).every((c: any) => c.course.title && c.instructors[0].name === widyaiswara.name)).toBe(true);
      expect(cohortsOf(many).filter((c: any) => c.enrolledCount === 1 && c.seatsLeft === 9)).toHaveLength(4);
      expect(few.extensions?.sqlStatements).toBeGreaterThan(0);
      expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
    }
  });
});
