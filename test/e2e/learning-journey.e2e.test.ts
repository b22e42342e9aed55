import { randomUUID } from 'node:crypto';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { type BuiltQuestion, buildQuizMaterial, setQuiz } from '../builders/quiz';
import { startTestApp, type TestApp } from '../support/test-app';

const QUESTIONS = [
  {
    kind: 'SINGLE_CHOICE' as const,
    prompt: 'Dokumen yang memuat kesanggupan penyelenggara melaksanakan pelayanan disebut…',
    options: [{ text: 'Maklumat pelayanan' }, { text: 'Surat edaran' }, { text: 'Nota dinas' }],
    correct: ['0'],
  },
  { kind: 'TRUE_FALSE' as const, prompt: 'Standar pelayanan wajib dipublikasikan kepada masyarakat.', correct: ['0'] },
  { kind: 'SHORT_ANSWER' as const, prompt: 'Singkatan dari Survei Kepuasan Masyarakat?', correct: ['SKM'] },
];

const START = `mutation ($materialId: ID!) { startQuizAttempt(materialId: $materialId) { id questions { id } } }`;
const SUBMIT = `mutation ($attemptId: ID!, $answers: [QuizAnswerInput!]!) {
  submitQuizAttempt(attemptId: $attemptId, answers: $answers) { percent passed }
}`;

/**
 * A learner's whole course, as the issue describes it: enrol, sync an offline batch with
 * duplicates and late events, pass a pre-test and a post-test, complete, and receive one
 * certificate that verifies without login, whose PDF downloads, with the JP in the ledger.
 */
describe('learning journey', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
  });
  afterAll(() => t.stop());

  const answersFor = (questions: BuiltQuestion[], allRight: boolean) =>
    questions.map((question, index) =>
      question.kind === 'SHORT_ANSWER'
        ? { questionId: question.id, text: allRight ? ' skm ' : 'tidak tahu' }
        : { questionId: question.id, optionIds: allRight || index > 0 ? question.answerKey : [question.options[1].id] },
    );

  it('goes from enrolment to a verified certificate and JP in the ledger', async () => {
    const course = await buildCourse(t, { title: 'Pelayanan Publik Prima', jp: 8 });
    const first = await buildModule(t, course, { title: 'Konsep Pelayanan Publik' });
    const pre = await buildQuizMaterial(t, course, first.id, { title: 'Pre-test' });
    const text = await buildMaterial(t, course, first.id, 'TEXT');
    const video = await buildMaterial(t, course, first.id, 'VIDEO');
    const link = await buildMaterial(t, course, first.id, 'LINK');
    const second = await buildModule(t, course, { title: 'Evaluasi' });
    const post = await buildQuizMaterial(t, course, second.id, { title: 'Post-test' });
    const preQuestions = await setQuiz(t, course, pre.id, { purpose: 'PRE_TEST', questions: QUESTIONS });
    const postQuestions = await setQuiz(t, course, post.id, { purpose: 'POST_TEST', passMark: 80, questions: QUESTIONS });
    await publishCourse(t, course);

    const learner = await buildUser(t, { name: 'Rina Hutagalung' });
    const token = await authorToken(learner);
    await enrolLearner(t, learner, course);

    // The pre-test measures the start: handed in with one answer wrong.
    const preAttempt = (await t.ok(START, { materialId: pre.id }, { token })).startQuizAttempt;
    const preResult = (await t.ok(SUBMIT, { attemptId: preAttempt.id, answers: answersFor(preQuestions, false) }, { token })).submitQuizAttempt;
    expect(preResult.passed).toBe(false);

    // A phone offline for days: the same event twice, and a video position older than one already sent.
    const dayAgo = (minutes: number) => new Date(Date.now() - 2 * 86_400_000 + minutes * 60_000).toISOString();
    const openedText = { id: randomUUID(), materialId: text.id, occurredAt: dayAgo(0), kind: 'OPENED' };
    const events = [
      openedText,
      { id: randomUUID(), materialId: video.id, occurredAt: dayAgo(20), kind: 'POSITION', position: 1150, duration: 1200 },
      openedText,
      { id: randomUUID(), materialId: video.id, occurredAt: dayAgo(5), kind: 'POSITION', position: 300, duration: 1200 },
      { id: randomUUID(), materialId: link.id, occurredAt: dayAgo(30), kind: 'OPENED' },
    ];
    const synced = (await t.ok(`mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates refused } }`, { events }, { token }))
      .recordProgress;
    expect(synced).toEqual({ applied: 4, duplicates: 1, refused: 0 });
    const again = (await t.ok(`mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates } }`, { events }, { token }))
      .recordProgress;
    expect(again).toEqual({ applied: 0, duplicates: 5 });
    const videoProgress = (await t.ok(`query ($id: ID!) { material(id: $id) { myProgress { status furthestPositionSeconds } } }`, { id: video.id }, { token }))
      .material.myProgress;
    expect(videoProgress).toEqual({ status: 'COMPLETED', furthestPositionSeconds: 1150 });

    const postAttempt = (await t.ok(START, { materialId: post.id }, { token })).startQuizAttempt;
    const postResult = (await t.ok(SUBMIT, { attemptId: postAttempt.id, answers: answersFor(postQuestions, true) }, { token })).submitQuizAttempt;
    expect(postResult).toEqual({ percent: 100, passed: true });

    const gain = (await t.ok(`query ($id: ID) { course(id: $id) { myLearningGain { preTestPercent postTestPercent gain } } }`, { id: course.id }, { token }))
      .course.myLearningGain;
    expect(gain.postTestPercent).toBe(100);
    expect(gain.gain).toBeGreaterThan(0);

    const learning = (await t.ok(`{ myLearning { jpThisYear jpTarget enrollments { status percent course { id } } jpEntries { title jp } } }`, {}, { token }))
      .myLearning;
    expect(learning.enrollments).toEqual([{ status: 'COMPLETED', percent: 100, course: { id: course.id } }]);
    expect(learning).toMatchObject({ jpThisYear: 8, jpTarget: 20, jpEntries: [{ title: 'Pelayanan Publik Prima', jp: 8 }] });

    let certificates: { number: string; verificationCode: string; pdfStatus: string; pdfUrl: string | null }[] = [];
    const deadline = Date.now() + 20_000;
    do {
      certificates = (await t.ok(`{ myCertificates { number verificationCode pdfStatus pdfUrl } }`, {}, { token })).myCertificates;
      if (certificates[0]?.pdfStatus !== 'READY') await new Promise((resolve) => setTimeout(resolve, 300));
    } while (certificates[0]?.pdfStatus !== 'READY' && Date.now() < deadline);
    expect(certificates).toHaveLength(1);
    expect(certificates[0].number).toMatch(/^PELITA\/\d{4}\/\d{6}$/);

    const verified = await t.gql(
      `query ($code: String!) { verifyCertificate(code: $code) { number holderName holderNip courseTitle jp valid } }`,
      { code: certificates[0].verificationCode },
    );
    expect(verified.data.verifyCertificate).toEqual({
      number: certificates[0].number,
      holderName: 'Rina Hutagalung',
      holderNip: learner.nip,
      courseTitle: 'Pelayanan Publik Prima',
      jp: 8,
      valid: true,
    });
    // The page the certificate's QR code opens on a phone.
    const base = t.url.replace(/\/graphql$/, '');
    const page = await fetch(`${base}/verify/${certificates[0].verificationCode.toLowerCase()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sertifikat sah');
    expect(html).toContain('Rina Hutagalung');
    expect(html).toContain(certificates[0].number);
    expect((await fetch(`${base}/verify/TIDAKADA99`)).status).toBe(404);
    const pdf = Buffer.from(await (await fetch(certificates[0].pdfUrl as string)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
