import { readFileSync } from 'node:fs';
import { readdir, readFile, readlink, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { RunningServer } from './postgres-server';

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;
/** A postmaster that ran this long was healthy: its next crash starts the backoff over. */
const HEALTHY_AFTER_MS = 30_000;
const ORPHANS_GONE_MS = 5_000;

export interface Supervisor {
  /** Stops restarting, then stops the running postmaster (if any). */
  stop(): Promise<void>;
}

/**
 * Keeps the embedded PostgreSQL running: when the postmaster exits without being asked to (killed,
 * crashed, OOM), it is started again on the same data directory and port, after 0.2 s and then
 * twice as long per failed attempt, up to 5 s. The API's pools reconnect by themselves; requests
 * meanwhile answer SERVICE_UNAVAILABLE.
 */
export function supervise(
  first: RunningServer,
  start: () => Promise<RunningServer>,
  options: { clusterDir: string; postgresBinary: string; log: Logger },
): Supervisor {
  const { log } = options;
  let current: RunningServer | undefined = first;
  let stopping = false;
  let delay = FIRST_DELAY_MS;
  let wake: (() => void) | undefined;
  let restarting: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const watch = (server: RunningServer) => {
    const startedAt = Date.now();
    server.exited.then(
      ({ code, signal, output }) => {
        if (stopping || server !== current) return;
        current = undefined;
        delay = Date.now() - startedAt >= HEALTHY_AFTER_MS ? FIRST_DELAY_MS : delay;
        log.warn({ code, signal, output, restartInMs: delay }, 'the embedded PostgreSQL stopped unexpectedly; restarting it');
        restarting = restart();
      },
      () => undefined,
    );
  };

  const restart = async () => {
    while (!stopping) {
      await sleep(delay);
      if (stopping) return;
      const startedAt = Date.now();
      try {
        await clearOrphans(options.clusterDir, options.postgresBinary, log);
        const server = await start();
        if (stopping) {
          await server.stop();
          return;
        }
        current = server;
        watch(server);
        log.info({ restartMs: Date.now() - startedAt }, 'the embedded PostgreSQL runs again');
        return;
      } catch (error) {
        delay = Math.min(delay * 2, MAX_DELAY_MS);
        log.error({ err: error, retryInMs: delay }, 'could not restart the embedded PostgreSQL; trying again');
      }
    }
  };

  watch(first);
  return {
    stop: async () => {
      stopping = true;
      wake?.();
      await restarting;
      await current?.stop();
    },
  };
}

/**
 * A killed postmaster leaves its backends running until they notice, and PostgreSQL refuses to
 * start while any of them holds the old shared memory. They belong to no one now: stop them
 * (crash recovery makes that safe), then drop the dead postmaster's pid file, which could name
 * a process that reused its pid. Linux only (/proc); elsewhere PostgreSQL's own checks decide.
 */
async function clearOrphans(clusterDir: string, postgresBinary: string, log: Logger): Promise<void> {
  const cluster = await realpath(clusterDir);
  const binary = await realpath(postgresBinary).catch(() => postgresBinary);
  const orphans: number[] = [];
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    // A backend's working directory is its data directory; its binary says it is PostgreSQL.
    const [cwd, exe] = await Promise.all([readlink(`/proc/${entry}/cwd`).catch(() => ''), readlink(`/proc/${entry}/exe`).catch(() => '')]);
    if (cwd === cluster && (exe === binary || path.basename(exe) === 'postgres')) orphans.push(Number(entry));
  }
  if (orphans.length) {
    for (const pid of orphans) signal(pid, 'SIGKILL');
    const startedAt = Date.now();
    while (orphans.some(isAlive) && Date.now() - startedAt < ORPHANS_GONE_MS) await new Promise((resolve) => setTimeout(resolve, 20));
    log.warn({ pids: orphans, waitedMs: Date.now() - startedAt }, 'stopped what the killed PostgreSQL left running on its data directory');
  }
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const recorded = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (recorded > 0 && !orphans.includes(recorded) && isAlive(recorded)) {
    const cwd = await readlink(`/proc/${recorded}/cwd`).catch(() => '');
    // Another postmaster on this cluster: PostgreSQL will say so when it refuses to start.
    if (cwd === cluster) return;
  }
  await rm(pidFile, { force: true });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}

/** A zombie counts as gone: it holds no shared memory, and init may be slow to reap it. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
