import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, type BuiltCohort, enrolLearner } from '../builders/learning';
import { selectRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

const ADD_SESSION = `mutation ($cohortId: ID!, $input: CohortSessionInput!) {
  addCohortSession(cohortId: $cohortId, input: $input) { id title startsAt endsAt timeZone venue instructor { id } cohort { id } }
}`;
const REMOVE_SESSION = `mutation ($id: ID!) { removeCohortSession(id: $id) }`;
const OPEN = `mutation ($sessionId: ID!) { openAttendance(sessionId: $sessionId) { sessionId code expiresAt checkInOpensAt checkInClosesAt qrPngDataUrl } }`;
const CHECK_IN = `mutation ($code: String!) { checkInToClassroom(code: $code) { id method checkedInAt session { id title } } }`;
const COHORT_SESSIONS = `query ($id: ID!) { cohort(id: $id) { sessions { id title venue instructor { id } } } }`;
const RECORD_PROGRESS = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { refused } }`;
const MY_SCHEDULE = `{ mySchedule { kind sessionId title venue timeZone cohort { id } seminar { id } } }`;
const MY_ENROLLMENT = `query ($id: ID) { course(id: $id) { myEnrollment { id status } } }`;

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
/** Codes change on whole minutes: two asks in the last seconds of one could straddle it. */
async function clearOfRotation(): Promise<void> {
  const intoStep = Date.now() % 60_000;
  if (intoStep > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoStep + 250));
}

describe('blended courses: classroom sessions of a cohort, check-in and attendance as a completion requirement', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
  });
  afterAll(() => t.stop());

  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });

  interface Blended {
    course: BuiltCourse;
    materialId: string;
    instructor: BuiltUser;
    cohort: BuiltCohort;
  }

  /** A published BLENDED course with one required material and a cohort taught by a widyaiswara of another agency. */
  async function blendedCourse(requiresClassroomAttendance: boolean): Promise<Blended> {
    const course = await buildCourse(t, { deliveryMode: 'BLENDED', jp: 12 });
    const module = await buildModule(t, course);
    const material = await buildMaterial(t, course, module.id, 'TEXT');
    const updated = await t.ok<{ updateCourse: { requiresClassroomAttendance: boolean } }>(
      `mutation ($id: ID!, $input: UpdateCourseInput!) { updateCourse(id: $id, input: $input) { requiresClassroomAttendance } }`,
      { id: course.id, input: { requiresClassroomAttendance } },
      await as(course.author),
    );
    expect(updated.updateCourse.requiresClassroomAttendance).toBe(requiresClassroomAttendance);
    await publishCourse(t, course);
    const instructor = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Drs. Widyaiswara Sibolga' });
    const cohort = await buildCohort(t, course, { instructorIds: [instructor.id] });
    return { course, materialId: material.id, instructor, cohort };
  }

  const sessionInput = (instructorId: string, overrides: Record<string, unknown> = {}) => ({
    title: 'Pertemuan 1: Standar Pelayanan Publik',
    startsAt: minutesFromNow(-5),
    endsAt: minutesFromNow(90),
    venue: 'Aula Kantor Wali Kota Sibolga',
    instructorId,
    ...overrides,
  });
  const addSession = async (b: Blended, overrides: Record<string, unknown> = {}) =>
    (await t.ok<{ addCohortSession: { id: string; timeZone: string } }>(ADD_SESSION, { cohortId: b.cohort.id, input: sessionInput(b.instructor.id, overrides) }, await as(b.course.author)))
      .addCohortSession;
  const openCode = async (b: Blended, sessionId: string) =>
    (await t.ok<{ openAttendance: { code: string } }>(OPEN, { sessionId }, await as(b.instructor))).openAttendance.code;
  const completeMaterial = async (learner: BuiltUser, materialId: string) => {
    const events = [{ id: crypto.randomUUID(), materialId, occurredAt: new Date().toISOString(), kind: 'COMPLETED' }];
    const recorded = await t.ok<{ recordProgress: { refused: number } }>(RECORD_PROGRESS, { events }, await as(learner));
    expect(recorded.recordProgress.refused).toBe(0);
  };
  const enrollmentStatus = async (learner: BuiltUser, courseId: string) =>
    (await t.ok<{ course: { myEnrollment: { status: string } | null } }>(MY_ENROLLMENT, { id: courseId }, await as(learner))).course.myEnrollment?.status;
  const courseCredits = (learner: BuiltUser) =>
    selectRows<{ jp: string }>(t.databaseUrl, `SELECT jp FROM jp_ledger_entries WHERE user_id = $1 AND source = 'COURSE'`, [learner.id]);

  it('lets the course’s author add a session taught by the cohort’s instructor, listed on the cohort', async () => {
    const b = await blendedCourse(false);
    const session = await addSession(b);
    expect(session.timeZone).toBe('Asia/Jakarta');
    const { cohort } = await t.ok<{ cohort: { sessions: { id: string; venue: string; instructor: { id: string } }[] } }>(
      COHORT_SESSIONS,
      { id: b.cohort.id },
      await as(b.course.author),
    );
    expect(cohort.sessions).toEqual([{ id: session.id, title: 'Pertemuan 1: Standar Pelayanan Publik', venue: 'Aula Kantor Wali Kota Sibolga', instructor: { id: b.instructor.id } }]);
  });

  it('refuses bad sessions naming each field, and strangers', async () => {
    const b = await blendedCourse(false);
    const outsider = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const bad = await t.gql(
      ADD_SESSION,
      { cohortId: b.cohort.id, input: sessionInput(outsider.id, { startsAt: minutesFromNow(60), endsAt: minutesFromNow(30), timeZone: 'Mars/Olympus' }) },
      await as(b.course.author),
    );
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(errorFields(bad)).toEqual(['input.endsAt', 'input.timeZone', 'input.instructorId']);
    const stranger = await t.gql(ADD_SESSION, { cohortId: b.cohort.id, input: sessionInput(b.instructor.id) }, await as(outsider));
    expect(errorCode(stranger)).toBe('FORBIDDEN');
    const { cohort } = await t.ok<{ cohort: { sessions: unknown[] } }>(COHORT_SESSIONS, { id: b.cohort.id }, await as(b.course.author));
    expect(cohort.sessions).toEqual([]);
  });

  it('lets the instructor open attendance; an enrolled learner checks in once, a learner of another cohort is refused', async () => {
    const b = await blendedCourse(false);
    const session = await addSession(b);
    const learner = await buildUser(t);
    const otherLearner = await buildUser(t);
    await enrolLearner(t, learner, b.course, b.cohort);
    const otherCohort = await buildCohort(t, b.course, { instructorIds: [b.instructor.id] });
    await enrolLearner(t, otherLearner, b.course, otherCohort);

    const learnerOpening = await t.gql(OPEN, { sessionId: session.id }, await as(learner));
    expect(errorCode(learnerOpening)).toBe('FORBIDDEN');
    await clearOfRotation();
    const code = await openCode(b, session.id);
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(await openCode(b, session.id)).toBe(code);

    const refused = await t.gql(CHECK_IN, { code }, await as(otherLearner));
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const checked = await t.ok<{ checkInToClassroom: { method: string; session: { id: string } } }>(CHECK_IN, { code: code.toLowerCase() }, await as(learner));
    expect(checked.checkInToClassroom).toMatchObject({ method: 'CODE', session: { id: session.id } });
    const twice = await t.gql(CHECK_IN, { code }, await as(learner));
    expect(errorCode(twice)).toBe('CONFLICT');
    const wrong = await t.gql(CHECK_IN, { code: 'ZZZZZZ' === code ? 'YYYYYY' : 'ZZZZZZ' }, await as(learner));
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');

    const removal = await t.gql(REMOVE_SESSION, { id: session.id }, await as(b.course.author));
    expect(errorCode(removal)).toBe('CONFLICT');
  });

  it('refuses a check-in before the window opens and removes a session nobody attended', async () => {
    const b = await blendedCourse(false);
    const later = await addSession(b, { startsAt: minutesFromNow(180), endsAt: minutesFromNow(240) });
    const learner = await buildUser(t);
    await enrolLearner(t, learner, b.course, b.cohort);
    const code = await openCode(b, later.id);
    const early = await t.gql(CHECK_IN, { code }, await as(learner));
    expect(errorCode(early)).toBe('CONFLICT');
    expect((await t.ok<{ removeCohortSession: boolean }>(REMOVE_SESSION, { id: later.id }, await as(b.course.author))).removeCohortSession).toBe(true);
  });

  it('with requiresClassroomAttendance, keeps a learner who finished the materials ACTIVE until every session is attended', async () => {
    const b = await blendedCourse(true);
    const first = await addSession(b);
    const second = await addSession(b, { title: 'Pertemuan 2: Inovasi Pelayanan' });
    const learner = await buildUser(t);
    await enrolLearner(t, learner, b.course, b.cohort);

    await t.ok(CHECK_IN, { code: await openCode(b, first.id) }, await as(learner));
    await completeMaterial(learner, b.materialId);
    expect(await enrollmentStatus(learner, b.course.id)).toBe('ACTIVE');
    expect(await courseCredits(learner)).toEqual([]);

    await t.ok(CHECK_IN, { code: await openCode(b, second.id) }, await as(learner));
    expect(await enrollmentStatus(learner, b.course.id)).toBe('COMPLETED');
    expect((await courseCredits(learner)).map((row) => Number(row.jp))).toEqual([12]);
  });

  it('without the flag, completing the materials completes the course whatever the sessions', async () => {
    const b = await blendedCourse(false);
    await addSession(b);
    const learner = await buildUser(t);
    await enrolLearner(t, learner, b.course, b.cohort);
    await completeMaterial(learner, b.materialId);
    expect(await enrollmentStatus(learner, b.course.id)).toBe('COMPLETED');
    expect((await courseCredits(learner)).map((row) => Number(row.jp))).toEqual([12]);
  });

  it('with the flag but a cohort without sessions, the materials alone complete the course', async () => {
    const b = await blendedCourse(true);
    const learner = await buildUser(t);
    await enrolLearner(t, learner, b.course, b.cohort);
    await completeMaterial(learner, b.materialId);
    expect(await enrollmentStatus(learner, b.course.id)).toBe('COMPLETED');
  });

  it('lists the classroom sessions of the learner’s cohort in mySchedule, and not another cohort’s', async () => {
    const b = await blendedCourse(false);
    const session = await addSession(b, { startsAt: minutesFromNow(24 * 60), endsAt: minutesFromNow(24 * 60 + 120) });
    const learner = await buildUser(t);
    const otherLearner = await buildUser(t);
    await enrolLearner(t, learner, b.course, b.cohort);
    const otherCohort = await buildCohort(t, b.course, { instructorIds: [b.instructor.id] });
    await enrolLearner(t, otherLearner, b.course, otherCohort);

    const mine = (await t.ok<{ mySchedule: unknown[] }>(MY_SCHEDULE, {}, await as(learner))).mySchedule;
    expect(mine).toEqual([
      {
        kind: 'CLASSROOM_SESSION',
        sessionId: session.id,
        title: expect.stringContaining('Pertemuan 1: Standar Pelayanan Publik'),
        venue: 'Aula Kantor Wali Kota Sibolga',
        timeZone: 'Asia/Jakarta',
        cohort: { id: b.cohort.id },
        seminar: null,
      },
    ]);
    expect((await t.ok<{ mySchedule: unknown[] }>(MY_SCHEDULE, {}, await as(otherLearner))).mySchedule).toEqual([]);
  });
});
