import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { publishContent } from '../../src/content/publish';
import { type DemoCredentials, SAMPLE_CONTENT_DIR, sampleFolders, seedDemo } from '../../src/demo/demo-seed';
import { takeSampleCourse } from '../builders/sample-catalogue';
import { selectRows } from '../support/database';
import { startTestApp, type TestApp } from '../support/test-app';

/** Tables whose rows a publish may write; sign-ins (users, tokens, key use) are left out. */
const CONTENT_TABLES_SQL = `select table_name from information_schema.tables
  where table_schema = 'public' and table_type = 'BASE TABLE'
    and table_name not in ('users', 'refresh_tokens', 'login_throttles', 'api_keys', 'mikro_orm_migrations')
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

    // REPORT_ASSERTIONS
  });
});
