import { randomUUID } from 'node:crypto';
import {
  buildAssignmentMaterial,
  type BuiltAssignment,
  REVIEW,
  REVIEW_FIELDS,
  reviewSubmission,
  SAMPLE_RUBRIC,
  setAssignment,
  SUBMIT,
  submitWork,
  uploadFeedbackFile,
} from '../builders/assignment';
import { authorToken, buildCourse, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { pdfBytes } from '../support/sample-files';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';


const SUBMISSION_REVIEWS = `query ($id: ID!) { submission(id: $id) { id status decidedAt reviews { ${REVIEW_FIELDS} } } }`;

describe('reviews', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let widyaiswara: BuiltUser;
  let otherInstructor: BuiltUser;
  let learner: BuiltUser;
  let classmate: BuiltUser;
  let finalAssignment: BuiltAssignment;
  const ids = { final: '', race: '', plain: '' };
  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const reviewCount = () => countRows(t.databaseUrl, 'SELECT count(*) FROM reviews');
  const notificationsOf = (userId: string, submissionId: string) =>
    selectRows<{ kind: string; title: string; body: string | null }>(
      t.databaseUrl,
      'SELECT kind, title, body FROM notifications WHERE recipient_id = $1 AND submission_id = $2 ORDER BY created_at',
      [userId, submissionId],
    );

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    course = await buildCourse(t, { author, title: 'Penulisan Laporan Kinerja', jp: 6 });
    const module = await buildModule(t, course, { title: 'Modul 1: Laporan Kinerja Instansi' });
    // The only required material: accepting it completes the course.
    ids.final = (await buildAssignmentMaterial(t, course, module.id, { title: 'Tugas akhir: LKjIP unit kerja' })).id;
    finalAssignment = await setAssignment(t, course, ids.final, { rubric: SAMPLE_RUBRIC, maxScore: 10, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    ids.race = (await buildAssignmentMaterial(t, course, module.id, { required: false })).id;
    await setAssignment(t, course, ids.race, { maxScore: 100 });
    ids.plain = (await buildAssignmentMaterial(t, course, module.id, { required: false })).id;
    await setAssignment(t, course, ids.plain, { maxScore: 100, rubric: [] });
    await publishCourse(t, course);

    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dr. Hotma Pasaribu' });
    otherInstructor = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
    const otherCohort = await buildCohort(t, course, { instructorIds: [otherInstructor.id] });
    learner = await buildUser(t, { name: 'Sri Wahyuni Tanjung' });
    classmate = await buildUser(t);
    await enrolLearner(t, learner, course, cohort);
    await enrolLearner(t, classmate, course, otherCohort);
  });
  afterAll(() => t.stop());

  const choose = (levels: number[]) =>
    finalAssignment.rubric.map((criterion, index) => ({ criterionId: criterion.id, levelId: criterion.levels[levels[index]].id }));

  it('lets only staff of the work review it, writing nothing for anyone else', async () => {
    const submission = await submitWork(t, learner, ids.plain, { file: false });
    const before = await reviewCount();
    const input = { decision: 'ACCEPTED', score: 90 };
    for (const user of [learner, classmate, otherInstructor, await buildUser(t, { roles: ['INSTRUCTOR'] })]) {
      const refused = await t.gql(REVIEW, { submissionId: submission.id, input }, await as(user));
      expect({ user: user.id, code: errorCode(refused) }).toEqual({ user: user.id, code: 'FORBIDDEN' });
    }
    expect(errorCode(await t.gql(REVIEW, { submissionId: randomUUID(), input }, await as(widyaiswara)))).toBe('NOT_FOUND');
    expect(await reviewCount()).toBe(before);
    const { submission: unchanged } = await t.ok(SUBMISSION_REVIEWS, { id: submission.id }, await as(learner));
    expect(unchanged).toMatchObject({ status: 'AWAITING_REVIEW', reviews: [] });
  });

  it('refuses scores above the maximum, unknown levels and incomplete grading, naming the field', async () => {
    const submission = await submitWork(t, classmate, ids.final);
    const other = await submitWork(t, learner, ids.plain, { file: false });
    const foreignFile = await uploadFeedbackFile(t, await as(widyaiswara), other.id);
    const before = await reviewCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ decision: 'ACCEPTED', score: 10.5 }, 'input.score'],
      [{ score: -1, comment: 'x' }, 'input.score'],
      [{ decision: 'ACCEPTED', rubric: [{ criterionId: finalAssignment.rubric[0].id, levelId: randomUUID() }, choose([0, 0])[1]] }, 'input.rubric[0].levelId'],
      [{ rubric: [{ criterionId: randomUUID(), levelId: randomUUID() }] }, 'input.rubric[0].criterionId'],
      [{ decision: 'NEEDS_REVISION', rubric: [choose([0, 0])[0]] }, 'input.rubric'],
      [{ decision: 'NEEDS_REVISION', comment: 'Perbaiki bab 2.' }, 'input.score'],
      [{ comment: '  ' }, 'input'],
      [{ comment: 'Lihat lampiran.', feedbackFileId: foreignFile.id }, 'input.feedbackFileId'],
    ];
    for (const [input, field] of cases) {
      const result = await t.gql(REVIEW, { submissionId: submission.id, input }, await as(otherInstructor));
      expect({ input, code: errorCode(result), fields: errorFields(result) }).toEqual({ input, code: 'BAD_USER_INPUT', fields: [field] });
    }
    expect(await reviewCount()).toBe(before);
    const { submission: unchanged } = await t.ok(SUBMISSION_REVIEWS, { id: submission.id }, await as(classmate));
    expect(unchanged).toMatchObject({ status: 'AWAITING_REVIEW', decidedAt: null, reviews: [] });
  });

  it('takes feedback without grading: the attempt keeps waiting and the learner is told', async () => {
    const submission = await submitWork(t, learner, ids.race, { file: false });
    const review = await t.ok(REVIEW, { submissionId: submission.id, input: { comment: 'Data **sudah lengkap**, tinggal rencana aksinya.' } }, await as(widyaiswara));
    expect(review.reviewSubmission).toMatchObject({
      decision: null,
      score: null,
      rubricScores: [],
      feedbackFile: null,
      reviewer: { id: widyaiswara.id },
      submission: { id: submission.id, status: 'AWAITING_REVIEW', decidedAt: null },
    });
    expect(await notificationsOf(learner.id, submission.id)).toEqual([
      { kind: 'NEW_FEEDBACK', title: expect.stringContaining('Umpan balik baru'), body: 'Data **sudah lengkap**, tinggal rencana aksinya.' },
    ]);
  });

  it('lets exactly one of two instructors deciding the same attempt at once win; the other gets CONFLICT', async () => {
    const submission = await submitWork(t, classmate, ids.race, { file: false });
    const [first, second] = await Promise.all([
      t.gql(REVIEW, { submissionId: submission.id, input: { decision: 'ACCEPTED', score: 80 } }, await as(otherInstructor)),
      t.gql(REVIEW, { submissionId: submission.id, input: { decision: 'NEEDS_REVISION', score: 40 } }, await as(course.author)),
    ]);
    const outcomes = [first, second].map((result) => (result.errors ? errorCode(result) : 'OK')).sort();
    expect(outcomes).toEqual(['CONFLICT', 'OK']);
    const decided = await selectRows<{ decision: string }>(t.databaseUrl, 'SELECT decision FROM reviews WHERE submission_id = $1', [submission.id]);
    expect(decided).toHaveLength(1);
    const [row] = await selectRows<{ status: string }>(t.databaseUrl, 'SELECT status FROM submissions WHERE id = $1', [submission.id]);
    expect(row.status).toBe(decided[0].decision);
  });

  it('takes no further attempt once an assignment is accepted', async () => {
    const submission = await submitWork(t, classmate, ids.plain, { file: false });
    await reviewSubmission(t, otherInstructor, submission.id, { decision: 'ACCEPTED', score: 75 });
    const before = await countRows(t.databaseUrl, 'SELECT count(*) FROM submissions');
    const again = await t.gql(SUBMIT, { materialId: ids.plain, input: { text: 'Versi kedua.' } }, await as(classmate));
    expect({ code: errorCode(again), fields: errorFields(again) }).toEqual({ code: 'CONFLICT', fields: ['materialId'] });
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM submissions')).toBe(before);
  });

  it('asks for a revision with a feedback file, then accepts the new attempt: material and course complete, JP and certificate', async () => {
    const first = await submitWork(t, learner, ids.final);
    const feedbackBytes = pdfBytes('Catatan penilai: lengkapi indikator kinerja utama');
    const feedback = await uploadFeedbackFile(t, await as(widyaiswara), first.id, feedbackBytes, 'catatan LKjIP.pdf');
    expect(feedback).toMatchObject({ purpose: 'FEEDBACK', filename: 'catatan LKjIP.pdf' });

    const revision = (
      await t.ok(REVIEW, { submissionId: first.id, input: { decision: 'NEEDS_REVISION', rubric: choose([1, 1]), comment: 'Lengkapi IKU.', feedbackFileId: feedback.id } }, await as(widyaiswara))
    ).reviewSubmission;
    expect(revision).toMatchObject({
      decision: 'NEEDS_REVISION',
      score: 6,
      rubricScores: [
        { criterionId: finalAssignment.rubric[0].id, points: 2, criterion: 'Kelengkapan analisis', level: 'Cukup' },
        { criterionId: finalAssignment.rubric[1].id, points: 4, criterion: 'Rencana aksi', level: 'Ada tetapi umum' },
      ],
      feedbackFile: { id: feedback.id },
      submission: { status: 'NEEDS_REVISION', decidedAt: expect.any(String) },
    });
    expect((await notificationsOf(learner.id, first.id)).map((n) => n.kind)).toEqual(['REVISION_REQUESTED']);

    // The learner downloads the feedback file from their submission.
    const { submission: seen } = await t.ok(SUBMISSION_REVIEWS, { id: first.id }, await as(learner));
    const download = await fetch(seen.reviews[0].feedbackFile.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(feedbackBytes)).toBe(true);

    // Decided already: a second decision conflicts; the feedback file cannot go with another review.
    const again = await t.gql(REVIEW, { submissionId: first.id, input: { decision: 'ACCEPTED', score: 10 } }, await as(course.author));
    expect({ code: errorCode(again), fields: errorFields(again) }).toEqual({ code: 'CONFLICT', fields: ['submissionId'] });
    const reused = await t.gql(REVIEW, { submissionId: first.id, input: { comment: 'Tambahan.', feedbackFileId: feedback.id } }, await as(widyaiswara));
    expect(errorFields(reused)).toEqual(['input.feedbackFileId']);

    // A device claiming the assignment done changes nothing: only an accepting review completes it.
    const claim = { id: randomUUID(), materialId: ids.final, occurredAt: new Date().toISOString(), kind: 'COMPLETED' };
    await t.ok(`mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied } }`, { events: [claim] }, await as(learner));
    const progress = (await t.ok(`query ($id: ID!) { material(id: $id) { myProgress { status } } }`, { id: ids.final }, await as(learner))).material.myProgress;
    expect(progress?.status).not.toBe('COMPLETED');

    const second = await submitWork(t, learner, ids.final, { text: 'Revisi: IKU sudah dilengkapi.' });
    expect(second).toMatchObject({ number: 2, status: 'AWAITING_REVIEW' });
    const accepted = await reviewSubmission(t, widyaiswara, second.id, { decision: 'ACCEPTED', rubric: choose([2, 2]), comment: 'Sangat baik.' });
    expect(accepted).toMatchObject({ decision: 'ACCEPTED', score: 10, submission: { status: 'ACCEPTED' } });
    expect((await notificationsOf(learner.id, second.id)).map((n) => [n.kind, n.title])).toEqual([
      ['SUBMISSION_ACCEPTED', 'Tugas "Tugas akhir: LKjIP unit kerja" diterima (nilai 10/10)'],
    ]);

    const token = await authorToken(learner);
    const { material } = await t.ok(`query ($id: ID!) { material(id: $id) { myProgress { status completedAt } } }`, { id: ids.final }, { token });
    expect(material.myProgress).toMatchObject({ status: 'COMPLETED', completedAt: expect.any(String) });
    const { course: mine } = await t.ok(`query ($id: ID) { course(id: $id) { myEnrollment { status certificate { number } } } }`, { id: course.id }, { token });
    expect(mine.myEnrollment).toMatchObject({ status: 'COMPLETED', certificate: { number: expect.stringMatching(/^PELITA\/\d{4}\/\d{6}$/) } });
    const { jpLedger } = await t.ok(`{ jpLedger { title jp } }`, {}, { token });
    expect(jpLedger).toEqual([{ title: 'Penulisan Laporan Kinerja', jp: 6 }]);

    // The enrollment is COMPLETED now: work is handed in only under an ACTIVE one.
    expect(errorCode(await t.gql(SUBMIT, { materialId: ids.final, input: { text: 'Versi ketiga.' } }, { token }))).toBe('FORBIDDEN');
  });
});
