import { randomUUID } from 'node:crypto';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, type BuiltCohort, enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

const RECORD = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates refused } }`;
const CERTIFICATE_FIELDS = 'number holderName holderNip courseTitle jp issuedOn verificationCode pdfStatus pdfUrl';
const MY_CERTIFICATES = `query { myCertificates { ${CERTIFICATE_FIELDS} } }`;

interface Certificate {
  number: string;
  holderName: string;
  holderNip: string | null;
  courseTitle: string;
  jp: number;
  issuedOn: string;
  verificationCode: string;
  pdfStatus: 'PENDING' | 'READY';
  pdfUrl: string | null;
}

const openedNow = (materialId: string) => ({ id: randomUUID(), materialId, occurredAt: new Date().toISOString(), kind: 'OPENED' });
const jakartaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());

describe('course completion, certificates and the JP ledger', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let cohort: BuiltCohort;
  let materialIds: string[];
  let learner: BuiltUser;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    course = await buildCourse(t, { title: 'Etika Pelayanan Publik bagi ASN', jp: 6 });
    const module = await buildModule(t, course, { title: 'Kode Etik dan Perilaku ASN' });
    materialIds = [];
    for (const kind of ['TEXT', 'LINK'] as const) materialIds.push((await buildMaterial(t, course, module.id, kind)).id);
    await publishCourse(t, course);
    cohort = await buildCohort(t, course);
    learner = await buildUser(t, { name: 'Siti Rahmawati Harahap' });
    token = await learner.token();
    await enrolLearner(t, learner, course, cohort);
  });
  afterAll(() => t.stop());

  it('completes the enrollment once, credits the JP once and issues one certificate, even from two devices at once', async () => {
    const first = await t.ok(RECORD, { events: [openedNow(materialIds[0])] }, { token });
    expect(first.recordProgress.applied).toBe(1);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM certificates WHERE user_id = $1`, [learner.id])).toBe(0);

    // The completing batch, sent by a phone and a laptop at the same moment.
    const completing = [openedNow(materialIds[1]), openedNow(materialIds[0])];
    const answers = await Promise.all([t.ok(RECORD, { events: completing }, { token }), t.ok(RECORD, { events: completing }, { token })]);
    expect(answers.map((a) => a.recordProgress.refused)).toEqual([0, 0]);

    const [enrollment] = await selectRows<{ status: string; completed_at: Date | null }>(
      t.databaseUrl,
      `SELECT status, completed_at FROM enrollments WHERE user_id = $1 AND course_id = $2`,
      [learner.id, course.id],
    );
    expect(enrollment.status).toBe('COMPLETED');
    expect(enrollment.completed_at).not.toBeNull();
    const ledger = await selectRows<{ source: string; title: string; jp: string; credited_on: string }>(
      t.databaseUrl,
      `SELECT source, title, jp::text, to_char(credited_on, 'YYYY-MM-DD') AS credited_on FROM jp_ledger_entries WHERE user_id = $1`,
      [learner.id],
    );
    expect(ledger).toEqual([{ source: 'COURSE', title: 'Etika Pelayanan Publik bagi ASN', jp: '6.0', credited_on: jakartaToday() }]);
    const certificates = await selectRows<{ number: string; verification_code: string; holder_name: string; holder_nip: string }>(
      t.databaseUrl,
      `SELECT number, verification_code, holder_name, holder_nip FROM certificates WHERE user_id = $1`,
      [learner.id],
    );
    expect(certificates).toHaveLength(1);
    expect(certificates[0].number).toMatch(new RegExp(`^PELITA/${jakartaToday().slice(0, 4)}/\\d{6}$`));
    expect(certificates[0].verification_code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(certificates[0]).toMatchObject({ holder_name: 'Siti Rahmawati Harahap', holder_nip: learner.nip });

  });

  it('completes once when two devices each finish a different last material at the same moment', async () => {
    const short = await buildCourse(t, { title: 'Budaya Kerja BerAKHLAK', jp: 2 });
    const module = await buildModule(t, short, { title: 'Nilai Dasar ASN' });
    const ids = [(await buildMaterial(t, short, module.id, 'TEXT')).id, (await buildMaterial(t, short, module.id, 'LINK')).id];
    await publishCourse(t, short);
    const racer = await buildUser(t, { name: 'Fitri Hasibuan' });
    const racerToken = await racer.token();
    await enrolLearner(t, racer, short);
    for (let round = 0; round < 3; round++) {
      await Promise.all(ids.map((id) => t.ok(RECORD, { events: [openedNow(id)] }, { token: racerToken })));
    }
    const [counts] = await selectRows<{ completed: string; entries: string; certificates: string }>(
      t.databaseUrl,
      `SELECT (SELECT count(*) FROM enrollments WHERE user_id = $1 AND status = 'COMPLETED') AS completed,
              (SELECT count(*) FROM jp_ledger_entries WHERE user_id = $1) AS entries,
              (SELECT count(*) FROM certificates WHERE user_id = $1) AS certificates`,
      [racer.id],
    );
    expect(counts).toEqual({ completed: '1', entries: '1', certificates: '1' });
  });

  it('renders the PDF with the holder’s link only, and verifies the code publicly with only what the certificate shows', async () => {
    const deadline = Date.now() + 20_000;
    let certificate: Certificate | undefined;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      [certificate] = (await t.ok<{ myCertificates: Certificate[] }>(MY_CERTIFICATES, {}, { token })).myCertificates;
    } while (certificate?.pdfStatus !== 'READY' && Date.now() < deadline);
    expect(certificate).toMatchObject({
      holderName: 'Siti Rahmawati Harahap',
      holderNip: learner.nip,
      courseTitle: 'Etika Pelayanan Publik bagi ASN',
      jp: 6,
      issuedOn: jakartaToday(),
      pdfStatus: 'READY',
    });
    const pdf = await fetch(certificate!.pdfUrl!);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    const verification = await t.gql(
      `query ($code: String!) { verifyCertificate(code: $code) { number holderName holderNip courseTitle jp issuedOn valid } }`,
      { code: certificate!.verificationCode.toLowerCase() },
    );
    expect(verification.errors).toBeUndefined();
    expect(verification.data.verifyCertificate).toEqual({
      number: certificate!.number,
      holderName: 'Siti Rahmawati Harahap',
      holderNip: learner.nip,
      courseTitle: 'Etika Pelayanan Publik bagi ASN',
      jp: 6,
      issuedOn: jakartaToday(),
      valid: true,
    });
    // The public type has nothing else to ask for.
    const leak = await t.gql(`query ($code: String!) { verifyCertificate(code: $code) { pdfUrl } }`, { code: certificate!.verificationCode });
    expect(leak.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await t.gql(`query { verifyCertificate(code: "ZZZZZZZZZZ") { number } }`);
    expect(unknown.data.verifyCertificate).toBeNull();

    // Others see what the certificate shows, never its PDF: another learner has none of their own,
    // course staff reach it through the cohort without a link, an admin gets the link.
    const other = await buildUser(t);
    expect((await t.ok(MY_CERTIFICATES, {}, { token: await other.token() })).myCertificates).toEqual([]);
    const throughCohort = `query ($id: ID!) { cohort(id: $id) { enrollments { edges { node { certificate { number pdfUrl } } } } } }`;
    const staffView = await t.ok(throughCohort, { id: cohort.id }, { token: await authorToken(course.author) });
    expect(staffView.cohort.enrollments.edges[0].node.certificate).toEqual({ number: certificate!.number, pdfUrl: null });
    const adminView = await t.ok(throughCohort, { id: cohort.id }, { token: await t.adminToken() });
    expect(adminView.cohort.enrollments.edges[0].node.certificate.pdfUrl).toMatch(/^http/);
  });

  it('shows the completed course at 100 % and the year’s JP against the target on myLearning and the ledger', async () => {
    const data = await t.ok(
      `query { myLearning { year jpThisYear jpTarget jpEntries { source title jp creditedOn }
                 enrollments { status percent course { id } nextMaterial { id } enrollment { certificate { number } } } }
               jpLedger { title jp } }`,
      {},
      { token },
    );
    expect(data.myLearning).toMatchObject({ year: Number(jakartaToday().slice(0, 4)), jpThisYear: 6, jpTarget: 20 });
    expect(data.myLearning.jpEntries).toEqual([{ source: 'COURSE', title: 'Etika Pelayanan Publik bagi ASN', jp: 6, creditedOn: jakartaToday() }]);
    expect(data.myLearning.enrollments).toEqual([
      { status: 'COMPLETED', percent: 100, course: { id: course.id }, nextMaterial: null, enrollment: { certificate: { number: expect.stringMatching(/^PELITA\//) } } },
    ]);
    expect(data.jpLedger).toEqual([{ title: 'Etika Pelayanan Publik bagi ASN', jp: 6 }]);
    const lastYear = await t.ok(`query ($year: Int) { jpLedger(year: $year) { jp } }`, { year: Number(jakartaToday().slice(0, 4)) - 1 }, { token });
    expect(lastYear.jpLedger).toEqual([]);
    expect((await t.gql(`query { myLearning { jpThisYear } }`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lists a cohort’s learners for its staff with percent, last activity, who completed and who is stuck', async () => {
    const idle = await buildUser(t, { name: 'Budi Santoso Pasaribu' });
    const started = await buildUser(t, { name: 'Rina Marpaung' });
    await enrolLearner(t, idle, course, cohort);
    await enrolLearner(t, started, course, cohort);
    await t.ok(RECORD, { events: [openedNow(materialIds[0])] }, { token: await started.token() });
    await selectRows(t.databaseUrl, `UPDATE enrollments SET enrolled_at = now() - interval '10 days' WHERE user_id IN ($1, $2)`, [idle.id, started.id]);

    const query = `query ($id: ID!, $days: Int) { cohort(id: $id) { learnerProgress(stuckAfterDays: $days) { user { name } percent lastActivityAt stuck completed } } }`;
    const answer = await t.gql(query, { id: cohort.id }, { token: await authorToken(course.author) });
    expect(answer.errors).toBeUndefined();
    const byName = Object.fromEntries(answer.data.cohort.learnerProgress.map((row: { user: { name: string } }) => [row.user.name, row]));
    expect(byName['Siti Rahmawati Harahap']).toMatchObject({ percent: 100, completed: true, stuck: false });
    expect(byName['Siti Rahmawati Harahap'].lastActivityAt).not.toBeNull();
    expect(byName['Budi Santoso Pasaribu']).toMatchObject({ percent: 0, completed: false, stuck: true, lastActivityAt: null });
    expect(byName['Rina Marpaung']).toMatchObject({ percent: 50, completed: false, stuck: false });
    // Each learner's enrollment answers in full, not only its id.
    const withEnrollments = await t.gql(
      `query ($id: ID!) { cohort(id: $id) { learnerProgress { user { name } enrollment { id status enrolledAt createdAt } } } }`,
      { id: cohort.id },
      { token: await authorToken(course.author) },
    );
    expect(withEnrollments.errors).toBeUndefined();
    const rina = withEnrollments.data.cohort.learnerProgress.find((row: { user: { name: string } }) => row.user.name === 'Rina Marpaung');
    expect(rina.enrollment).toMatchObject({ id: expect.any(String), status: 'ACTIVE', enrolledAt: expect.any(String), createdAt: expect.any(String) });
    // As many statements for five learners as for three.
    for (const name of ['Dewi Lubis', 'Andi Simatupang']) await enrolLearner(t, await buildUser(t, { name }), course, cohort);
    const larger = await t.gql(query, { id: cohort.id }, { token: await authorToken(course.author) });
    expect(larger.data.cohort.learnerProgress).toHaveLength(5);
    expect(larger.extensions?.sqlStatements).toBe(answer.extensions?.sqlStatements);

    const learnerAsks = await t.gql(query, { id: cohort.id }, { token: await idle.token() });
    expect(learnerAsks.data?.cohort ?? null).toBeNull();
    const badDays = await t.gql(query, { id: cohort.id, days: 0 }, { token: await t.adminToken() });
    expect(badDays.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
