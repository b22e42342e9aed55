import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { graphqlClient } from '../support/graphql-client';
import { bareEnv, isReady, type PelitaProcess, removeDataDir, REPO_ROOT, startPelita, within } from '../support/pelita-process';

// Cold starts run initdb: allow for a slow machine.
jest.setTimeout(180_000);

/** Pids of processes whose command line mentions `needle` (the postmaster names its data directory). */
async function processesMentioning(needle: string): Promise<{ pid: number; cmdline: string }[]> {
  const found: { pid: number; cmdline: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0').join(' ');
      if (cmdline.includes(needle)) found.push({ pid: Number(entry), cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const ADMIN = { email: 'admin@sibolgakota.go.id', password: 'kata-sandi-admin-sibolga' };
const ORGANIZATION = 'Dinas Kesehatan Kota Sibolga';

describe('the newcomer path: embedded PostgreSQL and S3 under DATA_DIR', () => {
  // A directory Pelita creates itself, as on a first `npm start`. Under the repository's data/
  // (not /tmp): as root, PostgreSQL runs as the `postgres` user and must traverse every parent.
  const dataDir = path.resolve(REPO_ROOT, 'data', `embedded-e2e-${randomBytes(4).toString('hex')}`);
  const env = (): NodeJS.ProcessEnv => bareEnv(dataDir, ADMIN);
  let running: PelitaProcess | undefined;
  /**
   * Where the cluster really lives: DATA_DIR/postgres, or, as root in a folder the postgres user
   * cannot enter (a checkout in `mktemp -d`), the folder under /var/lib/pelita it links to.
   */
  let clusterDir = path.join(dataDir, 'postgres');
  let firstToken: string | undefined;

  /** Starts Pelita and answers its GraphQL URL and how long it took to be ready. */
  async function start(): Promise<{ url: string; ms: number; ready: Record<string, any> }> {
    const startedAt = performance.now();
    running = startPelita(env());
    const ready = await running.waitForLog(isReady, 60_000);
    return { url: ready.url, ms: Math.round(performance.now() - startedAt), ready };
  }

  /** SIGTERM, exit 0 with 'stopped cleanly', and no PostgreSQL left on the data directory. */
  async function stopCleanly(): Promise<void> {
    const pelita = running as PelitaProcess;
    expect(pelita.child.kill('SIGTERM')).toBe(true);
    expect(await within(pelita.exit, 30_000, 'exit after SIGTERM')).toEqual({ code: 0, signal: null });
    expect(pelita.logs.map((line) => line.msg)).toContain('stopped cleanly');
    expect(pelita.logs.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
    expect(await processesMentioning(clusterDir)).toEqual([]);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
    running = undefined;
  }

  beforeAll(() => {
    expect(existsSync(dataDir)).toBe(false);
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGTERM');
      await within(running.exit, 30_000, 'exit in clean-up').catch(() => {
        running?.child.kill('SIGKILL');
      });
    }
    // A PostgreSQL that outlived a failed test: stop it by the pid it wrote, then remove the files.
    for (const { pid } of await processesMentioning(clusterDir)) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
    await removeDataDir(dataDir);
  });

  it('starts from nothing, keeps its data across a restart and stops everything it started', async () => {
    // First start: creates DATA_DIR, runs initdb, migrates, creates the bootstrap admin.
    const cold = await start();
    console.log(`[embedded] cold start (initdb included): ${cold.ms} ms (Pelita reports startupMs ${cold.ready.startupMs})`);
    expect(cold.ready.database).toMatch(/embedded PostgreSQL/);
    expect(cold.ready.storage).toMatch(/embedded S3/);
    expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'object-store'))).toBe(true);
    clusterDir = await realpath(path.join(dataDir, 'postgres'));
    // The check that none is left after a stop does see a running postmaster.
    expect(await processesMentioning(clusterDir)).toEqual([expect.objectContaining({ cmdline: expect.stringContaining('postgres') })]);

    // The generated database password stays in DATA_DIR: no log line shows it.
    const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
    expect(password.length).toBeGreaterThan(16);
    expect((running as PelitaProcess).stdout()).not.toContain(password);

    let client = graphqlClient(cold.url);
    expect(await client.ok('{ me { id } }')).toEqual({ me: null });
    const readyz = await fetch(cold.url.replace(/\/graphql$/, '/readyz'));
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready', database: 'ok', storage: 'ok' });

    const session = await client.login(ADMIN.email, ADMIN.password);
    expect(session.user.roles).toContain('ADMIN');
    firstToken = session.accessToken;
    const created = await client.ok(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id name kind } }`,
      { input: { name: ORGANIZATION, kind: 'AGENCY' } },
      { token: session.accessToken },
    );
    expect(created.createOrganization).toMatchObject({ name: ORGANIZATION, kind: 'AGENCY' });
    const ORGANIZATIONS = `{ organizations(first: 100) { totalCount edges { node { id name kind } } } }`;
    const before = (await client.ok(ORGANIZATIONS, {}, { token: session.accessToken })).organizations;

    await stopCleanly();

    // Second start: the same cluster, secrets and data.
    const warm = await start();
    console.log(`[embedded] warm start: ${warm.ms} ms (Pelita reports startupMs ${warm.ready.startupMs})`);
    client = graphqlClient(warm.url);

    const again = await client.login(ADMIN.email, ADMIN.password);
    const token = again.accessToken;
    expect(again.user.id).toBe(session.user.id);
    const after = (await client.ok(ORGANIZATIONS, {}, { token })).organizations;
    expect(after).toEqual(before);
    expect(after.edges.filter((edge: any) => edge.node.name === ORGANIZATION)).toEqual([{ node: created.createOrganization }]);

    const admins = await client.ok(`{ users(filter: { role: ADMIN }) { totalCount edges { node { email } } } }`, {}, { token });
    expect(admins.users.totalCount).toBe(1);
    expect(admins.users.edges[0].node.email).toBe(ADMIN.email);

    // The generated JWT secret is kept in DATA_DIR: a token from before the restart still works.
    expect(await client.ok('{ me { email } }', {}, { token: firstToken })).toEqual({ me: { email: ADMIN.email } });

    await stopCleanly();
  });
});
