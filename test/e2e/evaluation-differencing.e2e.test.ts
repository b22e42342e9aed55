import { authorToken } from '../builders/catalogue';
import { buildEvaluatedCourse, COURSE_CODES, type EvaluatedCourse, type LearnerAnswer } from '../builders/evaluation';
import { startTestApp, type TestApp } from '../support/test-app';

const AGGREGATE = `withheld responses questions { code responses mean distribution }`;
const REPORT = `query ($courseId: ID!, $cohortId: ID) {
  courseEvaluationReport(courseId: $courseId, cohortId: $cohortId) {
    courseQuestions { ${AGGREGATE} }
    instructors { instructor { id } aggregate { ${AGGREGATE} } }
    comments
  }
}`;
const MY_TEACHING = `query ($courseId: ID) {
  myTeachingEvaluation(courseId: $courseId) {
    myTeaching { ${AGGREGATE} }
    courses { course { id } myTeaching { ${AGGREGATE} } courseQuestions { ${AGGREGATE} } }
  }
}`;

interface Aggregate {
  withheld: boolean;
  responses: number | null;
  questions: { code: string; responses: number; mean: number; distribution: number[] }[] | null;
}
interface Report {
  courseQuestions: Aggregate;
  instructors: { instructor: { id: string }; aggregate: Aggregate }[] | null;
  comments: string[] | null;
}
/** One answer a user may ask for: an aggregate, and the comments shown with it (if any). */
interface View {
  aggregate: Aggregate;
  comments: string[] | null;
}

const WITHHELD = { withheld: true, responses: null, questions: null };
const MIN_GROUP = 5;

/** The learner whose answers the attack is after: alone in their cohort, scores all 1, writes this. */
const LONE_COMMENT = 'Widyaiswara sering datang terlambat dan materi hari ketiga tidak disampaikan.';
const lone: LearnerAnswer = { score: 1, comment: LONE_COMMENT };
/** Everyone else: 4 or 5, and a comment from every other learner. */
const crowd = (cohort: number | null, index: number): LearnerAnswer => ({
  score: 4 + (index % 2),
  comment: index % 2 ? `Angkatan ${cohort ?? 'mandiri'}, peserta ${index + 1}: materi bermanfaat.` : null,
});

/**
 * What someone holding the whole and some of its parts computes by subtraction: for every set of
 * shown parts, the whole minus those parts, per question (how many learners remain and how they
 * answered) and the comments left over.
 */
function subtract(whole: View, parts: View[]): { learners: number; distributions: number[][]; comments: string[] | null }[] {
  if (whole.aggregate.withheld) return [];
  const shown = parts.filter((part) => !part.aggregate.withheld);
  const results = [];
  for (let mask = 1; mask < 1 << shown.length; mask += 1) {
    const taken = shown.filter((_, index) => mask & (1 << index));
    const distributions = whole.aggregate.questions!.flatMap((question) => {
      const inParts = taken.map((part) => part.aggregate.questions!.find((row) => row.code === question.code));
      if (inParts.some((row) => !row)) return [];
      return [question.distribution.map((count, score) => count - inParts.reduce((total, row) => total + row!.distribution[score], 0))];
    });
    let comments: string[] | null = null;
    if (whole.comments && taken.every((part) => part.comments)) {
      comments = [...whole.comments];
      for (const comment of taken.flatMap((part) => part.comments!)) comments.splice(comments.indexOf(comment), 1);
    }
    results.push({ learners: whole.aggregate.responses! - taken.reduce((total, part) => total + part.aggregate.responses!, 0), distributions, comments });
  }
  return results;
}

/** No subtraction leaves a group of 1 to 4 learners, in scores or in comments. */
function expectNothingDerivable(whole: View, parts: View[]) {
  for (const rest of subtract(whole, parts)) {
    const small = (count: number) => count > 0 && count < MIN_GROUP;
    expect({ rest: rest.learners, small: small(rest.learners) }).toEqual({ rest: rest.learners, small: false });
    for (const distribution of rest.distributions) expect(small(distribution.reduce((a, b) => a + b, 0))).toBe(false);
    // Comments left over come from the rest, which must itself be a group of at least 5 (or none).
    if (rest.comments?.length) expect(rest.learners).toBeGreaterThanOrEqual(MIN_GROUP);
  }
}

describe('course evaluations cannot be differenced', () => {
  let t: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    t = await startTestApp();
    adminToken = await t.adminToken();
  });
  afterAll(() => t.stop());

  const report = async (token: string, built: EvaluatedCourse, cohortId?: string): Promise<Report> =>
    (await t.ok(REPORT, { courseId: built.course.id, cohortId }, { token })).courseEvaluationReport;
  /** The course-wide report and one per cohort, as one caller sees them. */
  const reportsAs = async (token: string, built: EvaluatedCourse) => ({
    course: await report(token, built),
    cohorts: await Promise.all(built.cohorts.map((cohort) => report(token, built, cohort.id))),
  });
  const courseView = (answer: Report): View => ({ aggregate: answer.courseQuestions, comments: answer.comments });
  const widyaiswaraView = (answer: Report, built: EvaluatedCourse): View => ({
    aggregate: answer.instructors?.find((row) => row.instructor.id === built.widyaiswara.id)?.aggregate ?? WITHHELD,
    comments: null,
  });
  /** Every pair of answers the admin, the course author and the widyaiswara can hold, subtracted. */
  const expectNoAttackWorks = async (built: EvaluatedCourse) => {
    const byAdmin = await reportsAs(adminToken, built);
    expectNothingDerivable(courseView(byAdmin.course), byAdmin.cohorts.map(courseView));
    expectNothingDerivable(
      widyaiswaraView(byAdmin.course, built),
      byAdmin.cohorts.map((answer) => widyaiswaraView(answer, built)),
    );
    const byAuthor = await reportsAs(await authorToken(built.course.author), built);
    expectNothingDerivable(courseView(byAuthor.course), byAuthor.cohorts.map(courseView));
    // The widyaiswara's own view is course-wide: the same wholes the admin subtracts cohorts from.
    const teaching = (await t.ok(MY_TEACHING, { courseId: built.course.id }, { token: await authorToken(built.widyaiswara) })).myTeachingEvaluation;
    expect(teaching.courses[0].courseQuestions).toEqual(byAdmin.course.courseQuestions);
    expect(teaching.courses[0].myTeaching).toEqual(widyaiswaraView(byAdmin.course, built).aggregate);
    expectNothingDerivable(courseView({ ...byAdmin.course, courseQuestions: teaching.courses[0].courseQuestions }), byAdmin.cohorts.map(courseView));
    expectNothingDerivable(
      { aggregate: teaching.courses[0].myTeaching, comments: null },
      byAdmin.cohorts.map((answer) => widyaiswaraView(answer, built)),
    );
    return { byAdmin, byAuthor, teaching };
  };

  it('keeps the one learner of a second cohort hidden when the first has 6: the course shows 7, the cohorts nothing', async () => {
    const built = await buildEvaluatedCourse(t, { title: 'Pelayanan Publik Prima', cohorts: [6, 1] }, (cohort, index) =>
      cohort === 1 ? lone : crowd(cohort, index),
    );
    const { byAdmin, byAuthor, teaching } = await expectNoAttackWorks(built);

    // The course as a whole is a group of 7: the lone learner's 1s and comment are in it, among 7.
    expect(byAdmin.course.courseQuestions).toMatchObject({ withheld: false, responses: 7 });
    expect(byAdmin.course.courseQuestions.questions![0].distribution).toEqual([1, 0, 0, 3, 3]);
    expect(byAdmin.course.comments).toContain(LONE_COMMENT);
    expect(widyaiswaraView(byAdmin.course, built).aggregate).toMatchObject({ withheld: false, responses: 7 });
    expect(teaching.myTeaching).toMatchObject({ withheld: false, responses: 7 });

    // Cohort A has 6, but the course minus it would be that one learner: withheld, scores and comments.
    expect(byAdmin.cohorts[0]).toEqual({ courseQuestions: WITHHELD, instructors: [{ instructor: { id: built.widyaiswara.id }, aggregate: WITHHELD }], comments: null });
    expect(byAdmin.cohorts[1]).toEqual({ courseQuestions: WITHHELD, instructors: [{ instructor: { id: built.widyaiswara.id }, aggregate: WITHHELD }], comments: null });
    expect(byAuthor.cohorts.map((answer) => answer.courseQuestions)).toEqual([WITHHELD, WITHHELD]);
    expect(byAuthor.course).toMatchObject({ courseQuestions: { withheld: false, responses: 7 }, instructors: null, comments: null });
  });

  it('withholds both cohorts of a 7 + 3 course: the cohort of 7 would give the other 3 away by subtraction', async () => {
    const built = await buildEvaluatedCourse(t, { title: 'Manajemen Arsip Dinamis', cohorts: [7, 3] }, (cohort, index) =>
      cohort === 1 ? lone : crowd(cohort, index),
    );
    const { byAdmin } = await expectNoAttackWorks(built);
    expect(byAdmin.course.courseQuestions).toMatchObject({ withheld: false, responses: 10 });
    expect(byAdmin.cohorts.map((answer) => [answer.courseQuestions, answer.comments])).toEqual([
      [WITHHELD, null],
      [WITHHELD, null],
    ]);
  });

  it('keeps learners without a cohort hidden too: a cohort of 6 beside 1 self-paced learner is withheld', async () => {
    const built = await buildEvaluatedCourse(t, { title: 'Etika Birokrasi', cohorts: [6], selfPaced: 1 }, (cohort, index) =>
      cohort === null ? lone : crowd(cohort, index),
    );
    const { byAdmin } = await expectNoAttackWorks(built);
    expect(byAdmin.course.courseQuestions).toMatchObject({ withheld: false, responses: 7 });
    expect(byAdmin.cohorts[0]).toMatchObject({ courseQuestions: WITHHELD, comments: null });
  });

  it('withholds one of two cohorts of 5 when a third cohort holds 1 learner, so the course minus both shown groups is never that learner', async () => {
    const built = await buildEvaluatedCourse(t, { title: 'Penyusunan Anggaran Desa', cohorts: [5, 5, 1] }, (cohort, index) =>
      cohort === 2 ? lone : crowd(cohort, index),
    );
    const { byAdmin } = await expectNoAttackWorks(built);
    expect(byAdmin.course.courseQuestions).toMatchObject({ withheld: false, responses: 11 });
    // Each cohort of 5 alone would leave 6, but both together would leave the one: only one is shown.
    const shown = byAdmin.cohorts.filter((answer) => !answer.courseQuestions.withheld);
    expect(shown).toHaveLength(1);
    expect(shown[0].courseQuestions.responses).toBe(5);
    expect(byAdmin.cohorts[2]).toMatchObject({ courseQuestions: WITHHELD, comments: null });
  });

  it('still shows everything of two cohorts of 5 or more: means, each cohort’s widyaiswara row and comments', async () => {
    for (const cohorts of [
      [5, 5],
      [6, 7],
    ]) {
      const built = await buildEvaluatedCourse(t, { title: `Pengadaan Barang/Jasa ${cohorts.join('+')}`, cohorts }, crowd);
      const { byAdmin, byAuthor } = await expectNoAttackWorks(built);
      expect(byAdmin.course.courseQuestions).toMatchObject({ withheld: false, responses: cohorts[0] + cohorts[1] });
      byAdmin.cohorts.forEach((answer, index) => {
        expect(answer.courseQuestions).toMatchObject({ withheld: false, responses: cohorts[index] });
        expect(answer.courseQuestions.questions!.map((question) => question.code)).toEqual(COURSE_CODES);
        expect(widyaiswaraView(answer, built).aggregate).toMatchObject({ withheld: false, responses: cohorts[index] });
        // Learners 2, 4, 6 of each cohort wrote a comment.
        expect(answer.comments).toHaveLength(Math.floor(cohorts[index] / 2));
      });
      expect([...byAdmin.cohorts.flatMap((answer) => answer.comments!)].sort()).toEqual([...byAdmin.course.comments!].sort());
      expect(byAuthor.cohorts.map((answer) => answer.courseQuestions.responses)).toEqual(cohorts);
    }
  });
});
