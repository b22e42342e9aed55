import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { graphqlClient } from '../support/graphql-client';
import { cleanEnv, isReady, type PelitaProcess, removeDataDir, REPO_ROOT, startPelita, stopPelita } from '../support/pelita-process';

// A cold start runs initdb, then publishes the whole sample catalogue through the API.
jest.setTimeout(240_000);

const isDemoReady = (line: Record<string, any>) => String(line.msg ?? '').startsWith('demo data ready');

/** The credentials block `npm start` prints once: label, email and password per account. */
function printedAccounts(stdout: string): Map<string, string> {
  const accounts = new Map<string, string>();
  for (const match of stdout.matchAll(/^ {2}.+? {2,}(\S+@demo\.pelita\.id) {2,}(\S+)$/gm)) accounts.set(match[1], match[2]);
  return accounts;
}

async function postmastersOf(dataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').join(' ').includes(dataDir)) pids.push(Number(entry));
  }
  return pids;
}

describe('the first `npm start` on an empty embedded database shows the Sibolga demo', () => {
  const dataDir = path.resolve(REPO_ROOT, 'data', `demo-e2e-${randomBytes(4).toString('hex')}`);
  const env = (): NodeJS.ProcessEnv => ({ ...cleanEnv(), DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  let running: PelitaProcess | undefined;

  async function stop(): Promise<void> {
    expect(await stopPelita(running as PelitaProcess)).toEqual({ code: 0, signal: null });
    running = undefined;
  }

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exit;
    }
    for (const pid of await postmastersOf(dataDir)) process.kill(pid, 'SIGINT');
    await removeDataDir(dataDir);
  });

  it('publishes the sample catalogue, prints the demo accounts once, and leaves a used database alone', async () => {
    expect(existsSync(dataDir)).toBe(false);
    running = startPelita(env());
    const ready = await running.waitForLog(isReady, 90_000);
    const seeded = await running.waitForLog(isDemoReady, 150_000);
    console.log(`[demo] seeded ${seeded.courses} courses and ${seeded.seminars} seminar in ${seeded.ms} ms`);
    expect(running.logs.filter((line) => line.level >= 50)).toEqual([]);

    const accounts = printedAccounts(running.stdout());
    expect([...accounts.keys()]).toEqual(expect.arrayContaining(['admin@demo.pelita.id', 'widyaiswara@demo.pelita.id', 'siti.pohan@demo.pelita.id', 'mitra@demo.pelita.id', 'kadis.dukcapil@demo.pelita.id']));
    // Secrets are printed for the person at the console, never written into a log line.
    const password = accounts.get('siti.pohan@demo.pelita.id') as string;
    expect(running.logs.some((line) => JSON.stringify(line).includes(password))).toBe(false);

    const client = graphqlClient(ready.url);
    const learner = await client.login('siti.pohan@demo.pelita.id', password);
    const catalogue = await client.ok(`{ courses(first: 50) { totalCount edges { node { code title status } } } seminars { totalCount edges { node { title } } } }`, {}, { token: learner.accessToken });
    const titles = catalogue.courses.edges.map((edge: any) => edge.node.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Pelayanan Publik Prima',
        'Komunikasi Efektif dalam Pelayanan',
        'Pemecahan Masalah',
        'Layanan Informasi Kesehatan yang Akurat',
      ]),
    );
    expect(titles.some((title: string) => title.startsWith('Penggunaan Aplikasi Sistem Informasi Kependudukan'))).toBe(true);
    expect(catalogue.courses.edges.every((edge: any) => edge.node.status === 'PUBLISHED')).toBe(true);
    expect(catalogue.seminars.edges.map((edge: any) => edge.node.title)).toEqual(['Manajemen Pemerintahan yang Efektif']);
    await stop();

    // The second start finds a used database: no seeding and no credentials.
    running = startPelita(env());
    await running.waitForLog(isReady, 90_000);
    await running.waitForLog((line) => line.msg === 'demo skipped: the database already holds data', 30_000);
    expect(running.logs.some(isDemoReady)).toBe(false);
    expect(printedAccounts(running.stdout()).size).toBe(0);
    await stop();
  });
});
