import { type ChildProcess, spawn } from 'node:child_process';
import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';

/** dist/test/support → the repository root. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The compiled entry point `npm start` runs. */
export const MAIN = path.join(REPO_ROOT, 'dist/src/main.js');

/** The environment of this Jest worker without anything that configures Pelita or the test run. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      /^(TEST_|PELITA_TEST_|MINIO_|BOOTSTRAP_ADMIN_)/.test(key) ||
      ['DATABASE_URL', 'JWT_SECRET', 'PORT', 'HOST', 'DATA_DIR', 'LOG_LEVEL', 'NODE_ENV', 'MAX_REQUEST_BYTES', 'TRUST_PROXY', 'EMBEDDED_S3_PORT', 'PUBLIC_BASE_URL'].includes(key)
    ) {
      delete env[key];
    }
  }
  return env;
}

/**
 * A bare start on loopback with its own DATA_DIR (embedded PostgreSQL and store), an administrator
 * and no demo content: the database holds only what a test makes (the demo has its own test).
 */
export function bareEnv(dataDir: string, admin: { email: string; password: string }): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    DEMO: 'false',
  };
}

export interface PelitaProcess {
  child: ChildProcess;
  /** Parsed JSON log lines of stdout, in order. */
  logs: Record<string, any>[];
  stdout(): string;
  stderr(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLog(matches: (line: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>>;
}

/** Runs `npm start`'s entry point: the repository's own, or that of another checkout of it. */
export function startPelita(env: NodeJS.ProcessEnv, options: { checkout?: string } = {}): PelitaProcess {
  const checkout = options.checkout ?? REPO_ROOT;
  const main = options.checkout ? path.join(checkout, 'dist/src/main.js') : MAIN;
  const child = spawn(process.execPath, [main], { cwd: checkout, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, any>[] = [];
  let stdout = '';
  let stderr = '';
  let pending = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    });
  });
  const waitForLog = (matches: (line: Record<string, any>) => boolean, timeoutMs: number) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const check = () => {
        const found = logs.find(matches);
        if (found) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`Pelita exited (${child.exitCode ?? child.signalCode}) first.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no such log line within ${timeoutMs} ms.\nstdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return { child, logs, stdout: () => stdout, stderr: () => stderr, exit, waitForLog };
}

export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** SIGTERM, and how Pelita exited (within 30 s). */
export function stopPelita(pelita: PelitaProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  pelita.child.kill('SIGTERM');
  return within(pelita.exit, 30_000, 'exit after SIGTERM');
}

/**
 * Removes a DATA_DIR a test made, and its cluster where that lives elsewhere: as root in a folder
 * the postgres user cannot enter, DATA_DIR/postgres links to a cluster under /var/lib/pelita.
 */
export async function removeDataDir(dataDir: string): Promise<void> {
  const cluster = await realpath(path.join(dataDir, 'postgres')).catch(() => undefined);
  await rm(dataDir, { recursive: true, force: true });
  if (cluster) await rm(cluster, { recursive: true, force: true });
}

export const isReady = (line: Record<string, any>) => String(line.msg ?? '').startsWith('Pelita is ready at');
