import { randomUUID } from 'node:crypto';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildAssignmentMaterial, setAssignment, SUBMIT } from '../builders/assignment';
import { completeCourseAs, enrolLearner } from '../builders/learning';
import { buildQuizMaterial, setQuiz } from '../builders/quiz';
import { countRows } from '../support/database';
import { mp4Bytes, pdfBytes, sha256 } from '../support/sample-files';
import { startTestApp, type TestApp } from '../support/test-app';
import { REQUEST_UPLOAD, uploadFile } from '../support/uploads';

/** Issue 14, item 7: the same rule answers the same way on every path a client can take. */

const RECORD = `mutation ($events: [ProgressEventInput!]!) {
  recordProgress(events: $events) { applied duplicates refused results { id outcome code message } }
}`;
const START = `mutation ($materialId: ID!) { startQuizAttempt(materialId: $materialId) { id status } }`;
const MATERIAL = `query ($id: ID!) { material(id: $id) { id downloadUrl myProgress { status } } }`;
const MODULES = `query ($id: ID) { course(id: $id) { modules { id myProgress { locked } } } }`;

const now = () => new Date().toISOString();
const completedEvent = (materialId: string, occurredAt = now()) => ({ id: randomUUID(), materialId, occurredAt, kind: 'COMPLETED' });

interface LockedCourse {
  course: BuiltCourse;
  intro: { id: string };
  document: { id: string };
  quiz: { id: string };
  second: { id: string };
}

/** Module 1: one TEXT. Module 2 (needs module 1): a DOCUMENT with its file, and a quiz. */
async function lockedCourse(t: TestApp, author: BuiltUser): Promise<LockedCourse> {
  const course = await buildCourse(t, { author, title: 'Manajemen Pengaduan Pelayanan Publik' });
  const first = await buildModule(t, course, { title: 'Dasar Pengaduan' });
  const intro = await buildMaterial(t, course, first.id, 'TEXT');
  const second = await buildModule(t, course, { title: 'Penanganan Pengaduan' });
  await t.ok(
    `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id } }`,
    { id: second.id, input: { title: 'Penanganan Pengaduan', prerequisiteModuleId: first.id } },
    { token: await authorToken(author) },
  );
  const document = await buildMaterial(t, course, second.id, 'DOCUMENT');
  await uploadFile(t, { token: await authorToken(author) }, document.id, pdfBytes(), 'pedoman-pengaduan.pdf', 'application/pdf');
  const quiz = await buildQuizMaterial(t, course, second.id);
  await setQuiz(t, course, quiz.id, {
    questions: [{ kind: 'TRUE_FALSE', prompt: 'Pengaduan wajib ditanggapi paling lambat 14 hari.', correct: ['0'] }],
  });
  await publishCourse(t, course);
  return { course, intro, document, quiz, second };
}

describe('the same rules on every path', () => {
  let t: TestApp;
  let author: BuiltUser;

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t, { roles: ['INSTRUCTOR'] });
  });
  afterAll(() => t.stop());

  describe('a prerequisite locks progress, downloads and quizzes alike', () => {
    let built: LockedCourse;
    let learner: BuiltUser;
    let token: string;

    beforeAll(async () => {
      built = await lockedCourse(t, author);
      learner = await buildUser(t, { roles: ['LEARNER'] });
      token = await learner.token();
      await enrolLearner(t, learner, built.course);
    });

    it('refuses all three while the prerequisite is not complete, and stores nothing', async () => {
      const { modules } = (await t.ok(MODULES, { id: built.course.id }, { token })).course;
      expect(modules[1].myProgress.locked).toBe(true);

      const early = completedEvent(built.document.id);
      const recorded = (await t.ok(RECORD, { events: [early] }, { token })).recordProgress;
      expect(recorded).toMatchObject({ applied: 0, refused: 1 });
      expect(recorded.results[0]).toMatchObject({ id: early.id, outcome: 'REFUSED', code: 'MODULE_LOCKED' });
      expect(recorded.results[0].message).toMatch(/prerequisite/);
      expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE id = $1`, [early.id])).toBe(0);

      const seen = (await t.ok(MATERIAL, { id: built.document.id }, { token })).material;
      expect(seen).toMatchObject({ downloadUrl: null, myProgress: null });

      const started = await t.gql(START, { materialId: built.quiz.id }, { token });
      expect(started.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(started.errors?.[0].message).toMatch(/prerequisite/);

      // The course's author is not a learner: the lock never hides a file from them.
      const byAuthor = (await t.ok(MATERIAL, { id: built.document.id }, { token: await authorToken(author) })).material;
      expect(byAuthor.downloadUrl).toEqual(expect.any(String));
    });

    it('takes an offline batch that completes the prerequisite and then the locked module, and opens all three', async () => {
      const finishIntro = completedEvent(built.intro.id, new Date(Date.now() - 60_000).toISOString());
      const readDocument = completedEvent(built.document.id);
      // The locked module's event comes first in the batch: order in the batch does not matter.
      const recorded = (await t.ok(RECORD, { events: [readDocument, finishIntro] }, { token })).recordProgress;
      expect(recorded).toMatchObject({ applied: 2, refused: 0 });

      const { modules } = (await t.ok(MODULES, { id: built.course.id }, { token })).course;
      expect(modules[1].myProgress.locked).toBe(false);
      const seen = (await t.ok(MATERIAL, { id: built.document.id }, { token })).material;
      expect(seen.myProgress.status).toBe('COMPLETED');
      const download = await fetch(seen.downloadUrl);
      expect(download.status).toBe(200);
      expect((await t.ok(START, { materialId: built.quiz.id }, { token })).startQuizAttempt.status).toBe('IN_PROGRESS');
    });
  });

  describe('a course back in revision keeps an enrolled learner\'s offline events', () => {
    it('answers COURSE_UNAVAILABLE (retryable) while the course is a DRAFT, and applies the same events once it is published again', async () => {
      const course = await buildCourse(t, { author, title: 'Etika Pelayanan Publik' });
      const module = await buildModule(t, course);
      const text = await buildMaterial(t, course, module.id, 'TEXT');
      await publishCourse(t, course);
      const learner = await buildUser(t, { roles: ['LEARNER'] });
      const token = await learner.token();
      await enrolLearner(t, learner, course);

      // Read offline yesterday, while the course was published; the phone syncs after an admin sent it back.
      const yesterday = new Date(Date.now() - 86_400_000).toISOString();
      const events = [{ id: randomUUID(), materialId: text.id, occurredAt: yesterday, kind: 'OPENED' }, completedEvent(text.id, yesterday)];
      const admin = { token: await t.adminToken() };
      await t.ok(`mutation ($id: ID!) { returnCourseToDraft(id: $id, reason: "Perbarui regulasi terbaru") { status } }`, { id: course.id }, admin);

      const meanwhile = (await t.ok(RECORD, { events }, { token })).recordProgress;
      expect(meanwhile).toMatchObject({ applied: 0, refused: 2 });
      for (const result of meanwhile.results) {
        expect(result).toMatchObject({ outcome: 'REFUSED', code: 'COURSE_UNAVAILABLE' });
        expect(result.message).toMatch(/DRAFT.*send it again/);
      }
      expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE user_id = $1`, [learner.id])).toBe(0);

      await publishCourse(t, course);
      const later = (await t.ok(RECORD, { events }, { token })).recordProgress;
      expect(later).toMatchObject({ applied: 2, refused: 0 });
      const seen = (await t.ok(MATERIAL, { id: text.id }, { token })).material;
      expect(seen.myProgress.status).toBe('COMPLETED');
    });

    it('says why the refusal is final: not enrolled, withdrawn, or archived', async () => {
      const course = await buildCourse(t, { author, title: 'Budaya Kerja BerAKHLAK' });
      const module = await buildModule(t, course);
      const text = await buildMaterial(t, course, module.id, 'TEXT');
      await publishCourse(t, course);
      const stranger = await buildUser(t, { roles: ['LEARNER'] });
      const leaver = await buildUser(t, { roles: ['LEARNER'] });
      const stayer = await buildUser(t, { roles: ['LEARNER'] });
      const leaving = await enrolLearner(t, leaver, course);
      await t.ok(`mutation ($id: ID!) { withdraw(enrollmentId: $id) { status } }`, { id: leaving.id }, { token: await authorToken(leaver) });
      await enrolLearner(t, stayer, course);
      const refusal = async (learner: BuiltUser) => (await t.ok(RECORD, { events: [completedEvent(text.id)] }, { token: await authorToken(learner) })).recordProgress.results[0];

      expect(await refusal(stranger)).toMatchObject({ code: 'FORBIDDEN', message: 'You are not enrolled in the course of this material' });
      expect(await refusal(leaver)).toMatchObject({ code: 'FORBIDDEN', message: 'You withdrew from the course of this material' });
      await t.ok(`mutation ($id: ID!) { archiveCourse(id: $id) { status } }`, { id: course.id }, { token: await authorToken(author) });
      expect(await refusal(stayer)).toMatchObject({ code: 'FORBIDDEN', message: 'The course of this material is archived' });
    });
  });

  describe('refusals say the real reason', () => {
    it('tells a learner who completed the course, not "only enrolled learners", when a post-test or a hand-in is refused', async () => {
      const course = await buildCourse(t, { author, title: 'Penyusunan Standar Pelayanan' });
      const module = await buildModule(t, course);
      await buildMaterial(t, course, module.id, 'TEXT');
      const post = await buildQuizMaterial(t, course, module.id, { required: false });
      await setQuiz(t, course, post.id, {
        purpose: 'POST_TEST',
        questions: [{ kind: 'TRUE_FALSE', prompt: 'Standar pelayanan ditetapkan oleh pimpinan unit.', correct: ['0'] }],
      });
      const task = await buildAssignmentMaterial(t, course, module.id, { required: false });
      await setAssignment(t, course, task.id);
      await publishCourse(t, course);
      const graduate = await buildUser(t, { roles: ['LEARNER'] });
      const stranger = await buildUser(t, { roles: ['LEARNER'] });
      await enrolLearner(t, graduate, course);
      expect((await completeCourseAs(t, graduate, course)).status).toBe('COMPLETED');

      const retake = await t.gql(START, { materialId: post.id }, { token: await authorToken(graduate) });
      expect(retake.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(retake.errors?.[0].message).toBe('You have completed this course: its quizzes are taken only during an active enrollment');
      const handIn = await t.gql(SUBMIT, { materialId: task.id, input: { text: 'Rencana perbaikan layanan KTP.' } }, { token: await authorToken(graduate) });
      expect(handIn.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(handIn.errors?.[0].message).toBe('You have completed this course: its assignments are handed in only during an active enrollment');

      const outsider = await t.gql(START, { materialId: post.id }, { token: await authorToken(stranger) });
      expect(outsider.errors?.[0].message).toBe('You are not enrolled in this course: its quizzes are taken only by its enrolled learners');
    });
  });

  describe('upload rights follow the course\'s authors', () => {
    it('answers a file request exactly as editing the content: allowed to its organization\'s instructors, the same FORBIDDEN to anyone else', async () => {
      const course = await buildCourse(t, { author, title: 'Pengelolaan Arsip Dinamis' });
      const module = await buildModule(t, course);
      const document = await buildMaterial(t, course, module.id, 'DOCUMENT');
      const colleague = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: author.organizationId });
      const elsewhere = await buildUser(t, { roles: ['INSTRUCTOR'] });
      const learner = await buildUser(t, { roles: ['LEARNER'], organizationId: author.organizationId });
      const listed = (await t.ok(`query ($id: ID) { course(id: $id) { instructors { id } } }`, { id: course.id }, { token: await authorToken(author) })).course;
      expect(listed.instructors.map((user: { id: string }) => user.id)).toEqual([author.id]);

      const bytes = pdfBytes();
      const file = { filename: 'pedoman-arsip.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) };
      const answers = async (who: BuiltUser) => {
        const token = await authorToken(who);
        const edited = await t.gql(`mutation ($moduleId: ID!, $input: MaterialInput!) { addMaterial(moduleId: $moduleId, input: $input) { id } }`, { moduleId: module.id, input: { title: 'Catatan', kind: 'TEXT', body: 'Arsip dinamis.' } }, { token });
        const requested = await t.gql(REQUEST_UPLOAD, { materialId: document.id, file }, { token });
        return { edit: edited.errors?.[0] ?? null, upload: requested.errors?.[0] ?? null };
      };

      // The course's instructors list says who teaches it; authoring (content and files alike) is its organization's instructors'.
      expect(await answers(colleague)).toEqual({ edit: null, upload: null });
      for (const outsider of [elsewhere, learner]) {
        const { edit: edited, upload } = await answers(outsider);
        expect(edited?.extensions?.code).toBe('FORBIDDEN');
        expect(upload?.extensions?.code).toBe('FORBIDDEN');
        expect(upload?.message).toBe(edited?.message);
      }
    });
  });

  describe('a course goes to review only with its files', () => {
    it('refuses submitCourseForReview with CONFLICT naming the file-backed materials without a file, and takes it once they have one', async () => {
      const course = await buildCourse(t, { author, title: 'Pelayanan Perizinan Terpadu' });
      const module = await buildModule(t, course);
      await buildMaterial(t, course, module.id, 'TEXT');
      const guide = await buildMaterial(t, course, module.id, 'DOCUMENT', { title: 'Pedoman Perizinan' });
      const talk = await buildMaterial(t, course, module.id, 'VIDEO', { title: 'Video Alur Perizinan' });
      const token = await authorToken(author);
      const submit = `mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`;

      const refused = await t.gql(submit, { id: course.id }, { token });
      expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(refused.errors?.[0].message).toBe('Upload the file of these materials before submitting the course for review: "Pedoman Perizinan", "Video Alur Perizinan"');
      expect(refused.errors?.[0].extensions?.materialIds).toEqual([guide.id, talk.id]);

      await uploadFile(t, { token }, guide.id, pdfBytes(), 'pedoman.pdf', 'application/pdf');
      const stillOne = await t.gql(submit, { id: course.id }, { token });
      expect(stillOne.errors?.[0].message).toMatch(/: "Video Alur Perizinan"$/);
      await uploadFile(t, { token }, talk.id, mp4Bytes(4096), 'alur.mp4', 'video/mp4');
      expect((await t.ok(submit, { id: course.id }, { token })).submitCourseForReview.status).toBe('IN_REVIEW');
    });
  });
});
