import { authorToken, buildCourse, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildAssignmentMaterial, type BuiltAssignment, reviewSubmission, SAMPLE_RUBRIC, setAssignment, SUBMIT, submitWork, uploadFeedbackFile } from '../builders/assignment';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, enrolLearner } from '../builders/learning';
import { pdfBytes, sha256 } from '../support/sample-files';
import { startTestApp, type TestApp } from '../support/test-app';

const NOTIFICATIONS = `{ unreadNotificationCount notifications(first: 50) { totalCount edges { node { kind title read submissionId } } } }`;
const SUBMISSION = `query ($id: ID!) {
  submission(id: $id) {
    id number status late text
    files { filename sha256 }
    reviews { decision score comment reviewer { id } rubricScores { criterion level points } feedbackFile { filename downloadUrl } }
    comments { body author { id } }
  }
}`;
const QUEUE = `query ($courseId: ID) { reviewQueue(courseId: $courseId) { totalCount edges { node { id number waitingSeconds learner { id } } } } }`;
const COMMENT = `mutation ($submissionId: ID!, $body: String!) { commentOnSubmission(submissionId: $submissionId, body: $body) { id body } }`;
const EVALUATE = `mutation ($enrollmentId: ID!, $input: EvaluationInput!) { submitCourseEvaluation(enrollmentId: $enrollmentId, input: $input) { id submittedAt } }`;
const QUESTIONS = `{ evaluationQuestions { courseQuestions { code } instructorQuestions { code } } }`;
const TEACHING = `query ($courseId: ID) {
  myTeachingEvaluation(courseId: $courseId) {
    myTeaching { withheld responses questions { code mean responses } }
    courses { course { id } courseQuestions { withheld responses questions { code mean } } }
  }
}`;
const REPORT = `query ($courseId: ID!) {
  courseEvaluationReport(courseId: $courseId) {
    courseQuestions { withheld responses questions { code mean distribution } }
    instructors { instructor { id } aggregate { withheld responses questions { code mean } } }
    comments
  }
}`;

type Notifications = { unreadNotificationCount: number; notifications: { edges: { node: { kind: string; read: boolean; submissionId: string | null } }[] } };

/**
 * The feedback journey of issue 5, through the API only: a learner hands in a file and a text,
 * the widyaiswara asks for a revision with rubric levels, a comment and a feedback file, they
 * talk in the thread, the learner resubmits, the widyaiswara accepts; the material and the
 * course complete (JP, certificate), and the queue, notifications and the evaluation aggregates
 * show what happened.
 */
describe('the feedback journey', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let materialId: string;
  let assignment: BuiltAssignment;
  let widyaiswara: BuiltUser;
  let cohortId: string;

  beforeAll(async () => {
    t = await startTestApp();
    course = await buildCourse(t, { title: 'Pelayanan Publik Prima', jp: 8 });
    const module = await buildModule(t, course, { title: 'Standar Pelayanan' });
    materialId = (await buildAssignmentMaterial(t, course, module.id, { title: 'Tugas: Analisis Layanan di Unit Kerja' })).id;
    assignment = await setAssignment(t, course, materialId, { rubric: SAMPLE_RUBRIC, maxScore: 10 });
    await publishCourse(t, course);
    const bkpsdm = await buildOrganization(t, { kind: 'AGENCY' });
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: bkpsdm.id, name: 'Drs. Rahmat Hutagalung' });
    cohortId = (await buildCohort(t, course, { instructorIds: [widyaiswara.id] })).id;
  });
  afterAll(() => t.stop());

  const as = (user: BuiltUser) => authorToken(user).then((token) => ({ token }));
  const level = (criterion: number, title: string) => ({
    criterionId: assignment.rubric[criterion].id,
    levelId: assignment.rubric[criterion].levels.find((candidate) => candidate.title === title)!.id,
  });
  const best = () => [level(0, 'Baik'), level(1, 'Rinci dan terukur')];

  async function evaluate(learner: BuiltUser, enrollmentId: string, score: number, comment: string) {
    const { evaluationQuestions } = await t.ok<{ evaluationQuestions: { courseQuestions: { code: string }[]; instructorQuestions: { code: string }[] } }>(
      QUESTIONS,
      {},
      await as(learner),
    );
    await t.ok(
      EVALUATE,
      {
        enrollmentId,
        input: {
          courseAnswers: evaluationQuestions.courseQuestions.map(({ code }) => ({ questionCode: code, score })),
          instructorAnswers: [{ instructorId: widyaiswara.id, answers: evaluationQuestions.instructorQuestions.map(({ code }) => ({ questionCode: code, score })) }],
          comment,
        },
      },
      await as(learner),
    );
  }

  it('goes from a first hand-in through revision and acceptance to a completed course, and is evaluated', async () => {
    const learner = await buildUser(t, { name: 'Sri Wahyuni Simatupang' });
    const enrollment = await enrolLearner(t, learner, course, { id: cohortId });

    // 1. A file and a text; the widyaiswara is told and finds it in the queue.
    const first = await submitWork(t, learner, materialId, { text: 'Analisis layanan KTP-el: waktu tunggu rata-rata 3 hari.' });
    expect(first).toMatchObject({ number: 1, status: 'AWAITING_REVIEW', late: false });
    expect(first.files).toHaveLength(1);
    const teacherNews = (await t.ok<Notifications>(NOTIFICATIONS, {}, await as(widyaiswara)));
    expect(teacherNews.notifications.edges.map((edge) => edge.node)).toContainEqual(expect.objectContaining({ kind: 'SUBMISSION_WAITING', submissionId: first.id, read: false }));
    const queue = (await t.ok(QUEUE, { courseId: course.id }, await as(widyaiswara))).reviewQueue;
    expect(queue.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([first.id]);
    expect(queue.edges[0].node.waitingSeconds).toBeGreaterThanOrEqual(0);

    // 2. Revision requested with rubric levels, a comment and an annotated file.
    const annotated = pdfBytes('Catatan penilai: lengkapi rencana aksi');
    const feedbackFile = await uploadFeedbackFile(t, await as(widyaiswara), first.id, annotated);
    const revision = await reviewSubmission(t, widyaiswara, first.id, {
      decision: 'NEEDS_REVISION',
      rubric: [level(0, 'Cukup'), level(1, 'Ada tetapi umum')],
      comment: 'Analisis sudah baik. **Rencana aksi** perlu target dan tenggat yang terukur.',
      feedbackFileId: feedbackFile.id,
    });
    expect(revision).toMatchObject({ decision: 'NEEDS_REVISION', score: 6 });

    const seen = (await t.ok(SUBMISSION, { id: first.id }, await as(learner))).submission;
    expect(seen.status).toBe('NEEDS_REVISION');
    expect(seen.reviews).toEqual([
      expect.objectContaining({
        decision: 'NEEDS_REVISION',
        score: 6,
        reviewer: { id: widyaiswara.id },
        rubricScores: [
          { criterion: 'Kelengkapan analisis', level: 'Cukup', points: 2 },
          { criterion: 'Rencana aksi', level: 'Ada tetapi umum', points: 4 },
        ],
      }),
    ]);
    const download = await fetch(seen.reviews[0].feedbackFile.downloadUrl);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(annotated));
    const learnerNews = await t.ok<Notifications>(NOTIFICATIONS, {}, await as(learner));
    expect(learnerNews.notifications.edges.map((edge) => edge.node.kind)).toContain('REVISION_REQUESTED');

    // 3. They talk in the thread, in order.
    await t.ok(COMMENT, { submissionId: first.id, body: 'Terima kasih, Pak. Apakah tenggat per triwulan sudah cukup?' }, await as(learner));
    await t.ok(COMMENT, { submissionId: first.id, body: 'Cukup, asalkan ada indikator capaiannya.' }, await as(widyaiswara));
    const thread = (await t.ok(SUBMISSION, { id: first.id }, await as(learner))).submission.comments;
    expect(thread.map((comment: { author: { id: string } }) => comment.author.id)).toEqual([learner.id, widyaiswara.id]);
    const teacherAfterComment = await t.ok<Notifications>(NOTIFICATIONS, {}, await as(widyaiswara));
    expect(teacherAfterComment.notifications.edges.map((edge) => edge.node.kind)).toContain('NEW_COMMENT');

    // 4. The resubmission keeps the file and is a new attempt; the queue holds only it.
    const second = (
      await t.ok(
        SUBMIT,
        { materialId, input: { text: 'Rencana aksi: antrean daring, target waktu tunggu 1 hari pada triwulan II.', fileIds: [first.files[0].id] } },
        await as(learner),
      )
    ).submitAssignment;
    expect(second).toMatchObject({ number: 2, status: 'AWAITING_REVIEW' });
    expect((await t.ok(QUEUE, { courseId: course.id }, await as(widyaiswara))).reviewQueue.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([second.id]);

    // 5. Accepted: the material, then the course, complete, with JP and a certificate.
    const accepted = await reviewSubmission(t, widyaiswara, second.id, { decision: 'ACCEPTED', rubric: best(), comment: 'Sangat baik.' });
    expect(accepted).toMatchObject({ decision: 'ACCEPTED', score: 10 });
    const progress = (await t.ok(`query ($id: ID!) { material(id: $id) { myProgress { status } } }`, { id: materialId }, await as(learner))).material;
    expect(progress.myProgress.status).toBe('COMPLETED');
    const learning = (await t.ok(`{ myLearning { enrollments { status course { id } } jpEntries { title jp } } myCertificates { number course { id } } }`, {}, await as(learner)));
    expect(learning.myLearning.enrollments).toEqual([{ status: 'COMPLETED', course: { id: course.id } }]);
    expect(learning.myLearning.jpEntries).toEqual([{ title: 'Pelayanan Publik Prima', jp: 8 }]);
    expect(learning.myCertificates).toEqual([expect.objectContaining({ course: { id: course.id } })]);
    const finalNews = await t.ok<Notifications>(NOTIFICATIONS, {}, await as(learner));
    expect(finalNews.notifications.edges.map((edge) => edge.node.kind)).toEqual(expect.arrayContaining(['REVISION_REQUESTED', 'NEW_FEEDBACK', 'SUBMISSION_ACCEPTED']));
    expect(finalNews.unreadNotificationCount).toBeGreaterThanOrEqual(3);
    await t.ok(`mutation { markNotificationsRead }`, {}, await as(learner));
    expect((await t.ok<Notifications>(NOTIFICATIONS, {}, await as(learner))).unreadNotificationCount).toBe(0);

    expect((await t.ok(QUEUE, { courseId: course.id }, await as(widyaiswara))).reviewQueue.totalCount).toBe(0);
    const turnaround = (await t.ok(`query ($courseId: ID) { reviewTurnaround(courseId: $courseId) { byInstructor { instructor { id } decided } byCourse { decided awaiting } } }`, { courseId: course.id }, await as(widyaiswara))).reviewTurnaround;
    expect(turnaround).toEqual({ byInstructor: [{ instructor: { id: widyaiswara.id }, decided: 2 }], byCourse: [{ decided: 2, awaiting: 0 }] });

    // 6. Evaluations: one alone is withheld from the widyaiswara; five are shown, without names.
    await evaluate(learner, enrollment.id, 5, 'Materi sangat relevan dengan tugas di Disdukcapil.');
    const alone = (await t.ok(TEACHING, { courseId: course.id }, await as(widyaiswara))).myTeachingEvaluation;
    expect(alone.myTeaching).toMatchObject({ withheld: true, responses: null, questions: null });

    for (const score of [4, 4, 3, 4]) {
      const peer = await buildUser(t);
      const peerEnrollment = await enrolLearner(t, peer, course, { id: cohortId });
      const work = await submitWork(t, peer, materialId);
      await reviewSubmission(t, widyaiswara, work.id, { decision: 'ACCEPTED', rubric: best() });
      await evaluate(peer, peerEnrollment.id, score, `Penilaian peserta ${score}`);
    }
    const shown = (await t.ok(TEACHING, { courseId: course.id }, await as(widyaiswara))).myTeachingEvaluation;
    expect(shown.myTeaching.withheld).toBe(false);
    expect(shown.myTeaching.responses).toBe(5);
    expect(shown.myTeaching.questions.every((question: { mean: number }) => question.mean === 4)).toBe(true);
    expect(JSON.stringify(shown)).not.toContain('Penilaian peserta');

    const report = (await t.ok(REPORT, { courseId: course.id }, { token: await t.adminToken() })).courseEvaluationReport;
    expect(report.courseQuestions).toMatchObject({ withheld: false, responses: 5 });
    expect(report.courseQuestions.questions[0].distribution).toEqual([0, 0, 1, 3, 1]);
    expect(report.instructors).toEqual([expect.objectContaining({ instructor: { id: widyaiswara.id }, aggregate: expect.objectContaining({ responses: 5 }) })]);
    expect([...report.comments].sort()).toEqual(
      ['Materi sangat relevan dengan tugas di Disdukcapil.', 'Penilaian peserta 3', 'Penilaian peserta 4', 'Penilaian peserta 4', 'Penilaian peserta 4'].sort(),
    );
    expect(JSON.stringify(report)).not.toContain(learner.name);
  });
});
