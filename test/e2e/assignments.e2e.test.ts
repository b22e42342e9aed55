import { randomUUID } from 'node:crypto';
import {
  buildAssignmentMaterial,
  minutesFromNow,
  reviewSubmission,
  REQUEST_WORK_UPLOAD,
  SAMPLE_RUBRIC,
  SET_ASSIGNMENT,
  setAssignment,
  SUBMISSION_FIELDS,
  SUBMIT,
  submitWork,
  uploadWorkFile,
} from '../builders/assignment';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { pdfBytes, pngBytes, sha256 } from '../support/sample-files';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';


const SUBMISSION = `query ($id: ID!) { submission(id: $id) { ${SUBMISSION_FIELDS} } }`;
const MY_SUBMISSIONS = `query ($id: ID!) { material(id: $id) { assignment { maxScore mySubmissions { id number status late } } } }`;

describe('assignments and submissions', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let widyaiswara: BuiltUser;
  let otherInstructor: BuiltUser;
  let learner: BuiltUser;
  let classmate: BuiltUser;
  let stranger: BuiltUser;
  const ids = { main: '', late: '', refuse: '', closed: '', untilClose: '', textOnly: '', locked: '', resubmit: '', race: '', few: '', many: '' };
  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const submissionCount = () => countRows(t.databaseUrl, 'SELECT count(*) FROM submissions');

  beforeAll(async () => {
    t = await startTestApp();
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    course = await buildCourse(t, { author, title: 'Inovasi Pelayanan Publik' });
    const module = await buildModule(t, course, { title: 'Modul 1: Analisis Layanan' });
    const add = async (key: keyof typeof ids, values: Parameters<typeof setAssignment>[3] = {}, moduleId = module.id) => {
      ids[key] = (await buildAssignmentMaterial(t, course, moduleId, { required: false })).id;
      await setAssignment(t, course, ids[key], values);
    };
    await add('main', { dueAt: minutesFromNow(24 * 60), rubric: SAMPLE_RUBRIC, maxScore: 10, maxFiles: 2 });
    await add('late', { dueAt: minutesFromNow(-60) });
    await add('refuse', { dueAt: minutesFromNow(-60), latePolicy: 'REFUSE_LATE' });
    await add('closed', { dueAt: minutesFromNow(-120), latePolicy: 'ACCEPT_UNTIL_CLOSE', closesAt: minutesFromNow(-60) });
    await add('untilClose', { dueAt: minutesFromNow(-60), latePolicy: 'ACCEPT_UNTIL_CLOSE', closesAt: minutesFromNow(60) });
    await add('textOnly', { allowedContentTypes: [] });
    await add('resubmit');
    await add('race', { allowedContentTypes: [] });
    await add('few', { rubric: SAMPLE_RUBRIC });
    await add('many', { rubric: SAMPLE_RUBRIC });
    // A module behind an unfinished prerequisite: its assignment is locked.
    const first = await buildModule(t, course, { title: 'Modul 0: Pengantar' });
    await buildMaterial(t, course, first.id, 'TEXT');
    const lockedModule = await buildModule(t, course, { title: 'Modul 2: Rencana Aksi' });
    await t.ok(
      `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id } }`,
      { id: lockedModule.id, input: { title: 'Modul 2: Rencana Aksi', prerequisiteModuleId: first.id } },
      await as(author),
    );
    await add('locked', {}, lockedModule.id);
    await publishCourse(t, course);

    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Drs. Parlindungan Sitompul' });
    otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
    const otherCohort = await buildCohort(t, course, { instructorIds: [otherInstructor.id] });
    learner = await buildUser(t, { name: 'Rina Simanjuntak' });
    classmate = await buildUser(t);
    stranger = await buildUser(t);
    await enrolLearner(t, learner, course, cohort);
    await enrolLearner(t, classmate, course, otherCohort);
  });
  afterAll(() => t.stop());

  it('lets authors set an assignment with a rubric whose ids survive a re-save', async () => {
    const draft = await buildCourse(t);
    const module = await buildModule(t, draft);
    const material = await buildAssignmentMaterial(t, draft, module.id);
    const first = await setAssignment(t, draft, material.id, { rubric: SAMPLE_RUBRIC, maxScore: 10, dueAt: minutesFromNow(60) });
    expect(first).toMatchObject({ maxScore: 10, latePolicy: 'ACCEPT_LATE', allowText: true, allowedContentTypes: ['application/pdf'], maxFiles: 5, maxFileBytes: 20 * 1024 * 1024 });
    expect(first.rubric.map((criterion) => criterion.maxPoints)).toEqual([3, 7]);

    const renamed = [{ ...SAMPLE_RUBRIC[0], levels: [...SAMPLE_RUBRIC[0].levels.slice(0, 2), { title: 'Sangat baik', points: 5 }] }, SAMPLE_RUBRIC[1]];
    const second = await setAssignment(t, draft, material.id, { rubric: renamed, maxScore: 12, allowedContentTypes: ['application/pdf', 'IMAGE/PNG'] });
    expect(second.rubric.map((criterion) => criterion.id)).toEqual(first.rubric.map((criterion) => criterion.id));
    expect(second.rubric[0].levels.map((level) => level.id).slice(0, 2)).toEqual(first.rubric[0].levels.map((level) => level.id).slice(0, 2));
    expect(second.rubric[0].levels[2].id).not.toBe(first.rubric[0].levels[2].id);
    expect(second).toMatchObject({ dueAt: null, allowedContentTypes: ['application/pdf', 'image/png'] });

    const { material: read } = await t.ok(`query ($id: ID!) { material(id: $id) { kind assignment { maxScore rubric { title } } } }`, { id: material.id }, await as(draft.author));
    expect(read).toEqual({ kind: 'ASSIGNMENT', assignment: { maxScore: 12, rubric: [{ title: 'Kelengkapan analisis' }, { title: 'Rencana aksi' }] } });
  });

  it('refuses bad settings naming each field, and settings on other kinds or by learners', async () => {
    const draft = await buildCourse(t);
    const module = await buildModule(t, draft);
    const material = await buildAssignmentMaterial(t, draft, module.id);
    const set = async (input: Record<string, unknown>, user: BuiltUser = draft.author) =>
      t.gql(SET_ASSIGNMENT, { materialId: material.id, input: { instructions: 'Kerjakan.', maxScore: 10, ...input } }, await as(user));

    expect(errorFields(await set({ rubric: SAMPLE_RUBRIC, maxScore: 12 }))).toEqual(['input.maxScore']);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ latePolicy: 'REFUSE_LATE' }, ['input.dueAt']],
      [{ latePolicy: 'ACCEPT_UNTIL_CLOSE', dueAt: minutesFromNow(60), closesAt: minutesFromNow(30) }, ['input.closesAt']],
      [{ latePolicy: 'ACCEPT_UNTIL_CLOSE', dueAt: minutesFromNow(60) }, ['input.closesAt']],
      [{ dueAt: minutesFromNow(60), closesAt: minutesFromNow(90) }, ['input.closesAt']],
      [{ allowedContentTypes: ['application/pdf', 'application/x-msdownload'] }, ['input.allowedContentTypes[1]']],
      [{ allowedContentTypes: ['application/pdf'], maxFileBytes: 200 * 1024 * 1024, maxFiles: 11 }, ['input.maxFileBytes', 'input.maxFiles']],
      [{ allowText: false, allowedContentTypes: [] }, ['input.allowText']],
      [{ instructions: '   ', maxScore: -1 }, ['input.instructions', 'input.maxScore']],
      [
        { maxScore: 3, rubric: [{ title: 'Isi', levels: [{ title: '', points: 3 }, { title: 'Kurang', points: -1 }] }, { title: 'Bahasa', levels: [] }] },
        ['input.rubric[0].levels[0].title', 'input.rubric[0].levels[1].points', 'input.rubric[1].levels'],
      ],
    ];
    for (const [input, fields] of cases) {
      const result = await set(input);
      expect({ input, code: errorCode(result), fields: errorFields(result) }).toEqual({ input, code: 'BAD_USER_INPUT', fields });
    }
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM assignments WHERE material_id = $1', [material.id])).toBe(0);

    const text = await buildMaterial(t, draft, module.id, 'TEXT');
    const onText = await t.gql(SET_ASSIGNMENT, { materialId: text.id, input: { instructions: 'x', maxScore: 1 } }, await as(draft.author));
    expect(errorFields(onText)).toEqual(['materialId']);
    expect(errorCode(await set({}, await buildUser(t)))).toBe('FORBIDDEN');
  });

  it('takes a PDF and a text, flags nothing late before the due date, and tells the cohort instructor', async () => {
    const credentials = await as(learner);
    const bytes = pdfBytes();
    const file = await uploadWorkFile(t, credentials, ids.main, bytes, 'analisis KTP-el.pdf');
    expect(file).toMatchObject({ filename: 'analisis KTP-el.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes), purpose: 'WORK' });

    const { submitAssignment: submission } = await t.ok(
      SUBMIT,
      { materialId: ids.main, input: { text: 'Layanan KTP-el: antrean rata-rata 2 jam.', fileIds: [file.id] } },
      credentials,
    );
    expect(submission).toMatchObject({ number: 1, status: 'AWAITING_REVIEW', late: false, decidedAt: null, learner: { id: learner.id }, material: { id: ids.main }, course: { id: course.id } });
    expect(submission.cohort).not.toBeNull();
    expect(submission.files).toHaveLength(1);
    const download = await fetch(submission.files[0].downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

    const notes = await selectRows<{ recipient_id: string; kind: string; title: string }>(
      t.databaseUrl,
      'SELECT recipient_id, kind, title FROM notifications WHERE submission_id = $1',
      [submission.id],
    );
    expect(notes).toEqual([{ recipient_id: widyaiswara.id, kind: 'SUBMISSION_WAITING', title: expect.stringContaining('menunggu penilaian') }]);

    // Staff of the work see it; the learner of another cohort and its instructor do not.
    const { submission: seen } = await t.ok(SUBMISSION, { id: submission.id }, await as(widyaiswara));
    expect(seen.files[0].downloadUrl).toEqual(expect.any(String));
    await t.ok(SUBMISSION, { id: submission.id }, await as(course.author));
    expect(errorCode(await t.gql(SUBMISSION, { id: submission.id }, await as(classmate)))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SUBMISSION, { id: submission.id }, await as(otherInstructor)))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SUBMISSION, { id: submission.id }, await as(stranger)))).toBe('FORBIDDEN');
    expect((await t.ok(SUBMISSION, { id: randomUUID() }, credentials)).submission).toBeNull();
  });

  it('makes each resubmission a new attempt, superseding the one still awaiting review', async () => {
    const first = await submitWork(t, learner, ids.resubmit);
    const second = await t.ok(SUBMIT, { materialId: ids.resubmit, input: { text: 'Perbaikan: ditambah data survei.', fileIds: [first.files[0].id] } }, await as(learner));
    expect(second.submitAssignment).toMatchObject({ number: 2, status: 'AWAITING_REVIEW' });
    // The file of attempt 1 is reused: a copy row pointing at the same bytes.
    expect(second.submitAssignment.files[0]).toMatchObject({ sha256: first.files[0].sha256 });
    expect(second.submitAssignment.files[0].id).not.toBe(first.files[0].id);
    const { material } = await t.ok(MY_SUBMISSIONS, { id: ids.resubmit }, await as(learner));
    expect(material.assignment.mySubmissions.map((s: { number: number; status: string }) => [s.number, s.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'AWAITING_REVIEW'],
    ]);
    const { submission: earlier } = await t.ok(SUBMISSION, { id: first.id }, await as(learner));
    expect(earlier.files).toHaveLength(1);
    expect((await t.ok(MY_SUBMISSIONS, { id: ids.resubmit }, await as(classmate))).material.assignment.mySubmissions).toEqual([]);
  });

  it('answers the same attempt to a retry with the same clientSubmissionId', async () => {
    const clientSubmissionId = randomUUID();
    const input = { text: 'Dikirim dari jaringan yang lambat.', fileIds: [], clientSubmissionId };
    const first = (await t.ok(SUBMIT, { materialId: ids.textOnly, input }, await as(learner))).submitAssignment;
    const before = await submissionCount();
    const again = (await t.ok(SUBMIT, { materialId: ids.textOnly, input: { ...input, clientSubmissionId: clientSubmissionId.toUpperCase() } }, await as(learner))).submitAssignment;
    expect(again).toMatchObject({ id: first.id, number: 1 });
    expect(await submissionCount()).toBe(before);
  });

  it('numbers concurrent hand-ins one after the other, leaving exactly one awaiting review', async () => {
    const credentials = await as(classmate);
    const results = await Promise.all(
      [1, 2, 3].map((n) => t.ok(SUBMIT, { materialId: ids.race, input: { text: `Versi ${n}`, clientSubmissionId: randomUUID() } }, credentials)),
    );
    expect(results.map((r) => r.submitAssignment.number).sort()).toEqual([1, 2, 3]);
    const rows = await selectRows<{ number: number; status: string }>(
      t.databaseUrl,
      `SELECT number, status FROM submissions WHERE assignment_material_id = $1 ORDER BY number`,
      [ids.race],
    );
    expect(rows.map((row) => row.status)).toEqual(['SUPERSEDED', 'SUPERSEDED', 'AWAITING_REVIEW']);
  });

  it('flags late work, and refuses it where the policy forbids, writing nothing', async () => {
    const late = await submitWork(t, learner, ids.late, { file: false });
    expect(late).toMatchObject({ late: true, status: 'AWAITING_REVIEW' });
    const untilClose = await submitWork(t, learner, ids.untilClose, { file: false });
    expect(untilClose.late).toBe(true);

    const before = await submissionCount();
    const notifications = await countRows(t.databaseUrl, 'SELECT count(*) FROM notifications');
    for (const materialId of [ids.refuse, ids.closed]) {
      const refused = await t.gql(SUBMIT, { materialId, input: { text: 'Terlambat sedikit.' } }, await as(learner));
      expect({ code: errorCode(refused), fields: errorFields(refused) }).toEqual({ code: 'CONFLICT', fields: ['materialId'] });
      const file = { filename: 'a.pdf', contentType: 'application/pdf', size: 100, sha256: 'a'.repeat(64) };
      expect(errorCode(await t.gql(REQUEST_WORK_UPLOAD, { materialId, file }, await as(learner)))).toBe('CONFLICT');
    }
    expect(await submissionCount()).toBe(before);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM notifications')).toBe(notifications);
  });

  it('refuses bad hand-ins naming the field, and files that are not the learner’s own', async () => {
    const mine = await as(learner);
    const before = await submissionCount();
    const submit = (input: Record<string, unknown>, materialId = ids.main, credentials = mine) => t.gql(SUBMIT, { materialId, input }, credentials);

    expect(errorFields(await submit({ text: '  ' }))).toEqual(['input.text']);
    expect(errorFields(await submit({ text: 'x', fileIds: ['bukan-id'] }))).toEqual(['input.fileIds']);
    expect(errorFields(await submit({ text: 'x', clientSubmissionId: 'bukan-uuid' }))).toEqual(['input.clientSubmissionId']);
    expect(errorFields(await submit({ fileIds: [randomUUID()] }, ids.textOnly))).toEqual(['input.fileIds']);
    const others = await uploadWorkFile(t, await as(classmate), ids.main);
    const theirs = await submit({ text: 'Saya pakai berkas teman.', fileIds: [others.id] });
    expect({ code: errorCode(theirs), fields: errorFields(theirs) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['input.fileIds'] });
    const three = await Promise.all([1, 2, 3].map(() => uploadWorkFile(t, mine, ids.main)));
    expect(errorFields(await submit({ fileIds: three.map((file) => file.id) }))).toEqual(['input.fileIds']);
    expect(await submissionCount()).toBe(before);

    const upload = (file: Record<string, unknown>, materialId = ids.main) =>
      t.gql(REQUEST_WORK_UPLOAD, { materialId, file: { filename: 'berkas.pdf', contentType: 'application/pdf', size: 1000, sha256: 'b'.repeat(64), ...file } }, mine);
    expect(errorFields(await upload({ contentType: 'image/png', filename: 'foto.png' }))).toEqual(['file.contentType']);
    expect(errorFields(await upload({ size: 21 * 1024 * 1024 }))).toEqual(['file.size']);
    expect(errorFields(await upload({}, ids.textOnly))).toEqual(['file.contentType']);

    // A PNG declared as a PDF is caught by sniffing on completion.
    const png = pngBytes();
    const ticket = (await t.ok(REQUEST_WORK_UPLOAD, { materialId: ids.main, file: { filename: 'tugas.pdf', contentType: 'application/pdf', size: png.length, sha256: sha256(png) } }, mine))
      .requestSubmissionUpload;
    await fetch(ticket.url, { method: 'PUT', body: png });
    const wrongType = await t.gql(`mutation ($m: ID!, $u: ID!) { completeSubmissionUpload(materialId: $m, uploadId: $u) { id } }`, { m: ids.main, u: ticket.uploadId }, mine);
    expect(errorFields(wrongType)).toEqual(['file.contentType']);
  });

  it('lets only enrolled learners hand in, and only in unlocked modules', async () => {
    const refused = await t.gql(SUBMIT, { materialId: ids.main, input: { text: 'Saya tidak terdaftar.' } }, await as(stranger));
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const upload = await t.gql(REQUEST_WORK_UPLOAD, { materialId: ids.main, file: { filename: 'a.pdf', contentType: 'application/pdf', size: 10, sha256: 'c'.repeat(64) } }, await as(stranger));
    expect(errorCode(upload)).toBe('FORBIDDEN');
    const locked = await t.gql(SUBMIT, { materialId: ids.locked, input: { text: 'Modul terkunci.' } }, await as(learner));
    expect({ code: errorCode(locked), fields: errorFields(locked) }).toEqual({ code: 'CONFLICT', fields: ['materialId'] });
    expect(errorCode(await t.gql(SUBMIT, { materialId: randomUUID(), input: { text: 'x' } }, await as(learner)))).toBe('NOT_FOUND');

    // Enrolled outside any cohort: the instructors of the course's organization are told instead.
    await enrolLearner(t, stranger, course);
    const submission = await submitWork(t, stranger, ids.textOnly, { file: false });
    const notes = await selectRows<{ recipient_id: string }>(t.databaseUrl, 'SELECT recipient_id FROM notifications WHERE submission_id = $1', [submission.id]);
    expect(notes).toEqual([{ recipient_id: course.author.id }]);
    expect((await t.ok(SUBMISSION, { id: submission.id }, await as(stranger))).submission.cohort).toBeNull();
  });

  it('lists attempts with their files and reviews in the same number of statements for 1 and for 4 attempts', async () => {
    const nested = `query ($id: ID!) { material(id: $id) { assignment { mySubmissions {
      id learner { id } material { id } course { id } cohort { id } assignment { maxScore }
      files { id downloadUrl }
      reviews { id reviewer { id } rubricScores { criterion level } feedbackFile { id downloadUrl } submission { id } }
    } } } }`;
    const rubric = async (assignmentId: string) =>
      t.ok(`query ($id: ID!) { material(id: $id) { assignment { rubric { id levels { id } } } } }`, { id: assignmentId }, await as(learner));
    for (const [materialId, attempts] of [[ids.few, 1], [ids.many, 4]] as const) {
      const [criterion] = (await rubric(materialId)).material.assignment.rubric;
      for (let n = 0; n < attempts; n += 1) {
        const submission = await submitWork(t, learner, materialId);
        await reviewSubmission(t, course.author, submission.id, { comment: `Catatan ${n + 1}`, rubric: [{ criterionId: criterion.id, levelId: criterion.levels[1].id }] });
      }
    }
    const few = await t.gql(nested, { id: ids.few }, await as(learner));
    const many = await t.gql(nested, { id: ids.many }, await as(learner));
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect(many.data.material.assignment.mySubmissions).toHaveLength(4);
    expect(many.data.material.assignment.mySubmissions[3].reviews[0].rubricScores).toEqual([{ criterion: 'Kelengkapan analisis', level: 'Cukup' }]);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });
});
