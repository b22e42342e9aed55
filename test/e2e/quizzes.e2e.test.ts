import { randomUUID } from 'node:crypto';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, enrolLearner } from '../builders/learning';
import { buildQuizMaterial, type BuiltQuestion, SET_QUIZ, setQuiz } from '../builders/quiz';
import { withClient } from '../support/global-setup';
import { startTestApp, type TestApp } from '../support/test-app';

const ATTEMPT_FIELDS = `id number status deadlineAt submittedAt score maxScore percent passed expired
  questions { id kind prompt options { id text } points }`;
const START = `mutation ($materialId: ID!) { startQuizAttempt(materialId: $materialId) { ${ATTEMPT_FIELDS} } }`;
const SUBMIT = `mutation ($attemptId: ID!, $answers: [QuizAnswerInput!]!) {
  submitQuizAttempt(attemptId: $attemptId, answers: $answers) {
    ${ATTEMPT_FIELDS}
    review { questionId chosenOptionIds text correctOptionIds acceptedAnswers pointsAwarded points correct }
  }
}`;
const LEARNER_QUIZ = `query ($id: ID!) {
  material(id: $id) {
    myProgress { status completedAt }
    quiz { purpose passMark maxAttempts timeLimitSeconds scorePolicy
      questions { id kind prompt points options { id text } }
      myAttempts { id number status percent review { questionId } }
      myResult { bestPercent lastPercent passed attemptsLeft } }
  }
}`;

const ACCEPTED = 'Survei Kepuasan Masyarakat';
const FOUR_KINDS = {
  purpose: 'PRACTICE' as const,
  passMark: 75,
  maxAttempts: 2,
  scorePolicy: 'BEST' as const,
  questions: [
    { kind: 'SINGLE_CHOICE' as const, prompt: 'Asas penyelenggaraan pelayanan publik adalah…', options: [{ text: 'Kepastian hukum' }, { text: 'Kerahasiaan biaya' }, { text: 'Keistimewaan' }], correct: ['0'], points: 2 },
    { kind: 'MULTIPLE_CHOICE' as const, prompt: 'Komponen standar pelayanan meliputi…', options: [{ text: 'Persyaratan' }, { text: 'Biaya/tarif' }, { text: 'Warna seragam' }], correct: ['0', '1'], points: 3 },
    { kind: 'TRUE_FALSE' as const, prompt: 'Maklumat pelayanan wajib dipublikasikan.', correct: ['0'], points: 1 },
    { kind: 'SHORT_ANSWER' as const, prompt: 'Kepanjangan SKM adalah…', correct: [ACCEPTED, 'survei kepuasan masyarakat (SKM)'], points: 4 },
  ],
};

/** Single-choice questions whose first option is right: a learner scores exactly the share answered first. */
const simpleQuestions = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    kind: 'SINGLE_CHOICE' as const,
    prompt: `Pertanyaan ${index + 1} tentang pelayanan publik`,
    options: [{ text: 'Benar menurut UU 25/2009' }, { text: 'Tidak diatur' }],
    correct: ['0'],
  }));

type Answer = { questionId: string; optionIds?: string[]; text?: string };
const rightAnswers = (questions: BuiltQuestion[]): Answer[] =>
  questions.map((question) => (question.kind === 'SHORT_ANSWER' ? { questionId: question.id, text: `  survei  KEPUASAN masyarakat ` } : { questionId: question.id, optionIds: question.answerKey }));

describe('quizzes', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let learner: BuiltUser;
  let other: BuiltUser;
  let outsider: BuiltUser;
  let token: string;
  let cohortId: string;
  const ids = { text: '', pre: '', practice: '', post: '' };
  let practice: BuiltQuestion[];
  let pre: BuiltQuestion[];
  let post: BuiltQuestion[];
  const as = (user: BuiltUser) => authorToken(user).then((value) => ({ token: value }));

  beforeAll(async () => {
    t = await startTestApp();
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    course = await buildCourse(t, { author, title: 'Pelayanan Publik Prima' });
    const first = await buildModule(t, course, { title: 'Modul 1: Dasar Pelayanan Publik' });
    const second = await buildModule(t, course, { title: 'Modul 2: Standar Pelayanan' });
    await t.ok(
      `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id } }`,
      { id: second.id, input: { title: 'Modul 2: Standar Pelayanan', prerequisiteModuleId: first.id } },
      await as(author),
    );
    ids.pre = (await buildQuizMaterial(t, course, first.id, { title: 'Pre-test' })).id;
    ids.text = (await buildMaterial(t, course, first.id, 'TEXT')).id;
    ids.practice = (await buildQuizMaterial(t, course, first.id, { title: 'Latihan Soal' })).id;
    ids.post = (await buildQuizMaterial(t, course, second.id, { title: 'Post-test' })).id;
    learner = await buildUser(t);
    other = await buildUser(t);
    outsider = await buildUser(t);
    token = await authorToken(learner);
  });
  afterAll(() => t.stop());

  it('lets the author set a quiz of all four kinds, with the answer key for authors only', async () => {
    practice = await setQuiz(t, course, ids.practice, FOUR_KINDS);
    expect(practice.map((question) => question.kind)).toEqual(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_ANSWER']);
    expect(practice[2].options.map((option) => option.text)).toEqual(['Benar', 'Salah']);
    expect(practice[1].answerKey).toEqual([practice[1].options[0].id, practice[1].options[1].id]);
    expect(practice[3]).toMatchObject({ options: [], answerKey: [ACCEPTED, 'survei kepuasan masyarakat (SKM)'] });

    pre = await setQuiz(t, course, ids.pre, { purpose: 'PRE_TEST', passMark: 70, questions: simpleQuestions(4) });
    post = await setQuiz(t, course, ids.post, { purpose: 'POST_TEST', passMark: 70, maxAttempts: 3, timeLimitSeconds: 60, questions: simpleQuestions(4) });
  });

  it('refuses bad quizzes with field paths, a second PRE_TEST, and quizzes on other kinds', async () => {
    const bad = await t.gql(
      SET_QUIZ,
      { materialId: ids.practice, input: { ...FOUR_KINDS, passMark: 101, questions: [FOUR_KINDS.questions[0], { ...FOUR_KINDS.questions[1], correct: ['7'] }] } },
      await as(course.author),
    );
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].extensions?.fields?.map((field) => field.field)).toEqual(['passMark', 'questions.1.correct']);

    const second = await t.gql(SET_QUIZ, { materialId: ids.practice, input: { purpose: 'PRE_TEST', questions: simpleQuestions(1) } }, await as(course.author));
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');

    const onText = await t.gql(SET_QUIZ, { materialId: ids.text, input: { questions: simpleQuestions(1) } }, await as(course.author));
    expect(onText.errors?.[0].extensions?.fields?.[0].field).toBe('materialId');

    const byLearner = await t.gql(SET_QUIZ, { materialId: ids.practice, input: FOUR_KINDS }, { token });
    expect(byLearner.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    await publishCourse(t, course);
    cohortId = (await buildCohort(t, course)).id;
    await enrolLearner(t, learner, course, { id: cohortId });
    await enrolLearner(t, other, course, { id: cohortId });
  });

  it('never shows learners the correct answers', async () => {
    const seen = await t.ok(LEARNER_QUIZ, { id: ids.practice }, { token });
    const json = JSON.stringify(seen.material.quiz.questions);
    expect(json).not.toContain('Survei Kepuasan');
    expect(json).not.toMatch(/answerKey|correct/i);
    expect(seen.material.quiz.questions[0]).toEqual({ id: practice[0].id, kind: 'SINGLE_CHOICE', prompt: FOUR_KINDS.questions[0].prompt, points: 2, options: practice[0].options });

    const key = await t.gql(`query ($id: ID!) { material(id: $id) { quiz { questions { answerKey } } } }`, { id: ids.practice }, { token });
    expect(key.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(JSON.stringify(key.data ?? {})).not.toContain(practice[0].answerKey[0]);
  });

  it('refuses learners who are not enrolled, and a module locked by its prerequisite', async () => {
    const notEnrolled = await t.gql(START, { materialId: ids.practice }, await as(outsider));
    expect(notEnrolled.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const locked = await t.gql(START, { materialId: ids.post }, { token });
    expect(locked.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('completes a pre-test once handed in, whatever the score', async () => {
    const attempt = (await t.ok(START, { materialId: ids.pre }, { token })).startQuizAttempt;
    const answers = pre.map((question, index) => ({ questionId: question.id, optionIds: [question.options[index === 0 ? 0 : 1].id] }));
    const graded = (await t.ok(SUBMIT, { attemptId: attempt.id, answers }, { token })).submitQuizAttempt;
    expect(graded).toMatchObject({ status: 'SUBMITTED', score: 1, maxScore: 4, percent: 25, passed: false });
    const seen = await t.ok(LEARNER_QUIZ, { id: ids.pre }, { token });
    expect(seen.material.myProgress.status).toBe('COMPLETED');
    expect(seen.material.quiz.myResult).toEqual({ bestPercent: 25, lastPercent: 25, passed: true, attemptsLeft: null });
  });

  it('starts idempotently, grades on the server, refuses unknown questions, a second submit and foreign attempts', async () => {
    const first = (await t.ok(START, { materialId: ids.practice }, { token })).startQuizAttempt;
    expect(first).toMatchObject({ number: 1, status: 'IN_PROGRESS', deadlineAt: null, score: null, expired: false });
    expect(first.questions.map((question: { id: string }) => question.id)).toEqual(practice.map((question) => question.id));
    expect((await t.ok(START, { materialId: ids.practice }, { token })).startQuizAttempt.id).toBe(first.id);
    const before = await t.ok(LEARNER_QUIZ, { id: ids.practice }, { token });
    expect(before.material.quiz.myAttempts).toEqual([{ id: first.id, number: 1, status: 'IN_PROGRESS', percent: null, review: null }]);

    const unknown = await t.gql(SUBMIT, { attemptId: first.id, answers: [{ questionId: pre[0].id, optionIds: [pre[0].options[0].id] }] }, { token });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].extensions?.fields?.[0].field).toBe('answers');

    const foreign = await t.gql(SUBMIT, { attemptId: first.id, answers: [] }, await as(other));
    expect(foreign.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Single choice and true/false right (3 of 10 points); multiple choice half right scores nothing.
    const answers = [
      { questionId: practice[0].id, optionIds: practice[0].answerKey },
      { questionId: practice[1].id, optionIds: [practice[1].answerKey[0]] },
      { questionId: practice[2].id, optionIds: practice[2].answerKey },
      { questionId: practice[3].id, text: 'SKM' },
    ];
    const graded = (await t.ok(SUBMIT, { attemptId: first.id, answers }, { token })).submitQuizAttempt;
    expect(graded).toMatchObject({ status: 'SUBMITTED', score: 3, maxScore: 10, percent: 30, passed: false });
    expect(graded.review[1]).toMatchObject({ chosenOptionIds: [practice[1].answerKey[0]], correctOptionIds: practice[1].answerKey, pointsAwarded: 0, correct: false });
    expect(graded.review[3]).toMatchObject({ text: 'SKM', acceptedAnswers: practice[3].answerKey, correct: false });

    const again = await t.gql(SUBMIT, { attemptId: first.id, answers }, { token });
    expect(again.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await t.ok(LEARNER_QUIZ, { id: ids.practice }, { token })).material.myProgress).toBeNull();
  });

  it('lets one of two concurrent submits win, completes the material on passing, then enforces the attempt limit', async () => {
    const second = (await t.ok(START, { materialId: ids.practice }, { token })).startQuizAttempt;
    expect(second.number).toBe(2);
    const answers = rightAnswers(practice);
    const results = await Promise.all([t.gql(SUBMIT, { attemptId: second.id, answers }, { token }), t.gql(SUBMIT, { attemptId: second.id, answers }, { token })]);
    const winners = results.filter((result) => !result.errors);
    const losers = results.filter((result) => result.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map((result) => result.errors?.[0].extensions?.code)).toEqual(['CONFLICT']);
    expect(winners[0].data.submitQuizAttempt).toMatchObject({ score: 10, percent: 100, passed: true });

    const seen = await t.ok(LEARNER_QUIZ, { id: ids.practice }, { token });
    expect(seen.material.myProgress.status).toBe('COMPLETED');
    expect(seen.material.quiz.myResult).toEqual({ bestPercent: 100, lastPercent: 100, passed: true, attemptsLeft: 0 });
    const limit = await t.gql(START, { materialId: ids.practice }, { token });
    expect(limit.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('refuses a submit after the deadline and its grace period; the expired attempt counts but is never scored', async () => {
    await t.ok(`mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied } }`, {
      events: [{ id: randomUUID(), materialId: ids.text, occurredAt: new Date().toISOString(), kind: 'OPENED' }],
    }, { token });
    const late = (await t.ok(START, { materialId: ids.post }, { token })).startQuizAttempt;
    expect(new Date(late.deadlineAt).getTime()).toBeGreaterThan(Date.now());
    await withClient(t.databaseUrl, (client) => client.query(`UPDATE quiz_attempts SET deadline_at = now() - interval '31 seconds' WHERE id = $1`, [late.id]));
    const refused = await t.gql(SUBMIT, { attemptId: late.id, answers: rightAnswers(post) }, { token });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');

    const fresh = (await t.ok(START, { materialId: ids.post }, { token })).startQuizAttempt;
    expect(fresh.number).toBe(2);
    const graded = (await t.ok(SUBMIT, { attemptId: fresh.id, answers: rightAnswers(post) }, { token })).submitQuizAttempt;
    expect(graded).toMatchObject({ percent: 100, passed: true });
    const seen = await t.ok(LEARNER_QUIZ, { id: ids.post }, { token });
    expect(seen.material.quiz.myAttempts.map((attempt: { status: string; percent: number | null }) => [attempt.status, attempt.percent])).toEqual([
      ['IN_PROGRESS', null],
      ['SUBMITTED', 100],
    ]);
    expect(seen.material.quiz.myResult.attemptsLeft).toBe(1);
  });

  it('reports the learning gain to the learner and, averaged, to the course staff', async () => {
    const mine = await t.ok(`query ($id: ID) { course(id: $id) { myLearningGain { preTestPercent postTestPercent gain } myProgress { percent } myEnrollment { status } } }`, { id: course.id }, { token });
    expect(mine.course.myLearningGain).toEqual({ preTestPercent: 25, postTestPercent: 100, gain: 75 });
    expect(mine.course.myProgress.percent).toBe(100);
    // Passing the post-test completed the last required material, and with it the course.
    expect(mine.course.myEnrollment.status).toBe('COMPLETED');

    const cohortGain = `query ($id: ID!) { cohort(id: $id) { learningGain { learners averagePre averagePost averageGain } } }`;
    const staff = await t.ok(cohortGain, { id: cohortId }, await as(course.author));
    expect(staff.cohort.learningGain).toEqual({ learners: 1, averagePre: 25, averagePost: 100, averageGain: 75 });
    expect((await t.ok(cohortGain, { id: cohortId }, { token })).cohort).toBeNull();
  });
});
