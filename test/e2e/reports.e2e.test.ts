import { buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildOrganization, type BuiltOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { completeCourseAs, enrolLearner } from '../builders/learning';
import { buildQuizMaterial, type BuiltQuestion, setQuiz } from '../builders/quiz';
import { partnerApiKey, publishSeminar } from '../builders/seminar';
import { parseCsv } from '../support/csv';
import { selectRows } from '../support/database';
import { errorCode } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { JpExport, JpExportStatus } from '../../src/modules/report/jp-export.entity';
import { runJpExport } from '../../src/modules/report/jp-export.job';

const REPORT = `query ($organizationId: ID!, $year: Int) {
  agencyJpReport(organizationId: $organizationId, year: $year) {
    year target asnCount meetingTargetCount meetingTargetPercent averageJp totalJp
    organization { id } organizations { id }
    topCourses { course { id } completions jp }
    courses { course { id } enrolled completed withdrawn completionRate medianDaysToComplete }
    learningGain { course { id } learners averagePre averagePost averageGain }
  }
}`;
const LEARNERS = `query ($organizationId: ID!, $first: Int, $after: String, $belowTargetOnly: Boolean) {
  agencyJpReport(organizationId: $organizationId) {
    learners(first: $first, after: $after, belowTargetOnly: $belowTargetOnly) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { jp meetsTarget shortfall user { id name nip organization { id } } } }
    }
  }
}`;
const TRAINING = `query { trainingReport {
  year target
  courses { course { id } enrolled completed withdrawn completionRate medianDaysToComplete }
  learningGain { course { id } learners averagePre averagePost averageGain }
  agencies { organization { id } asnCount meetingTargetCount meetingTargetPercent averageJp totalJp learningGain { learners averageGain } }
} }`;
const REQUEST_EXPORT = `mutation ($organizationId: ID!) { requestJpExport(organizationId: $organizationId) { id status year organization { id } requestedBy { id } } }`;
const EXPORT = `query ($id: ID!) { jpExport(id: $id) { id status rowCount byteSize error filename downloadUrl } }`;
const START = `mutation ($materialId: ID!) { startQuizAttempt(materialId: $materialId) { id questions { id } } }`;
const SUBMIT = `mutation ($attemptId: ID!, $answers: [QuizAnswerInput!]!) { submitQuizAttempt(attemptId: $attemptId, answers: $answers) { percent } }`;

const TWO_QUESTIONS = Array.from({ length: 2 }, (_, index) => ({
  kind: 'SINGLE_CHOICE' as const,
  prompt: `Pertanyaan ${index + 1}: asas pelayanan publik`,
  options: [{ text: 'Kepastian hukum' }, { text: 'Kerahasiaan biaya' }],
  correct: ['0'],
}));

/** ASN of an agency subtree with their year's JP, straight from the ledger (the report must say the same). */
const LEDGER_BY_ASN = `WITH RECURSIVE tree(id) AS (SELECT $1::uuid UNION SELECT o.id FROM organizations o JOIN tree t ON o.parent_id = t.id)
  SELECT u.id, u.name, coalesce(sum(l.jp), 0)::float8 AS jp
    FROM users u LEFT JOIN jp_ledger_entries l ON l.user_id = u.id AND extract(year FROM l.credited_on) = $2
   WHERE u.organization_id IN (SELECT id FROM tree) AND u.active AND u.nip IS NOT NULL
   GROUP BY u.id, u.name ORDER BY jp, u.name, u.id`;


describe('agency JP reports and the riwayat pelatihan export', () => {
  let t: TestApp;
  let agencyA: BuiltOrganization;
  let subA: BuiltOrganization;
  let agencyB: BuiltOrganization;
  let headA: BuiltUser;
  let headSub: BuiltUser;
  let ani: BuiltUser;
  let budi: BuiltUser;
  let citra: BuiltUser;
  let formula: BuiltUser;
  let dedi: BuiltUser;
  let course1: BuiltCourse;
  let course2: BuiltCourse;
  let pre: { id: string; questions: BuiltQuestion[] };
  let post: { id: string; questions: BuiltQuestion[] };
  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));
  const tokens = new Map<BuiltUser, Promise<string>>();
  const as = async (user: BuiltUser) => {
    if (!tokens.has(user)) tokens.set(user, user.token());
    return { token: await tokens.get(user) };
  };
  const admin = async () => ({ token: await t.adminToken() });

  /** A course with a required text, and optional pre- and post-tests of two questions. */
  async function courseWithTests(jp: number, competency: 'TEKNIS' | 'MANAJERIAL') {
    const course = await buildCourse(t, { jp, competency, title: `Pelayanan Prima ${competency}` });
    const module = await buildModule(t, course);
    await buildMaterial(t, course, module.id, 'TEXT');
    const preMaterial = await buildQuizMaterial(t, course, module.id, { title: 'Pre-test', required: false });
    const postMaterial = await buildQuizMaterial(t, course, module.id, { title: 'Post-test', required: false });
    const preQuestions = await setQuiz(t, course, preMaterial.id, { purpose: 'PRE_TEST', questions: TWO_QUESTIONS });
    const postQuestions = await setQuiz(t, course, postMaterial.id, { purpose: 'POST_TEST', questions: TWO_QUESTIONS });
    await publishCourse(t, course);
    return { course, pre: { id: preMaterial.id, questions: preQuestions }, post: { id: postMaterial.id, questions: postQuestions } };
  }

  /** One submitted attempt answering `right` of the two questions correctly (0, 50 or 100 percent). */
  async function takeTest(learner: BuiltUser, quiz: { id: string; questions: BuiltQuestion[] }, right: number) {
    const attempt = (await t.ok(START, { materialId: quiz.id }, await as(learner))).startQuizAttempt;
    const answers = quiz.questions.map((question, index) => ({
      questionId: question.id,
      optionIds: [index < right ? question.answerKey[0] : question.options.find((option) => option.id !== question.answerKey[0])!.id],
    }));
    const graded = (await t.ok(SUBMIT, { attemptId: attempt.id, answers }, await as(learner))).submitQuizAttempt;
    expect(graded.percent).toBe(right * 50);
  }

  /** Enrols, takes the tests, completes; then says the completion took `hours`. */
  async function learn(learner: BuiltUser, course: BuiltCourse, tests: [number, number] | null, hours: number) {
    await enrolLearner(t, learner, course);
    if (tests) {
      await takeTest(learner, pre, tests[0]);
      await takeTest(learner, post, tests[1]);
    }
    const enrollment = await completeCourseAs(t, learner, course);
    await selectRows(t.databaseUrl, `UPDATE enrollments SET completed_at = enrolled_at + make_interval(hours => $2) WHERE id = $1`, [enrollment.id, hours]);
  }

  async function attendSeminar(learner: BuiltUser) {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY', name: `Universitas Sibolga Raya ${Date.now()}` });
    const apiKey = await partnerApiKey(t, university.id);
    const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const seminar = await publishSeminar(t, { apiKey }, {
      kind: 'WORKSHOP',
      title: '=Manajemen Pemerintahan, "Efektif"',
      registrationClosesAt: minutes(60),
      sessions: [{ externalRef: 'live', title: 'Sesi', startsAt: minutes(-5), endsAt: minutes(120), timeZone: 'Asia/Jakarta' }],
    });
    await t.ok(`mutation ($seminarId: ID!) { registerForSeminar(seminarId: $seminarId) { id } }`, { seminarId: seminar.id }, await as(learner));
    const code = (await t.ok(`mutation ($sessionId: ID!) { openAttendance(sessionId: $sessionId) { code } }`, { sessionId: seminar.sessions[0].id }, { apiKey }))
      .openAttendance.code;
    await t.ok(`mutation ($code: String!) { checkIn(code: $code) { id } }`, { code }, await as(learner));
  }

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    agencyA = await buildOrganization(t, { name: 'Dinas Kesehatan Kota Sibolga (Uji)' });
    subA = await buildOrganization(t, { name: 'UPT Puskesmas Sibolga Kota (Uji)', parentId: agencyA.id });
    agencyB = await buildOrganization(t, { name: 'Dinas Kependudukan dan Pencatatan Sipil (Uji)' });
    headA = await buildUser(t, { roles: ['AGENCY_HEAD'], organizationId: agencyA.id, name: 'Kepala Dinas Kesehatan' });
    headSub = await buildUser(t, { roles: ['AGENCY_HEAD'], organizationId: subA.id, name: 'Kepala Puskesmas' });
    ani = await buildUser(t, { organizationId: agencyA.id, name: 'Ani Lubis' });
    budi = await buildUser(t, { organizationId: agencyA.id, name: 'Budi Siregar' });
    citra = await buildUser(t, { organizationId: subA.id, name: 'Citra Hutabarat' });
    formula = await buildUser(t, { organizationId: agencyA.id, name: '=HYPERLINK("x")' });
    await buildUser(t, { organizationId: agencyA.id, name: 'Tenaga Kontrak', nip: null });
    dedi = await buildUser(t, { organizationId: agencyB.id, name: 'Dedi Simatupang' });

    const first = await courseWithTests(8, 'TEKNIS');
    course1 = first.course;
    pre = first.pre;
    post = first.post;
    course2 = await buildCourse(t, { jp: 12, competency: 'MANAJERIAL', title: 'Kepemimpinan Pelayanan' });
    await buildMaterial(t, course2, (await buildModule(t, course2)).id, 'TEXT');
    await publishCourse(t, course2);

    await learn(ani, course1, [1, 2], 12); // 50 → 100
    await learn(budi, course1, [0, 1], 24); // 0 → 50
    await learn(citra, course1, [2, 2], 60); // 100 → 100
    await learn(formula, course1, null, 30);
    await learn(dedi, course1, [0, 2], 1);
    await learn(ani, course2, null, 48);
    const withdrawn = await enrolLearner(t, budi, course2);
    await t.ok(`mutation ($id: ID!) { withdraw(enrollmentId: $id) { status } }`, { id: withdrawn.id }, await as(budi));
    await attendSeminar(citra);
  });
  afterAll(() => t.stop());

  it('totals the agency with its sub-agency exactly as the ledger does', async () => {
    const ledger = await selectRows<{ id: string; name: string; jp: number }>(t.databaseUrl, LEDGER_BY_ASN, [agencyA.id, year]);
    const report = (await t.ok(REPORT, { organizationId: agencyA.id }, await as(headA))).agencyJpReport;
    const total = ledger.reduce((sum, row) => sum + row.jp, 0);
    const meeting = ledger.filter((row) => row.jp >= 20).length;
    expect(ledger).toHaveLength(6); // both heads, Ani, Budi, Citra and the formula name; not the contract worker
    expect(report).toMatchObject({
      year,
      target: 20,
      asnCount: 6,
      totalJp: total,
      meetingTargetCount: meeting,
      meetingTargetPercent: Math.round((meeting * 10_000) / 6) / 100,
      averageJp: Math.round((total / 6) * 100) / 100,
      organization: { id: agencyA.id },
      organizations: [{ id: agencyA.id }, { id: subA.id }],
    });
    expect(meeting).toBe(1); // Ani: 8 + 12
    expect(report.topCourses).toEqual([
      { course: { id: course1.id }, completions: 4, jp: 32 },
      { course: { id: course2.id }, completions: 1, jp: 12 },
    ]);
    const byCourse = Object.fromEntries(report.courses.map((row: { course: { id: string } }) => [row.course.id, row]));
    // Completions took 12, 24, 30 and 60 hours: the median is 27 hours.
    expect(byCourse[course1.id]).toMatchObject({ enrolled: 4, completed: 4, withdrawn: 0, completionRate: 1, medianDaysToComplete: 1.1 });
    expect(byCourse[course2.id]).toMatchObject({ enrolled: 2, completed: 1, withdrawn: 1, completionRate: 0.5, medianDaysToComplete: 2 });
    expect(report.learningGain).toEqual([{ course: { id: course1.id }, learners: 3, averagePre: 50, averagePost: 83.33, averageGain: 33.33 }]);

    const sub = (await t.ok(REPORT, { organizationId: subA.id }, await as(headSub))).agencyJpReport;
    const citraJp = ledger.find((row) => row.id === citra.id)!.jp;
    expect(citraJp).toBeGreaterThan(8); // the course and the workshop
    expect(sub).toMatchObject({ asnCount: 2, totalJp: citraJp, organizations: [{ id: subA.id }] });
    expect(sub.learningGain).toEqual([{ course: { id: course1.id }, learners: 1, averagePre: 100, averagePost: 100, averageGain: 0 }]);

    const lastYear = (await t.ok(REPORT, { organizationId: agencyA.id, year: year - 1 }, await admin())).agencyJpReport;
    expect(lastYear).toMatchObject({ asnCount: 6, totalJp: 0, meetingTargetCount: 0, topCourses: [], courses: [], learningGain: [] });
  });

  it('lists the learners by JP ascending then name, page by page, in a flat number of SQL statements', async () => {
    const ledger = await selectRows<{ id: string; jp: number }>(t.databaseUrl, LEDGER_BY_ASN, [agencyA.id, year]);
    const seen: { jp: number; meetsTarget: boolean; shortfall: number; user: { id: string } }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: (typeof seen)[number] }[] } = (await t.ok(LEARNERS, { organizationId: agencyA.id, first: 4, after }, await as(headA))).agencyJpReport.learners;
      expect(result.totalCount).toBe(6);
      seen.push(...result.edges.map((edge) => edge.node));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen.map((node) => [node.user.id, node.jp])).toEqual(ledger.map((row) => [row.id, row.jp]));
    for (const node of seen) {
      expect(node.meetsTarget).toBe(node.jp >= 20);
      expect(node.shortfall).toBe(Math.max(0, Math.round((20 - node.jp) * 10) / 10));
    }

    const below = (await t.ok(LEARNERS, { organizationId: agencyA.id, first: 100, belowTargetOnly: true }, await as(headA))).agencyJpReport.learners;
    expect(below.totalCount).toBe(5);
    expect(below.edges.map((edge: { node: { user: { id: string } } }) => edge.node.user.id)).not.toContain(ani.id);

    const one = await t.gql(LEARNERS, { organizationId: agencyA.id, first: 1 }, await as(headA));
    const all = await t.gql(LEARNERS, { organizationId: agencyA.id, first: 100 }, await as(headA));
    expect(all.data!.agencyJpReport.learners.edges).toHaveLength(6);
    expect(one.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(all.extensions?.sqlStatements).toBe(one.extensions?.sqlStatements);

    const bad = await t.gql(LEARNERS, { organizationId: agencyA.id, after: 'bm90LWEtY3Vyc29y' }, await as(headA));
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
  });

  it('lets an agency head see their own agency and those under it, and nothing else', async () => {
    const ask = async (organizationId: string, who: { token?: string }) => errorCode(await t.gql(REPORT, { organizationId }, who));
    expect(await ask(agencyA.id, await as(headA))).toBeUndefined();
    expect(await ask(subA.id, await as(headA))).toBeUndefined();
    expect(await ask(agencyB.id, await as(headA))).toBe('FORBIDDEN');
    expect(await ask(agencyA.id, await as(headSub))).toBe('FORBIDDEN');
    expect(await ask(subA.id, await as(headSub))).toBeUndefined();
    expect(await ask(agencyA.id, await as(ani))).toBe('FORBIDDEN');
    expect(await ask(agencyB.id, await admin())).toBeUndefined();
    expect(await ask('00000000-0000-4000-8000-000000000000', await admin())).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(TRAINING, {}, await as(headA)))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REPORT, { organizationId: agencyA.id, year: 1999 }, await admin()))).toBe('BAD_USER_INPUT');
  });

  it('makes someone an agency head through updateUser, for admins only', async () => {
    const officer = await buildUser(t, { organizationId: agencyB.id, name: 'Pengelola Kepegawaian' });
    const UPDATE = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { roles } }`;
    const input = { roles: ['LEARNER', 'AGENCY_HEAD'] };
    expect(errorCode(await t.gql(UPDATE, { id: officer.id, input }, await as(headA)))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REPORT, { organizationId: agencyB.id }, { token: await officer.token() }))).toBe('FORBIDDEN');
    expect((await t.ok(UPDATE, { id: officer.id, input }, await admin())).updateUser.roles).toEqual(['LEARNER', 'AGENCY_HEAD']);
    const report = (await t.ok(REPORT, { organizationId: agencyB.id }, { token: await officer.token() })).agencyJpReport;
    expect(report).toMatchObject({ organization: { id: agencyB.id }, asnCount: 2 });
  });

  it('gives admins every course and agency, agreeing with the agency reports', async () => {
    const training = (await t.ok(TRAINING, {}, await admin())).trainingReport;
    const report = (await t.ok(REPORT, { organizationId: agencyA.id }, await admin())).agencyJpReport;
    const rowA = training.agencies.find((row: { organization: { id: string } }) => row.organization.id === agencyA.id);
    expect(rowA).toMatchObject({
      asnCount: report.asnCount,
      meetingTargetCount: report.meetingTargetCount,
      meetingTargetPercent: report.meetingTargetPercent,
      averageJp: report.averageJp,
      totalJp: report.totalJp,
      learningGain: { learners: 3, averageGain: 33.33 },
    });
    // The sub-agency folds into its parent instead of having a row of its own.
    expect(training.agencies.map((row: { organization: { id: string } }) => row.organization.id)).not.toContain(subA.id);
    const course = training.courses.find((row: { course: { id: string } }) => row.course.id === course1.id);
    expect(course).toMatchObject({ enrolled: 5, completed: 5, withdrawn: 0, completionRate: 1, medianDaysToComplete: 1 });
    const gain = training.learningGain.find((row: { course: { id: string } }) => row.course.id === course1.id);
    expect(gain).toEqual({ course: { id: course1.id }, learners: 4, averagePre: 37.5, averagePost: 87.5, averageGain: 50 });
  });

  it('records an export FAILED, and keeps running, when its temporary file cannot be written', async () => {
    const em = t.app.services.orm.em.fork();
    const job = em.create(JpExport, { organization: agencyA.id, year, requestedBy: headA.id });
    await em.flush();
    const outcome = await runJpExport(em.fork(), t.app.services.storage, t.app.services.logger, job.id, '/nonexistent/pelita-tmp');
    expect(outcome).toEqual({ exportId: job.id, failed: true });
    const [row] = await selectRows<{ status: string; error: string }>(t.databaseUrl, 'SELECT status, error FROM jp_exports WHERE id = $1', [job.id]);
    expect(row).toEqual({ status: JpExportStatus.FAILED, error: expect.stringContaining('ENOENT') });
  });

  it('exports the agency’s JP records as a SIASN-shaped CSV matching the ledger row for row', async () => {
    expect(errorCode(await t.gql(REQUEST_EXPORT, { organizationId: agencyB.id }, await as(headA)))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REQUEST_EXPORT, { organizationId: agencyA.id }, await as(ani)))).toBe('FORBIDDEN');
    const requested = (await t.ok(REQUEST_EXPORT, { organizationId: agencyA.id }, await as(headA))).requestJpExport;
    expect(requested).toMatchObject({ status: 'PENDING', year, organization: { id: agencyA.id }, requestedBy: { id: headA.id } });

    let job: { status: string; rowCount: number; byteSize: number; error: string | null; filename: string; downloadUrl: string | null } | undefined;
    for (let i = 0; i < 60; i += 1) {
      job = (await t.ok(EXPORT, { id: requested.id }, await as(headA))).jpExport;
      if (job!.status === 'READY' || job!.status === 'FAILED') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(job).toMatchObject({ status: 'READY', error: null, filename: `riwayat-pelatihan-dinas-kesehatan-kota-sibolga-uji-${year}.csv` });
    expect(errorCode(await t.gql(EXPORT, { id: requested.id }, await as(headSub)))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(EXPORT, { id: requested.id }, await as(ani)))).toBe('FORBIDDEN');
    expect((await t.ok(EXPORT, { id: requested.id }, await admin())).jpExport.downloadUrl).toMatch(/^http/);

    const response = await fetch(job!.downloadUrl!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(job!.filename);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(job!.byteSize);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header).toEqual(['NIP', 'Nama', 'Nama Pelatihan', 'Jenis Pelatihan', 'Tanggal Mulai', 'Tanggal Selesai', 'JP', 'Nomor Sertifikat', 'Penyelenggara']);
    expect(rows).toHaveLength(job!.rowCount);

    const expected = await selectRows<{ nip: string; jp: number; certificate: string; source: string }>(
      t.databaseUrl,
      `WITH RECURSIVE tree(id) AS (SELECT $1::uuid UNION SELECT o.id FROM organizations o JOIN tree t ON o.parent_id = t.id)
       SELECT u.nip, l.jp::float8 AS jp, l.source, c.number AS certificate
         FROM jp_ledger_entries l JOIN users u ON u.id = l.user_id
         JOIN certificates c ON c.enrollment_id = l.source_id OR c.seminar_registration_id = l.source_id
        WHERE u.organization_id IN (SELECT id FROM tree) AND u.nip IS NOT NULL AND extract(year FROM l.credited_on) = $2
        ORDER BY u.nip, l.credited_on, l.id`,
      [agencyA.id, year],
    );
    expect(rows).toHaveLength(expected.length);
    expect(expected).toHaveLength(6); // Ani ×2, Budi, Citra ×2 (course and workshop), the formula name
    expect(rows.map((row) => [row[0], Number(row[6]), row[7]])).toEqual(expected.map((row) => [row.nip, row.jp, row.certificate]));

    const dd = /^\d{2}-\d{2}-\d{4}$/;
    for (const row of rows) {
      expect(row).toHaveLength(9);
      expect(row[4]).toMatch(dd);
      expect(row[5]).toMatch(dd);
    }
    const aniCourse2 = rows.find((row) => row[0] === ani.nip && row[2] === course2.title)!;
    expect(aniCourse2[3]).toBe('Pelatihan Manajerial');
    expect(aniCourse2[8]).toBeTruthy();
    const workshop = rows.find((row) => row[0] === citra.nip && row[3] === 'Workshop')!;
    // Formula-looking cells stay text, and the comma and quotes survive the quoting.
    expect(workshop[2]).toBe(`'=Manajemen Pemerintahan, "Efektif"`);
    expect(workshop[8]).toMatch(/^Universitas Sibolga Raya/);
    expect(rows.find((row) => row[0] === formula.nip)![1]).toBe(`'=HYPERLINK("x")`);
    expect(rows.find((row) => row[0] === budi.nip)![3]).toBe('Pelatihan Teknis');

    // The file holds the agency's NIPs: a head who loses the role loses it too, requester or not.
    const setRoles = async (roles: string[]) =>
      t.ok(`mutation ($id: ID!, $roles: [Role!]) { updateUser(id: $id, input: { roles: $roles }) { id } }`, { id: headA.id, roles }, await admin());
    await setRoles(['LEARNER']);
    expect(errorCode(await t.gql(EXPORT, { id: requested.id }, await as(headA)))).toBe('FORBIDDEN');
    await setRoles(['AGENCY_HEAD']);
    expect((await t.ok(EXPORT, { id: requested.id }, await as(headA))).jpExport.status).toBe('READY');
  });
});
