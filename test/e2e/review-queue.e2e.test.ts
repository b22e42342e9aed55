import { authorToken, buildCourse, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, enrolLearner } from '../builders/learning';
import { startTestApp, type TestApp } from '../support/test-app';

const QUEUE = `query ($first: Int, $after: String, $courseId: ID) {
  reviewQueue(first: $first, after: $after, courseId: $courseId) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id number status waitingSeconds learner { id name } material { id title } cohort { id name } files { filename } } }
  }
}`;
const SUBMIT = `mutation ($materialId: ID!, $input: SubmissionInput!) { submitAssignment(materialId: $materialId, input: $input) { id number status } }`;
const REVIEW = `mutation ($submissionId: ID!, $input: ReviewInput!) { reviewSubmission(submissionId: $submissionId, input: $input) { id decision } }`;
const TURNAROUND = `query ($courseId: ID) {
  reviewTurnaround(courseId: $courseId) {
    from to
    byInstructor { instructor { id } decided medianHours averageHours p90Hours }
    byCourse { course { id } decided medianHours awaiting oldestWaitingHours }
  }
}`;

interface QueueNode {
  id: string;
  number: number;
  status: string;
  waitingSeconds: number;
  learner: { id: string; name: string };
  cohort: { id: string } | null;
}

describe('review queue and turnaround', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  /** A published course with one text-only ASSIGNMENT material. */
  async function courseWithAssignment(): Promise<{ course: BuiltCourse; materialId: string }> {
    const course = await buildCourse(t, { title: 'Pelayanan Publik Prima' });
    const module = await buildModule(t, course);
    const token = await authorToken(course.author);
    const material = await t.ok<{ addMaterial: { id: string } }>(
      `mutation ($moduleId: ID!, $input: MaterialInput!) { addMaterial(moduleId: $moduleId, input: $input) { id } }`,
      { moduleId: module.id, input: { title: 'Tugas: Rancang Standar Pelayanan', kind: 'ASSIGNMENT' } },
      { token },
    );
    await t.ok(
      `mutation ($materialId: ID!, $input: AssignmentInput!) { setAssignment(materialId: $materialId, input: $input) { maxScore } }`,
      {
        materialId: material.addMaterial.id,
        input: { instructions: 'Susun rancangan standar pelayanan untuk satu jenis layanan di unit Anda.', maxScore: 100, allowText: true },
      },
      { token },
    );
    await publishCourse(t, course);
    return { course, materialId: material.addMaterial.id };
  }

  async function instructorFromElsewhere(): Promise<BuiltUser> {
    return buildUser(t, { roles: ['INSTRUCTOR'], organizationId: (await buildOrganization(t)).id });
  }

  async function submit(learner: BuiltUser, materialId: string, text = 'Rancangan standar pelayanan KTP-el.') {
    return (await t.ok<{ submitAssignment: { id: string; number: number } }>(SUBMIT, { materialId, input: { text } }, { token: await authorToken(learner) }))
      .submitAssignment;
  }

  async function learnersIn(course: BuiltCourse, cohort: { id: string }, count: number): Promise<BuiltUser[]> {
    const learners: BuiltUser[] = [];
    for (let i = 0; i < count; i += 1) {
      const learner = await buildUser(t);
      await enrolLearner(t, learner, course, cohort);
      learners.push(learner);
    }
    return learners;
  }

  it('lists the work of the cohorts an instructor teaches, oldest first, page by page, with waiting time', async () => {
    const { course, materialId } = await courseWithAssignment();
    const [teacherA, teacherB] = [await instructorFromElsewhere(), await instructorFromElsewhere()];
    const cohortA = await buildCohort(t, course, { instructorIds: [teacherA.id] });
    const cohortB = await buildCohort(t, course, { instructorIds: [teacherB.id] });
    const inA = await learnersIn(course, cohortA, 3);
    const [inB] = await learnersIn(course, cohortB, 1);
    const first = await submit(inA[0], materialId);
    await submit(inA[1], materialId);
    await submit(inA[2], materialId);
    await submit(inB, materialId);

    const queueOf = async (user: BuiltUser, variables: Record<string, unknown> = {}) =>
      (await t.ok<{ reviewQueue: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: QueueNode }[] } }>(
        QUEUE,
        { courseId: course.id, ...variables },
        { token: await authorToken(user) },
      )).reviewQueue;

    const page1 = await queueOf(teacherA, { first: 2 });
    expect(page1.totalCount).toBe(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(page1.edges.map((edge) => edge.node.learner.id)).toEqual([inA[0].id, inA[1].id]);
    expect(page1.edges.every((edge) => edge.node.cohort?.id === cohortA.id && edge.node.waitingSeconds >= 0)).toBe(true);
    const page2 = await queueOf(teacherA, { first: 2, after: page1.pageInfo.endCursor });
    expect(page2.edges.map((edge) => edge.node.learner.id)).toEqual([inA[2].id]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    // The other cohort's teacher sees only their own learner; the course's author leaves taught cohorts to their teachers.
    expect((await queueOf(teacherB)).edges.map((edge) => edge.node.learner.id)).toEqual([inB.id]);
    expect((await queueOf(course.author)).totalCount).toBe(0);
    const adminQueue = await t.ok<{ reviewQueue: { totalCount: number } }>(QUEUE, { courseId: course.id }, { token: await t.adminToken() });
    expect(adminQueue.reviewQueue.totalCount).toBe(4);

    // A resubmission replaces the waiting attempt and queues behind the others.
    const again = await submit(inA[0], materialId, 'Rancangan yang diperbaiki.');
    const after = await queueOf(teacherA);
    expect(after.totalCount).toBe(3);
    expect(after.edges.map((edge) => edge.node.id)).toEqual(expect.not.arrayContaining([first.id]));
    expect(after.edges.at(-1)?.node).toMatchObject({ id: again.id, number: 2 });

    const learnerTry = await t.gql(QUEUE, {}, { token: await authorToken(inA[1]) });
    expect(learnerTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const badCursor = await t.gql(QUEUE, { after: 'bukan-kursor' }, { token: await authorToken(teacherA) });
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
  });

  it('falls to the course organization’s instructors when nobody teaches the cohort', async () => {
    const { course, materialId } = await courseWithAssignment();
    const untaught = await buildCohort(t, course, { instructorIds: [] });
    const [learner] = await learnersIn(course, untaught, 1);
    await submit(learner, materialId);
    const queue = await t.ok<{ reviewQueue: { edges: { node: QueueNode }[] } }>(QUEUE, { courseId: course.id }, { token: await authorToken(course.author) });
    expect(queue.reviewQueue.edges.map((edge) => edge.node.learner.id)).toEqual([learner.id]);
  });

  it('reports turnaround per reviewer and per course, each person seeing their part', async () => {
    const { course, materialId } = await courseWithAssignment();
    const [teacherA, teacherB] = [await instructorFromElsewhere(), await instructorFromElsewhere()];
    const cohortA = await buildCohort(t, course, { instructorIds: [teacherA.id] });
    await buildCohort(t, course, { instructorIds: [teacherB.id] });
    const learners = await learnersIn(course, cohortA, 3);
    const works = [];
    for (const learner of learners) works.push(await submit(learner, materialId));
    const tokenA = await authorToken(teacherA);
    await t.ok(REVIEW, { submissionId: works[0].id, input: { decision: 'NEEDS_REVISION', score: 40, comment: 'Lengkapi komponen biaya dan waktu layanan.' } }, { token: tokenA });
    await t.ok(REVIEW, { submissionId: works[1].id, input: { decision: 'ACCEPTED', score: 90 } }, { token: tokenA });

    type Report = {
      byInstructor: { instructor: { id: string }; decided: number; medianHours: number }[];
      byCourse: { course: { id: string }; decided: number; medianHours: number; awaiting: number; oldestWaitingHours: number }[];
    };
    const asA = (await t.ok<{ reviewTurnaround: Report }>(TURNAROUND, { courseId: course.id }, { token: tokenA })).reviewTurnaround;
    expect(asA.byInstructor).toEqual([expect.objectContaining({ instructor: { id: teacherA.id }, decided: 2 })]);
    expect(asA.byInstructor[0].medianHours).toBeGreaterThanOrEqual(0);
    expect(asA.byCourse).toEqual([expect.objectContaining({ course: { id: course.id }, decided: 2, awaiting: 1 })]);
    expect(asA.byCourse[0].oldestWaitingHours).toBeGreaterThanOrEqual(0);

    // Teacher B decided nothing: no row of their own, but the course they teach is theirs to watch.
    const asB = (await t.ok<{ reviewTurnaround: Report }>(TURNAROUND, { courseId: course.id }, { token: await authorToken(teacherB) })).reviewTurnaround;
    expect(asB.byInstructor).toEqual([]);
    expect(asB.byCourse.map((row) => row.decided)).toEqual([2]);

    const asAdmin = (await t.ok<{ reviewTurnaround: Report }>(TURNAROUND, { courseId: course.id }, { token: await t.adminToken() })).reviewTurnaround;
    expect(asAdmin.byInstructor.map((row) => row.instructor.id)).toEqual([teacherA.id]);

    const outsider = await instructorFromElsewhere();
    const asOutsider = (await t.ok<{ reviewTurnaround: Report }>(TURNAROUND, { courseId: course.id }, { token: await authorToken(outsider) })).reviewTurnaround;
    expect(asOutsider).toMatchObject({ byInstructor: [], byCourse: [] });
    const backwards = await t.gql(`query { reviewTurnaround(from: "2026-06-01T00:00:00Z", to: "2026-05-01T00:00:00Z") { from } }`, {}, { token: tokenA });
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'from' }] });
  });

  it('answers the queue in as many SQL statements for 12 submissions as for 2', async () => {
    async function queueWith(count: number) {
      const { course, materialId } = await courseWithAssignment();
      const teacher = await instructorFromElsewhere();
      const cohort = await buildCohort(t, course, { instructorIds: [teacher.id] });
      for (const learner of await learnersIn(course, cohort, count)) await submit(learner, materialId);
      const response = await t.gql(QUEUE, { courseId: course.id, first: 50 }, { token: await authorToken(teacher) });
      expect(response.errors).toBeUndefined();
      expect((response.data as { reviewQueue: { totalCount: number } }).reviewQueue.totalCount).toBe(count);
      return response.extensions?.sqlStatements as number;
    }
    const small = await queueWith(2);
    const large = await queueWith(12);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});
