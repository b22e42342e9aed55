import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, type BuiltCohort, buildPublishedCourse, completeCourseAs, enrolLearner } from '../builders/learning';
import { countRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const SUBMIT = `mutation ($enrollmentId: ID!, $input: EvaluationInput!) {
  submitCourseEvaluation(enrollmentId: $enrollmentId, input: $input) { id submittedAt }
}`;
const QUESTIONS = `{ evaluationQuestions { courseQuestions { code text } instructorQuestions { code text } scale { score label } } }`;
const AGGREGATE = `withheld responses questions { code text responses mean distribution }`;
const MY_TEACHING = `query ($courseId: ID) {
  myTeachingEvaluation(courseId: $courseId) {
    myTeaching { ${AGGREGATE} }
    courses { course { id title } myTeaching { ${AGGREGATE} } courseQuestions { ${AGGREGATE} } }
  }
}`;
const REPORT = `query ($courseId: ID!, $cohortId: ID) {
  courseEvaluationReport(courseId: $courseId, cohortId: $cohortId) {
    course { id } cohort { id }
    courseQuestions { ${AGGREGATE} }
    instructors { instructor { id name } aggregate { ${AGGREGATE} } }
    comments
  }
}`;
const MY_EVALUATION = `query ($id: ID) { course(id: $id) { myEnrollment { id status myEvaluation { id submittedAt } } } }`;

const COURSE_CODES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'];
const INSTRUCTOR_CODES = ['W1', 'W2', 'W3', 'W4', 'W5'];
/** Five learners' answers: row = learner, column = question (P1..P6, W1..W5). */
const COURSE_SCORES = [
  [5, 4, 3, 4, 5, 5],
  [4, 4, 2, 3, 4, 4],
  [5, 5, 3, 5, 4, 5],
  [3, 4, 4, 4, 3, 4],
  [4, 5, 1, 4, 5, 4],
];
const FIRST_INSTRUCTOR_SCORES = [
  [5, 4, 4, 5, 4],
  [5, 5, 3, 5, 4],
  [4, 4, 4, 5, 3],
  [5, 3, 4, 4, 5],
  [4, 4, 5, 5, 4],
];
const COMMENTS = [
  'Materi sangat bermanfaat untuk pelayanan di kecamatan.',
  'Jadwal terlalu padat pada hari kedua.',
  'Mohon modul diperbarui dengan Permenpan terbaru.',
  '   ',
  null,
];
/** A blank comment is no comment. */
const WRITTEN_COMMENTS = COMMENTS.filter((comment): comment is string => !!comment?.trim());

const likert = (codes: string[], scores: number[]) => codes.map((questionCode, index) => ({ questionCode, score: scores[index] }));
const expectedAggregate = (codes: string[], rows: number[][]) => ({
  withheld: false,
  responses: rows.length,
  questions: codes.map((code, column) => {
    const scores = rows.map((row) => row[column]);
    return {
      code,
      text: expect.any(String),
      responses: rows.length,
      mean: Math.round((scores.reduce((a, b) => a + b, 0) * 100) / scores.length) / 100,
      distribution: [1, 2, 3, 4, 5].map((score) => scores.filter((value) => value === score).length),
    };
  }),
});
const WITHHELD = { withheld: true, responses: null, questions: null };

describe('course evaluations', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let cohort: BuiltCohort;
  let first: BuiltUser;
  let second: BuiltUser;
  let outsiderInstructor: BuiltUser;
  let notYet: BuiltUser;
  const learners: BuiltUser[] = [];
  const enrollments: string[] = [];
  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const submit = async (user: BuiltUser, enrollmentId: string, input: unknown) => t.gql(SUBMIT, { enrollmentId, input }, await as(user));
  const rowsOf = (enrollmentId: string) =>
    countRows(
      t.databaseUrl,
      `SELECT (SELECT count(*) FROM course_evaluations WHERE enrollment_id = $1) + (SELECT count(*) FROM evaluation_answers a JOIN course_evaluations e ON e.id = a.evaluation_id WHERE e.enrollment_id = $1) AS count`,
      [enrollmentId],
    );
  /** Learner `index`'s evaluation: the course, the first instructor, and the second for all but the last learner. */
  const inputOf = (index: number) => ({
    courseAnswers: likert(COURSE_CODES, COURSE_SCORES[index]),
    instructorAnswers: [
      { instructorId: first.id, answers: likert(INSTRUCTOR_CODES, FIRST_INSTRUCTOR_SCORES[index]) },
      ...(index < 4 ? [{ instructorId: second.id, answers: likert(INSTRUCTOR_CODES, [4, 4, 4, 4, 4]) }] : []),
    ],
    comment: COMMENTS[index],
  });

  beforeAll(async () => {
    t = await startTestApp();
    const author = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Rahmat Pasaribu' });
    // A widyaiswara on loan from the provincial training centre, and a colleague of the author.
    first = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dra. Hotmauli Sitompul' });
    second = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: author.organizationId, name: 'Ir. Budi Tanjung' });
    outsiderInstructor = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Fauziah Lubis' });
    course = await buildCourse(t, { author, title: 'Pelayanan Publik Prima' });
    const module = await buildModule(t, course, { title: 'Modul 1: Standar Pelayanan' });
    await buildMaterial(t, course, module.id, 'TEXT', { title: 'Bacaan: UU 25/2009' });
    await publishCourse(t, course);
    cohort = await buildCohort(t, course, { instructorIds: [first.id, second.id] });
    for (let index = 0; index < 5; index += 1) {
      const learner = await buildUser(t, { name: `Peserta Evaluasi ${index + 1} Simanjuntak` });
      await enrolLearner(t, learner, course, cohort);
      enrollments.push((await completeCourseAs(t, learner, course)).id);
      learners.push(learner);
    }
    notYet = await buildUser(t, { name: 'Peserta Belum Selesai' });
    await enrolLearner(t, notYet, course, cohort);
  });
  afterAll(() => t.stop());

  it('answers the fixed questionnaire with a 1–5 scale', async () => {
    const { evaluationQuestions } = await t.ok(QUESTIONS);
    expect(evaluationQuestions.courseQuestions.map((q: { code: string }) => q.code)).toEqual(COURSE_CODES);
    expect(evaluationQuestions.courseQuestions[0].text).toBe('Materi pelatihan sesuai dengan kebutuhan tugas saya');
    expect(evaluationQuestions.instructorQuestions).toEqual([
      { code: 'W1', text: 'Penguasaan materi' },
      { code: 'W2', text: 'Cara penyajian' },
      { code: 'W3', text: 'Pemanfaatan waktu' },
      { code: 'W4', text: 'Sikap dan perilaku' },
      { code: 'W5', text: 'Kemampuan menjawab pertanyaan' },
    ]);
    expect(evaluationQuestions.scale.map((level: { score: number }) => level.score)).toEqual([1, 2, 3, 4, 5]);
    expect(evaluationQuestions.scale[0].label).toBe('Sangat kurang');
    expect(evaluationQuestions.scale[4].label).toBe('Sangat baik');
  });

  it('refuses an evaluation before the course is completed', async () => {
    const enrollment = (await t.ok(MY_EVALUATION, { id: course.id }, await as(notYet))).course.myEnrollment;
    expect(enrollment).toMatchObject({ status: 'ACTIVE', myEvaluation: null });
    const result = await submit(notYet, enrollment.id, inputOf(0));
    expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'enrollmentId', message: expect.any(String) }] });
    expect(await rowsOf(enrollment.id)).toBe(0);
  });

  it("refuses to evaluate another learner's enrollment", async () => {
    const result = await submit(learners[1], enrollments[0], inputOf(1));
    expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');
    const byInstructor = await submit(first, enrollments[0], inputOf(0));
    expect(byInstructor.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(await rowsOf(enrollments[0])).toBe(0);
  });

  it.each([
    ['a score of 0', (input: any) => (input.courseAnswers[2].score = 0), 'input.courseAnswers[2].score'],
    ['a score of 6', (input: any) => (input.instructorAnswers[0].answers[4].score = 6), 'input.instructorAnswers[0].answers[4].score'],
    ['an instructor question among the course questions', (input: any) => (input.courseAnswers[5].questionCode = 'W1'), 'input.courseAnswers[5].questionCode'],
    ['a missing course question', (input: any) => input.courseAnswers.pop(), 'input.courseAnswers'],
    ['a course question answered twice', (input: any) => input.courseAnswers.push({ questionCode: 'P1', score: 3 }), 'input.courseAnswers[6].questionCode'],
    ['a missing instructor question', (input: any) => input.instructorAnswers[1].answers.splice(2, 1), 'input.instructorAnswers[1].answers'],
    ['an instructor not of the cohort', (input: any) => (input.instructorAnswers[0].instructorId = outsiderInstructor.id), 'input.instructorAnswers[0].instructorId'],
    ['an instructor evaluated twice', (input: any) => (input.instructorAnswers[1].instructorId = first.id), 'input.instructorAnswers[1].instructorId'],
    ['a comment over 2000 characters', (input: any) => (input.comment = 'Terlalu panjang. '.repeat(120)), 'input.comment'],
  ])('refuses %s with BAD_USER_INPUT on its field and writes nothing', async (_case, spoil, field) => {
    const input = inputOf(0);
    spoil(input);
    const result = await submit(learners[0], enrollments[0], input);
    expect(result.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(result.errors![0].extensions!.fields).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    expect(await rowsOf(enrollments[0])).toBe(0);
  });

  it('takes an evaluation once per enrollment, even when sent twice at the same moment', async () => {
    const answers = await Promise.all([submit(learners[0], enrollments[0], inputOf(0)), submit(learners[0], enrollments[0], inputOf(0))]);
    const accepted = answers.filter((answer) => !answer.errors);
    const refused = answers.filter((answer) => answer.errors);
    expect(accepted).toHaveLength(1);
    expect(refused.map((answer) => answer.errors![0].extensions)).toEqual([
      { code: 'CONFLICT', fields: [{ field: 'enrollmentId', message: expect.any(String) }] },
    ]);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM course_evaluations WHERE enrollment_id = $1`, [enrollments[0]])).toBe(1);
    // 6 course questions and 5 for each of the two instructors.
    expect(await rowsOf(enrollments[0])).toBe(1 + 6 + 5 + 5);

    const again = await submit(learners[0], enrollments[0], inputOf(0));
    expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    expect(await rowsOf(enrollments[0])).toBe(17);

    const own = (await t.ok(MY_EVALUATION, { id: course.id }, await as(learners[0]))).course.myEnrollment.myEvaluation;
    expect(own).toEqual({ id: accepted[0].data!.submitCourseEvaluation.id, submittedAt: expect.any(String) });
  });

  it('shows whether an enrollment was evaluated only to its learner', async () => {
    const staffView = await t.ok(
      `query ($id: ID!) { cohort(id: $id) { enrollments(first: 50) { edges { node { id myEvaluation { id } } } } } }`,
      { id: cohort.id },
      await as(course.author),
    );
    const nodes = staffView.cohort.enrollments.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toContainEqual({ id: enrollments[0], myEvaluation: null });
  });

  it('withholds every aggregate while fewer than 5 learners have answered', async () => {
    for (const index of [1, 2, 3]) {
      const result = await submit(learners[index], enrollments[index], inputOf(index));
      expect(result.errors).toBeUndefined();
    }
    const teaching = (await t.ok(MY_TEACHING, {}, await as(first))).myTeachingEvaluation;
    expect(teaching.myTeaching).toEqual(WITHHELD);
    expect(teaching.courses).toEqual([{ course: { id: course.id, title: course.title }, myTeaching: WITHHELD, courseQuestions: WITHHELD }]);

    const report = (await t.ok(REPORT, { courseId: course.id }, { token: await t.adminToken() })).courseEvaluationReport;
    expect(report.courseQuestions).toEqual(WITHHELD);
    expect(report.comments).toBeNull();
    expect(report.instructors).toHaveLength(2);
    expect(report.instructors.map((row: { aggregate: unknown }) => row.aggregate)).toEqual([WITHHELD, WITHHELD]);
  });

  it('shows instructors their means once 5 learners have answered, without names or comments', async () => {
    expect((await submit(learners[4], enrollments[4], inputOf(4))).errors).toBeUndefined();

    const response = await t.gql(MY_TEACHING, {}, await as(first));
    const teaching = response.data!.myTeachingEvaluation;
    const mine = expectedAggregate(INSTRUCTOR_CODES, FIRST_INSTRUCTOR_SCORES);
    expect(teaching.myTeaching).toEqual(mine);
    expect(teaching.courses).toEqual([
      { course: { id: course.id, title: course.title }, myTeaching: mine, courseQuestions: expectedAggregate(COURSE_CODES, COURSE_SCORES) },
    ]);
    // P3 was answered 3, 2, 3, 4, 1: mean 2.6.
    expect(teaching.courses[0].courseQuestions.questions[2]).toMatchObject({ code: 'P3', mean: 2.6, distribution: [1, 1, 2, 1, 0] });
    expect(response.extensions?.sqlStatements).toBeLessThanOrEqual(3);
    const text = JSON.stringify(response);
    for (const learner of learners) expect(text).not.toContain(learner.name);
    for (const comment of WRITTEN_COMMENTS) expect(text).not.toContain(comment);

    // The second instructor was rated by only 4 of the 5: still withheld, though the course is shown.
    const secondView = (await t.ok(MY_TEACHING, { courseId: course.id }, await as(second))).myTeachingEvaluation;
    expect(secondView.myTeaching).toEqual(WITHHELD);
    expect(secondView.courses[0].courseQuestions).toEqual(expectedAggregate(COURSE_CODES, COURSE_SCORES));
  });

  it('gives admins aggregates per instructor and the comments without their authors', async () => {
    const response = await t.gql(REPORT, { courseId: course.id }, { token: await t.adminToken() });
    const report = response.data!.courseEvaluationReport;
    expect(report.courseQuestions).toEqual(expectedAggregate(COURSE_CODES, COURSE_SCORES));
    expect(report.instructors).toEqual([
      // By name: Dra. Hotmauli Sitompul before Ir. Budi Tanjung.
      { instructor: { id: first.id, name: first.name }, aggregate: expectedAggregate(INSTRUCTOR_CODES, FIRST_INSTRUCTOR_SCORES) },
      { instructor: { id: second.id, name: second.name }, aggregate: WITHHELD },
    ]);
    expect([...report.comments].sort()).toEqual([...WRITTEN_COMMENTS].sort());
    // One statement counts every group; the rest are the caller, the course, the instructors and the comments.
    expect(response.extensions?.sqlStatements).toBeLessThanOrEqual(5);
    const text = JSON.stringify(response);
    for (const learner of learners) {
      expect(text).not.toContain(learner.name);
      expect(text).not.toContain(learner.id);
    }

    const ofCohort = (await t.ok(REPORT, { courseId: course.id, cohortId: cohort.id }, { token: await t.adminToken() })).courseEvaluationReport;
    expect(ofCohort).toMatchObject({ cohort: { id: cohort.id }, courseQuestions: expectedAggregate(COURSE_CODES, COURSE_SCORES) });
  });

  it('shows course authors the course aggregate only', async () => {
    const report = (await t.ok(REPORT, { courseId: course.id }, await as(course.author))).courseEvaluationReport;
    expect(report).toMatchObject({ courseQuestions: expectedAggregate(COURSE_CODES, COURSE_SCORES), instructors: null, comments: null });
  });

  it('refuses the report to learners and other instructors, a cohort of another course, and a summary of a course not taught', async () => {
    const byLearner = await t.gql(REPORT, { courseId: course.id }, await as(learners[0]));
    expect(byLearner.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(byLearner.data).toBeNull();
    const byWidyaiswara = await t.gql(REPORT, { courseId: course.id }, await as(first));
    expect(byWidyaiswara.errors![0].extensions!.code).toBe('FORBIDDEN');

    const otherCourse = await buildPublishedCourse(t);
    const otherCohort = await buildCohort(t, otherCourse);
    const mixed = await t.gql(REPORT, { courseId: course.id, cohortId: otherCohort.id }, { token: await t.adminToken() });
    expect(mixed.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'cohortId', message: expect.any(String) }] });

    const notTaught = await t.gql(MY_TEACHING, { courseId: otherCourse.id }, await as(first));
    expect(notTaught.errors![0].extensions!.code).toBe('FORBIDDEN');
    const byLearnerSummary = await t.gql(MY_TEACHING, {}, await as(learners[0]));
    expect(byLearnerSummary.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses instructor answers from a learner who studied without a cohort', async () => {
    const selfPaced = await buildUser(t, { name: 'Peserta Mandiri' });
    await enrolLearner(t, selfPaced, course);
    const enrollment = await completeCourseAs(t, selfPaced, course);
    const result = await submit(selfPaced, enrollment.id, inputOf(0));
    expect(result.errors![0].extensions!.fields).toEqual(
      expect.arrayContaining([{ field: 'input.instructorAnswers[0].instructorId', message: expect.any(String) }]),
    );
    expect(await rowsOf(enrollment.id)).toBe(0);
    const courseOnly = await submit(selfPaced, enrollment.id, { courseAnswers: likert(COURSE_CODES, COURSE_SCORES[0]) });
    expect(courseOnly.errors).toBeUndefined();
    expect(await rowsOf(enrollment.id)).toBe(1 + 6);
  });
});
