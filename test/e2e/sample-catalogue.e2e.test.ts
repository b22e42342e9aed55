import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { publishContent } from '../../src/content/publish';
import { type DemoCredentials, SAMPLE_CONTENT_DIR, sampleFolders, seedDemo } from '../../src/demo/demo-seed';
import { takeSampleCourse } from '../builders/sample-catalogue';
import { parseCsv } from '../support/csv';
import { selectRows } from '../support/database';
import { errorCode } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

/** Tables whose rows a publish may write; sign-ins (users, tokens, key use) are left out. */
const CONTENT_TABLES_SQL = `select table_name from information_schema.tables
  where table_schema = 'public' and table_type = 'BASE TABLE'
    and table_name not in ('users', 'refresh_tokens', 'login_throttles', 'query_budgets', 'api_keys', 'mikro_orm_migrations')
  order by table_name`;

/** Every content row, digested per table: any insert, update or delete changes it. */
async function snapshot(databaseUrl: string): Promise<Record<string, string>> {
  const tables = await selectRows<{ table_name: string }>(databaseUrl, CONTENT_TABLES_SQL);
  const digest: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const [row] = await selectRows<{ digest: string }>(databaseUrl, `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from "${table}" t`);
    digest[table] = row.digest;
  }
  return digest;
}

const account = (credentials: DemoCredentials, email: string) => {
  const found = credentials.people.find((person) => person.email === email);
  if (!found) throw new Error(`no demo account ${email}`);
  return found;
};

/**
 * Issue 7 end to end on the real sample catalogue: the demo seeding publishes content/ through
 * the API; publishing it again changes nothing and uploads nothing; demo learners take courses
 * and attend the seminar; the agency report and the SIASN-shaped CSV agree with the JP ledger.
 */
describe('the Sibolga sample catalogue', () => {
  let t: TestApp;
  let demo: DemoCredentials;
  const tokens = new Map<string, string>();
  const tokenOf = async (email: string) => {
    if (!tokens.has(email)) tokens.set(email, (await t.login(email, email === demo.admin.email ? demo.admin.password : account(demo, email).password)).accessToken);
    return tokens.get(email) as string;
  };

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    const logger = t.app.services.logger;
    demo = await seedDemo(t.app.services.orm.em.fork(), { graphqlUrl: t.app.url, logger });
  });
  afterAll(() => t.stop());

  it('publishes the sample folder a second time without a change or an uploaded byte', async () => {
    expect(demo.courseCodes).toHaveLength(5);
    expect(demo.seminarRefs).toHaveLength(1);
    const before = await snapshot(t.databaseUrl);
    const { courses, seminars } = sampleFolders(SAMPLE_CONTENT_DIR);
    const author = account(demo, 'widyaiswara@demo.pelita.id');
    const lines: string[] = [];
    const output = (line: string) => lines.push(line);
    const courseRun = await publishContent({ folders: courses, endpoint: t.app.url, auth: { email: author.email, password: author.password }, output, progress: false });
    const seminarRun = await publishContent({ folders: seminars, endpoint: t.app.url, auth: { apiKey: demo.partnerApiKey.secret }, output, progress: false });
    for (const run of [courseRun, seminarRun]) {
      expect(run.items.map((item) => item.outcome)).toEqual(run.items.map(() => 'unchanged'));
      expect(run).toMatchObject({ mutations: 0, uploadedFiles: 0, uploadedBytes: 0 });
    }
    expect(courseRun.skippedFiles).toBeGreaterThanOrEqual(10);
    expect(await snapshot(t.databaseUrl)).toEqual(before);
  });

  it('credits demo learners for courses and the seminar, and the agency report and CSV agree with the ledger', async () => {
    const authorToken = await tokenOf('widyaiswara@demo.pelita.id');
    const taken: [string, string, number][] = [
      ['siti.pohan@demo.pelita.id', 'PPP-01', 0.4],
      ['siti.pohan@demo.pelita.id', 'SIAK-01', 0.2],
      ['siti.pohan@demo.pelita.id', 'PM-01', 0.5],
      ['rudi.sitompul@demo.pelita.id', 'PPP-01', 0.6],
      ['maria.lumbantobing@demo.pelita.id', 'LIK-01', 0.5],
      ['nurhalimah.batubara@demo.pelita.id', 'LIK-01', 0.3],
      ['nurhalimah.batubara@demo.pelita.id', 'KEP-01', 0.5],
    ];
    for (const [email, code, preTestRight] of taken) {
      const result = await takeSampleCourse(t, code, await tokenOf(email), authorToken, preTestRight);
      expect(result.post).toBe(100);
      expect(result.pre).toBeLessThan(100);
    }

    // The university moves its seminar to today (as its system would, by publishing the changed
    // folder); the unchanged slides and paper are not sent again.
    const seminarFolder = sampleFolders(SAMPLE_CONTENT_DIR).seminars[0];
    const moved = await mkdtemp(path.join(os.tmpdir(), 'pelita-seminar-'));
    try {
      await cp(seminarFolder, moved, { recursive: true });
      const manifest = await readFile(path.join(moved, 'seminar.yaml'), 'utf8');
      const minute = (minutes: number) => new Date((Math.floor(Date.now() / 60_000) + minutes) * 60_000).toISOString();
      const rescheduled = manifest
        .replace(/startsAt: .*/, `startsAt: ${minute(-5)}`)
        .replace(/endsAt: .*/, `endsAt: ${minute(235)}`)
        .replace(/registrationClosesAt: .*/, `registrationClosesAt: ${minute(60)}`);
      await writeFile(path.join(moved, 'seminar.yaml'), rescheduled);
      const run = await publishContent({ folders: [moved], endpoint: t.app.url, auth: { apiKey: demo.partnerApiKey.secret }, output: () => undefined, progress: false });
      expect(run.items[0].outcome).toBe('updated');
      expect(run.uploadedBytes).toBe(0);
    } finally {
      await rm(moved, { recursive: true, force: true });
    }

    const { seminars } = await t.ok(`{ seminars(first: 5) { edges { node { id jp sessions { id } } } } }`, {}, { token: await tokenOf('siti.pohan@demo.pelita.id') });
    const seminar = seminars.edges[0].node;
    const attendees = ['siti.pohan@demo.pelita.id', 'maria.lumbantobing@demo.pelita.id', 'nurhalimah.batubara@demo.pelita.id'];
    for (const email of attendees) {
      const registered = await t.ok(`mutation ($id: ID!) { registerForSeminar(seminarId: $id) { status } }`, { id: seminar.id }, { token: await tokenOf(email) });
      expect(registered.registerForSeminar.status).toBe('CONFIRMED');
    }
    const { openAttendance } = await t.ok(`mutation ($id: ID!) { openAttendance(sessionId: $id) { code } }`, { id: seminar.sessions[0].id }, { apiKey: demo.partnerApiKey.secret });
    for (const email of attendees) {
      await t.ok(`mutation ($code: String!) { checkIn(code: $code) { id } }`, { code: openAttendance.code }, { token: await tokenOf(email) });
    }

    // The ledger holds exactly what was earned: each course's JP once, the seminar's 4 JP per attendee.
    const ledger = await selectRows<{ email: string; organization: string; source: string; jp: number }>(
      t.databaseUrl,
      `SELECT u.email, o.name AS organization, l.source, l.jp::float8 AS jp
         FROM jp_ledger_entries l JOIN users u ON u.id = l.user_id JOIN organizations o ON o.id = u.organization_id`,
    );
    const jpOf = (email: string) => ledger.filter((entry) => entry.email === email).reduce((sum, entry) => sum + entry.jp, 0);
    const courseJp = Object.fromEntries(
      (await t.ok(`{ courses(first: 20) { edges { node { code jp } } } }`, {}, { token: authorToken })).courses.edges.map((edge: any) => [edge.node.code, edge.node.jp]),
    );
    for (const email of new Set(taken.map(([learner]) => learner))) {
      const expected = taken.filter(([learner]) => learner === email).reduce((sum, [, code]) => sum + courseJp[code], 0) + (attendees.includes(email) ? seminar.jp : 0);
      expect(jpOf(email)).toBe(expected);
    }
    expect(ledger.filter((entry) => entry.source === 'SEMINAR')).toHaveLength(attendees.length);

    const REPORT = `query ($id: ID!) { agencyJpReport(organizationId: $id) {
      asnCount meetingTargetCount meetingTargetPercent averageJp totalJp target
      learners(first: 100) { totalCount edges { node { jp meetsTarget user { email } } } }
      topCourses { completions course { code } }
      courses { enrolled completed completionRate course { code } }
      learningGain { learners averagePre averagePost averageGain course { code } }
    } }`;
    const organizationId = async (name: string) =>
      (await t.ok(`{ organizations(first: 100) { edges { node { id name } } } }`, {}, { token: await t.adminToken() })).organizations.edges.find((edge: any) => edge.node.name === name).node.id;
    const dukcapilId = await organizationId('Dinas Kependudukan dan Pencatatan Sipil Kota Sibolga');
    const dinkesId = await organizationId('Dinas Kesehatan Kota Sibolga');

    const dukcapil = (await t.ok(REPORT, { id: dukcapilId }, { token: await tokenOf('kadis.dukcapil@demo.pelita.id') })).agencyJpReport;
    const dukcapilAsn = ['kadis.dukcapil@demo.pelita.id', 'siti.pohan@demo.pelita.id', 'rudi.sitompul@demo.pelita.id'];
    expect(dukcapil.asnCount).toBe(3);
    expect(dukcapil.totalJp).toBe(dukcapilAsn.reduce((sum, email) => sum + jpOf(email), 0));
    expect(dukcapil.learners.edges.map((edge: any) => [edge.node.user.email, edge.node.jp])).toEqual(
      expect.arrayContaining(dukcapilAsn.map((email) => [email, jpOf(email)])),
    );
    // Siti reached the 20 JP target (three courses and the seminar); Rudi and the head did not.
    expect(jpOf('siti.pohan@demo.pelita.id')).toBeGreaterThanOrEqual(20);
    expect(dukcapil).toMatchObject({ meetingTargetCount: 1, meetingTargetPercent: 33.33, target: 20 });
    expect(dukcapil.averageJp).toBeCloseTo(dukcapil.totalJp / 3, 1);
    expect(dukcapil.topCourses[0]).toMatchObject({ completions: 2, course: { code: 'PPP-01' } });
    const ppp = dukcapil.learningGain.find((row: any) => row.course.code === 'PPP-01');
    expect(ppp.learners).toBe(2);
    expect(ppp.averagePost).toBe(100);
    expect(ppp.averageGain).toBeGreaterThan(0);

    // The Dinas Kesehatan's report includes its puskesmas; its head may not read the Disdukcapil's.
    const kadisKesehatan = await tokenOf('kadis.kesehatan@demo.pelita.id');
    const dinkes = (await t.ok(REPORT, { id: dinkesId }, { token: kadisKesehatan })).agencyJpReport;
    const dinkesAsn = ['kadis.kesehatan@demo.pelita.id', 'maria.lumbantobing@demo.pelita.id', 'nurhalimah.batubara@demo.pelita.id'];
    expect(dinkes.asnCount).toBe(3);
    expect(dinkes.totalJp).toBe(dinkesAsn.reduce((sum, email) => sum + jpOf(email), 0));
    expect(dinkes.courses.find((row: any) => row.course.code === 'LIK-01')).toMatchObject({ enrolled: 2, completed: 2, completionRate: 1 });
    expect(errorCode(await t.gql(REPORT, { id: dukcapilId }, { token: kadisKesehatan }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(REPORT, { id: dinkesId }, { token: await tokenOf('maria.lumbantobing@demo.pelita.id') }))).toBe('FORBIDDEN');

    // The SIASN-shaped CSV of the Dinas Kesehatan: one row per ledger entry, the same JP.
    const requested = (await t.ok(`mutation ($id: ID!) { requestJpExport(organizationId: $id) { id } }`, { id: dinkesId }, { token: kadisKesehatan })).requestJpExport;
    let exported: { status: string; rowCount: number; downloadUrl: string | null } = { status: 'PENDING', rowCount: 0, downloadUrl: null };
    for (let i = 0; i < 120 && !['READY', 'FAILED'].includes(exported.status); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      exported = (await t.ok(`query ($id: ID!) { jpExport(id: $id) { status rowCount downloadUrl } }`, { id: requested.id }, { token: kadisKesehatan })).jpExport;
    }
    expect(exported.status).toBe('READY');
    const csv = await (await fetch(exported.downloadUrl as string)).text();
    const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
    expect(header).toEqual(['NIP', 'Nama', 'Nama Pelatihan', 'Jenis Pelatihan', 'Tanggal Mulai', 'Tanggal Selesai', 'JP', 'Nomor Sertifikat', 'Penyelenggara']);
    const dinkesLedger = ledger.filter((entry) => dinkesAsn.includes(entry.email));
    expect(rows).toHaveLength(dinkesLedger.length);
    expect(rows.reduce((sum, row) => sum + Number(row[6]), 0)).toBe(dinkes.totalJp);
    expect(rows.filter((row) => row[3] === 'Seminar')).toEqual(
      expect.arrayContaining([expect.arrayContaining(['Manajemen Pemerintahan yang Efektif', 'Universitas Sibolga Raya'])]),
    );
    expect(rows.every((row) => /^\d{18}$/.test(row[0]) && row[7] !== '')).toBe(true);
  });
});
