import { authorToken, type BuiltCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, buildPublishedCourse, type BuiltCohort, type BuiltEnrollment, enrolLearner } from '../builders/learning';
import { countRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

const ADD = `mutation ($enrollmentId: ID!, $body: String!) {
  addCoachingNote(enrollmentId: $enrollmentId, body: $body) { id body createdAt updatedAt author { id name } enrollment { id } }
}`;
const EDIT = `mutation ($id: ID!, $body: String!) { editCoachingNote(id: $id, body: $body) { id body updatedAt } }`;
const MY_NOTES = `query ($id: ID) { course(id: $id) { myEnrollment { id coachingNotes { id body author { name } } } } }`;
const COHORT_NOTES = `query ($id: ID!) { cohort(id: $id) { enrollments(first: 100) { edges { node { id user { id } coachingNotes { id body } } } } } }`;
const INBOX = `{ unreadNotificationCount notifications(first: 10) { edges { node { kind title body read submissionId course { id } enrollment { id } } } } }`;

describe('coaching notes', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let cohort: BuiltCohort;
  let widyaiswara: BuiltUser;
  let otherInstructor: BuiltUser;
  let learner: BuiltUser;
  let classmate: BuiltUser;
  let enrollment: BuiltEnrollment;
  let classmateEnrollment: BuiltEnrollment;

  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const noteCount = () => countRows(t.databaseUrl, 'SELECT count(*) FROM coaching_notes');
  const notificationCount = () => countRows(t.databaseUrl, 'SELECT count(*) FROM notifications');

  beforeAll(async () => {
    t = await startTestApp();
    course = await buildPublishedCourse(t, { title: 'Manajemen Kinerja ASN' });
    // A widyaiswara on loan from another organization teaches the cohort.
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dra. Rosmawati Siregar' });
    otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Ir. Darwin Pasaribu' });
    cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
    learner = await buildUser(t, { name: 'Budi Hutagalung' });
    classmate = await buildUser(t, { name: 'Sri Rahayu Nababan' });
    enrollment = await enrolLearner(t, learner, course, cohort);
    classmateEnrollment = await enrolLearner(t, classmate, course, cohort);
  });
  afterAll(() => t.stop());

  it('lets the cohort’s instructor coach a learner, who reads the note and is notified', async () => {
    const body = '## Kemajuan Anda\nBagus sekali, **modul 2** sudah selesai. Lanjutkan ke studi kasus.';
    const { addCoachingNote: note } = await t.ok(ADD, { enrollmentId: enrollment.id, body }, await as(widyaiswara));
    expect(note).toMatchObject({ body, author: { id: widyaiswara.id, name: 'Dra. Rosmawati Siregar' }, enrollment: { id: enrollment.id } });

    const mine = await t.ok(MY_NOTES, { id: course.id }, await as(learner));
    expect(mine.course.myEnrollment.coachingNotes).toEqual([{ id: note.id, body, author: { name: 'Dra. Rosmawati Siregar' } }]);

    const inbox = await t.ok(INBOX, {}, await as(learner));
    expect(inbox.unreadNotificationCount).toBe(1);
    expect(inbox.notifications.edges[0].node).toEqual({
      kind: 'COACHING_NOTE',
      title: 'Catatan pembinaan baru dari Dra. Rosmawati Siregar',
      body: '## Kemajuan Anda Bagus sekali, **modul 2** sudah selesai. Lanjutkan ke studi kasus.',
      read: false,
      submissionId: null,
      course: { id: course.id },
      enrollment: { id: enrollment.id },
    });
    // The author is not notified of their own note, and the classmate hears nothing.
    expect((await t.ok(INBOX, {}, await as(widyaiswara))).unreadNotificationCount).toBe(0);
    expect((await t.ok(INBOX, {}, await as(classmate))).unreadNotificationCount).toBe(0);
  });

  it('lets the course’s author and an admin coach too; notes come oldest first, only to their learner', async () => {
    const first = await t.ok(ADD, { enrollmentId: classmateEnrollment.id, body: 'Perhatikan tenggat tugas minggu ini.' }, await as(course.author));
    const second = await t.ok(ADD, { enrollmentId: classmateEnrollment.id, body: 'Terima kasih, tugas sudah lengkap.' }, { token: await t.adminToken() });

    const mine = await t.ok(MY_NOTES, { id: course.id }, await as(classmate));
    expect(mine.course.myEnrollment.coachingNotes.map((n: { id: string }) => n.id)).toEqual([first.addCoachingNote.id, second.addCoachingNote.id]);

    // Staff see every learner's notes on the cohort's list.
    const staffView = await t.ok(COHORT_NOTES, { id: cohort.id }, await as(widyaiswara));
    const byLearner = new Map(staffView.cohort.enrollments.edges.map((e: any) => [e.node.user.id, e.node.coachingNotes.length]));
    expect(byLearner.get(learner.id)).toBe(1);
    expect(byLearner.get(classmate.id)).toBe(2);
  });

  it('refuses the learner themself, a classmate, an instructor of another course and a partner system, writing nothing', async () => {
    const before = [await noteCount(), await notificationCount()];
    for (const someone of [learner, classmate, otherInstructor]) {
      const refused = await t.gql(ADD, { enrollmentId: enrollment.id, body: 'Catatan dari orang lain.' }, await as(someone));
      expect(errorCode(refused)).toBe('FORBIDDEN');
    }
    const key = await t.ok(
      'mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Sistem Kepegawaian") { secret } }',
      { o: course.organizationId },
      { token: await t.adminToken() },
    );
    const apiKey = key.createApiKey.secret as string;
    expect(errorCode(await t.gql(ADD, { enrollmentId: enrollment.id, body: 'Dari sistem mitra.' }, { apiKey }))).toBe('FORBIDDEN');
    // The partner system of the course's organization may list the cohort's learners, but not read their coaching.
    const partnerView = await t.gql(COHORT_NOTES, { id: cohort.id }, { apiKey });
    expect(errorCode(partnerView)).toBe('FORBIDDEN');
    expect(partnerView.errors?.[0]?.path).toContain('coachingNotes');
    expect([await noteCount(), await notificationCount()]).toEqual(before);

    expect(errorCode(await t.gql(ADD, { enrollmentId: '00000000-0000-4000-8000-000000000000', body: 'Catatan.' }, await as(widyaiswara)))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(ADD, { enrollmentId: 'bukan-id', body: 'Catatan.' }, await as(widyaiswara)))).toBe('NOT_FOUND');
  });

  it('takes 1 to 10,000 characters of Markdown, naming the body field otherwise', async () => {
    const before = await noteCount();
    for (const body of ['', '   \n\t', 'a'.repeat(10_001)]) {
      const refused = await t.gql(ADD, { enrollmentId: enrollment.id, body }, await as(widyaiswara));
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorFields(refused)).toEqual(['body']);
    }
    expect(await noteCount()).toBe(before);
    const longest = await t.ok(ADD, { enrollmentId: enrollment.id, body: 'a'.repeat(10_000) }, await as(widyaiswara));
    expect(longest.addCoachingNote.body).toHaveLength(10_000);
  });

  it('lets only its author edit a note', async () => {
    const { addCoachingNote: note } = await t.ok(ADD, { enrollmentId: enrollment.id, body: 'Catatan awal.' }, await as(widyaiswara));
    const refused = await t.gql(EDIT, { id: note.id, body: 'Diubah oleh orang lain.' }, await as(course.author));
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(EDIT, { id: note.id, body: 'Diubah oleh peserta.' }, await as(learner)))).toBe('FORBIDDEN');
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM coaching_notes WHERE id = $1 AND body = 'Catatan awal.'`, [note.id])).toBe(1);

    const badBody = await t.gql(EDIT, { id: note.id, body: ' ' }, await as(widyaiswara));
    expect(errorFields(badBody)).toEqual(['body']);
    const { editCoachingNote: edited } = await t.ok(EDIT, { id: note.id, body: 'Catatan awal, dengan saran tambahan.' }, await as(widyaiswara));
    expect(edited.body).toBe('Catatan awal, dengan saran tambahan.');
    expect(new Date(edited.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(note.updatedAt).getTime());
    expect(errorCode(await t.gql(EDIT, { id: '00000000-0000-4000-8000-000000000000', body: 'x' }, await as(widyaiswara)))).toBe('NOT_FOUND');
  });

  it('refuses notes for a learner who withdrew (CONFLICT on enrollmentId)', async () => {
    const leaver = await buildUser(t, { name: 'Rudi Simatupang' });
    const leaverEnrollment = await enrolLearner(t, leaver, course, cohort);
    await t.ok('mutation ($id: ID!) { withdraw(enrollmentId: $id) { status } }', { id: leaverEnrollment.id }, await as(leaver));
    const refused = await t.gql(ADD, { enrollmentId: leaverEnrollment.id, body: 'Semoga sukses.' }, await as(widyaiswara));
    expect(errorCode(refused)).toBe('CONFLICT');
    expect(errorFields(refused)).toEqual(['enrollmentId']);
  });

  it('reads the notes of a whole cohort in the same number of statements for 2 and for 6 learners', async () => {
    const small = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
    const large = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
    for (const [target, size] of [[small, 2], [large, 6]] as const) {
      for (let i = 0; i < size; i += 1) {
        const someone = await buildUser(t);
        const joined = await enrolLearner(t, someone, course, target);
        await t.ok(ADD, { enrollmentId: joined.id, body: `Catatan ${i + 1}` }, await as(widyaiswara));
      }
    }
    const query = `query ($id: ID!) { cohort(id: $id) { enrollments(first: 100) { edges { node { coachingNotes { body author { name } } } } } } }`;
    const few = await t.gql(query, { id: small.id }, await as(widyaiswara));
    const many = await t.gql(query, { id: large.id }, await as(widyaiswara));
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect((many.data as any).cohort.enrollments.edges).toHaveLength(6);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });
});
