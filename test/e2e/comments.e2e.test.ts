import { buildAssignmentMaterial, reviewSubmission, setAssignment, submitWork } from '../builders/assignment';
import { authorToken, buildCourse, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, type BuiltCohort, enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

const COMMENT = `mutation ($submissionId: ID!, $body: String!) {
  commentOnSubmission(submissionId: $submissionId, body: $body) { id body createdAt editedAt editable author { id name } }
}`;
const EDIT = `mutation ($id: ID!, $body: String!) { editComment(id: $id, body: $body) { id body editedAt editable } }`;
const THREAD = `query ($id: ID!) { submission(id: $id) { id comments { id body editedAt editable author { id } } } }`;
const INBOX = `{ notifications(first: 100) { edges { node { kind title body submissionId course { id } enrollment { id } } } } }`;

interface InboxNode {
  kind: string;
  title: string;
  body: string;
  submissionId: string | null;
  course: { id: string } | null;
  enrollment: { id: string } | null;
}

describe('comment threads on submissions', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let cohort: BuiltCohort;
  let materialId: string;
  let widyaiswara: BuiltUser;
  let coInstructor: BuiltUser;
  let otherInstructor: BuiltUser;
  let learner: BuiltUser;
  let classmate: BuiltUser;
  const TITLE = 'Tugas Analisis Layanan Publik';

  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const commentCount = () => countRows(t.databaseUrl, 'SELECT count(*) FROM submission_comments');
  const inbox = async (user: BuiltUser): Promise<InboxNode[]> =>
    (await t.ok(INBOX, {}, await as(user))).notifications.edges.map((edge: { node: InboxNode }) => edge.node);
  /** What the thread told `user` about the submission (reviews and hand-ins notify too; those are not counted here). */
  const about = async (user: BuiltUser, submissionId: string, kind: 'NEW_COMMENT' | 'NEW_FEEDBACK') =>
    (await inbox(user)).filter((node) => node.submissionId === submissionId && node.kind === kind);
  const comment = async (user: BuiltUser, submissionId: string, body: string) =>
    (await t.ok(COMMENT, { submissionId, body }, await as(user))).commentOnSubmission;
  /** Moves a comment's writing time back, as if it had been written `minutes` ago. */
  const backdate = (id: string, minutes: number) =>
    selectRows(t.databaseUrl, `UPDATE submission_comments SET created_at = now() - make_interval(mins => $2) WHERE id = $1 RETURNING id`, [id, minutes]);

  beforeAll(async () => {
    t = await startTestApp();
    const author = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dr. Maruli Sihombing' });
    course = await buildCourse(t, { author, title: 'Pelayanan Publik Prima' });
    const module = await buildModule(t, course, { title: 'Modul 1: Standar Pelayanan' });
    materialId = (await buildAssignmentMaterial(t, course, module.id, { title: TITLE })).id;
    await setAssignment(t, course, materialId, { allowText: true });
    await publishCourse(t, course);
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dra. Rosmawati Siregar' });
    coInstructor = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Ir. Darwin Pasaribu' });
    otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Drs. Halomoan Tambunan' });
    cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id, coInstructor.id] });
    learner = await buildUser(t, { name: 'Budi Hutagalung' });
    classmate = await buildUser(t, { name: 'Sri Rahayu Nababan' });
    await enrolLearner(t, learner, course, cohort);
    await enrolLearner(t, classmate, course, cohort);
  });
  afterAll(() => t.stop());

  it('keeps the thread in order and tells the right people', async () => {
    const submission = await submitWork(t, learner, materialId, { file: false });

    // Nobody has answered yet: the learner's question goes to the cohort's instructors.
    const question = await comment(learner, submission.id, 'Bu, apakah lampiran foto wajib?');
    expect(question).toMatchObject({ author: { id: learner.id, name: 'Budi Hutagalung' }, editedAt: null, editable: true });
    for (const instructor of [widyaiswara, coInstructor]) {
      expect(await about(instructor, submission.id, 'NEW_COMMENT')).toEqual([
        expect.objectContaining({ kind: 'NEW_COMMENT', title: `Budi Hutagalung menulis komentar pada tugas “${TITLE}”`, body: 'Bu, apakah lampiran foto wajib?', course: { id: course.id } }),
      ]);
    }
    expect(await about(course.author, submission.id, 'NEW_COMMENT')).toEqual([]);

    // Staff answering: the learner hears of it as feedback.
    const answer = await comment(widyaiswara, submission.id, 'Tidak wajib, tetapi **sangat membantu**.');
    expect(await about(learner, submission.id, 'NEW_FEEDBACK')).toEqual([
      expect.objectContaining({ kind: 'NEW_FEEDBACK', body: 'Tidak wajib, tetapi **sangat membantu**.', title: `Komentar baru dari Dra. Rosmawati Siregar pada tugas “${TITLE}”`, course: { id: course.id } }),
    ]);

    // Now the conversation is with her: the next question goes to her alone.
    const thanks = await comment(learner, submission.id, 'Baik, terima kasih Bu.');
    expect(await about(widyaiswara, submission.id, 'NEW_COMMENT')).toHaveLength(2);
    expect(await about(coInstructor, submission.id, 'NEW_COMMENT')).toHaveLength(1);

    // A reviewer joins the conversation too.
    await reviewSubmission(t, coInstructor, submission.id, { comment: 'Analisis sudah baik; lengkapi rencana aksinya.' });
    const reply = await comment(learner, submission.id, 'Rencana aksi akan saya lengkapi.');
    expect(await about(widyaiswara, submission.id, 'NEW_COMMENT')).toHaveLength(3);
    expect(await about(coInstructor, submission.id, 'NEW_COMMENT')).toHaveLength(2);
    expect(await about(course.author, submission.id, 'NEW_COMMENT')).toEqual([]);
    // Nobody is told of their own words.
    expect(await about(learner, submission.id, 'NEW_COMMENT')).toEqual([]);
    expect(await about(widyaiswara, submission.id, 'NEW_FEEDBACK')).toEqual([]);

    const order = [question.id, answer.id, thanks.id, reply.id];
    const learnerView = (await t.ok(THREAD, { id: submission.id }, await as(learner))).submission.comments;
    expect(learnerView.map((c: { id: string }) => c.id)).toEqual(order);
    expect(learnerView.map((c: { editable: boolean }) => c.editable)).toEqual([true, false, true, true]);
    const staffView = (await t.ok(THREAD, { id: submission.id }, await as(widyaiswara))).submission.comments;
    expect(staffView.map((c: { id: string }) => c.id)).toEqual(order);
    expect(staffView.map((c: { editable: boolean }) => c.editable)).toEqual([false, true, false, false]);
    const authorView = (await t.ok(THREAD, { id: submission.id }, await as(course.author))).submission.comments;
    expect(authorView).toHaveLength(4);
  });

  it('lets the author edit a comment within 15 minutes, and nobody else ever', async () => {
    const submission = await submitWork(t, learner, materialId, { file: false });
    const mine = await comment(learner, submission.id, 'Lampiran kedua menyusul.');

    const { editComment: edited } = await t.ok(EDIT, { id: mine.id, body: 'Lampiran kedua sudah saya unggah.' }, await as(learner));
    expect(edited).toMatchObject({ id: mine.id, body: 'Lampiran kedua sudah saya unggah.', editable: true });
    expect(edited.editedAt).not.toBeNull();

    for (const someone of [widyaiswara, course.author, classmate]) {
      const refused = await t.gql(EDIT, { id: mine.id, body: 'Diubah orang lain.' }, await as(someone));
      expect(errorCode(refused)).toBe('FORBIDDEN');
    }
    expect(errorCode(await t.gql(EDIT, { id: mine.id, body: 'Diubah oleh pengelola.' }, { token: await t.adminToken() }))).toBe('FORBIDDEN');
    const unchanged = `SELECT count(*) FROM submission_comments WHERE id = $1 AND body = 'Lampiran kedua sudah saya unggah.'`;
    expect(await countRows(t.databaseUrl, unchanged, [mine.id])).toBe(1);

    const blank = await t.gql(EDIT, { id: mine.id, body: '  ' }, await as(learner));
    expect(errorCode(blank)).toBe('BAD_USER_INPUT');
    expect(errorFields(blank)).toEqual(['body']);

    await backdate(mine.id, 14);
    await t.ok(EDIT, { id: mine.id, body: 'Lampiran kedua sudah saya unggah (PDF).' }, await as(learner));
    await backdate(mine.id, 16);
    const late = await t.gql(EDIT, { id: mine.id, body: 'Terlambat diubah.' }, await as(learner));
    expect(errorCode(late)).toBe('CONFLICT');
    expect(errorFields(late)).toEqual(['id']);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM submission_comments WHERE id = $1 AND body = 'Lampiran kedua sudah saya unggah (PDF).'`, [mine.id])).toBe(1);
    const thread = (await t.ok(THREAD, { id: submission.id }, await as(learner))).submission.comments;
    expect(thread).toEqual([expect.objectContaining({ id: mine.id, editable: false })]);

    expect(errorCode(await t.gql(EDIT, { id: '00000000-0000-4000-8000-000000000000', body: 'x' }, await as(learner)))).toBe('NOT_FOUND');
  });

  it('refuses a classmate, an instructor of another cohort and a partner system, writing nothing', async () => {
    const submission = await submitWork(t, learner, materialId, { file: false });
    const before = await commentCount();
    const notificationsBefore = await countRows(t.databaseUrl, 'SELECT count(*) FROM notifications');
    for (const someone of [classmate, otherInstructor]) {
      expect(errorCode(await t.gql(COMMENT, { submissionId: submission.id, body: 'Menurut saya kurang.' }, await as(someone)))).toBe('FORBIDDEN');
    }
    const key = await t.ok(
      'mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Sistem Kepegawaian") { secret } }',
      { o: course.organizationId },
      { token: await t.adminToken() },
    );
    const apiKey = key.createApiKey.secret as string;
    expect(errorCode(await t.gql(COMMENT, { submissionId: submission.id, body: 'Dari sistem mitra.' }, { apiKey }))).toBe('FORBIDDEN');
    expect(await commentCount()).toBe(before);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM notifications')).toBe(notificationsBefore);

    expect(errorCode(await t.gql(COMMENT, { submissionId: '00000000-0000-4000-8000-000000000000', body: 'Halo.' }, await as(learner)))).toBe('NOT_FOUND');
    for (const body of ['', ' \n ', 'a'.repeat(10_001)]) {
      const refused = await t.gql(COMMENT, { submissionId: submission.id, body }, await as(learner));
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorFields(refused)).toEqual(['body']);
    }
    expect(await commentCount()).toBe(before);
    expect((await comment(learner, submission.id, 'a'.repeat(10_000))).body).toHaveLength(10_000);
    // The course's author and an admin are staff of the work and may join in.
    await comment(course.author, submission.id, 'Saya ikut memantau.');
    await t.ok(COMMENT, { submissionId: submission.id, body: 'Catatan dari BKPSDM.' }, { token: await t.adminToken() });
  });

  it('sends a self-paced learner’s first question to the course organization’s instructors, like the hand-in', async () => {
    const solo = await buildUser(t, { name: 'Yusuf Panggabean' });
    await enrolLearner(t, solo, course);
    const submission = await submitWork(t, solo, materialId, { file: false });
    await comment(solo, submission.id, 'Apakah boleh dikirim dalam format Word?');
    // The author is an instructor of the course's organization; the cohort's widyaiswara is not.
    expect(await about(course.author, submission.id, 'NEW_COMMENT')).toHaveLength(1);
    expect(await about(widyaiswara, submission.id, 'NEW_COMMENT')).toEqual([]);
  });
  it('reads a thread of 2 and of 8 comments by several people in the same number of statements', async () => {
    const people = [learner, widyaiswara, coInstructor, course.author];
    const threadOf = async (size: number) => {
      const submission = await submitWork(t, learner, materialId, { file: false });
      for (let i = 0; i < size; i += 1) await comment(people[i % people.length], submission.id, `Komentar ${i + 1}`);
      return submission.id;
    };
    const query = `query ($id: ID!) { submission(id: $id) { comments { body editable author { name organization { name } } } } }`;
    const short = await t.gql(query, { id: await threadOf(2) }, await as(widyaiswara));
    const long = await t.gql(query, { id: await threadOf(8) }, await as(widyaiswara));
    expect(short.errors).toBeUndefined();
    expect(long.errors).toBeUndefined();
    expect((long.data as any).submission.comments.map((c: { body: string }) => c.body)).toEqual(Array.from({ length: 8 }, (_, i) => `Komentar ${i + 1}`));
    expect(long.extensions?.sqlStatements).toBe(short.extensions?.sqlStatements);
  });
});
