import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { startEmbeddedPostgres } from '../../src/embedded/postgres';
import { startEmbeddedS3 } from '../../src/embedded/s3';
import { SHARED, testEnv } from './test-env';

const REPO_ROOT = path.resolve(__dirname, '../../..');
export const TEST_BUCKET = 'pelita-test';

interface Running {
  stops: (() => Promise<void>)[];
  adminUrl: string;
  template: string;
}

declare global {
  var __pelitaTest: Running | undefined;
}

/**
 * Once per run: a PostgreSQL server (given or embedded) with a template database migrated
 * by the real migrations, and an S3 endpoint (given or embedded). Test files clone the template.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const logger = pino({ level: 'warn' });
  const stops: (() => Promise<void>)[] = [];

  let adminUrl = testEnv.databaseUrl;
  if (!adminUrl) {
    const testData = path.join(REPO_ROOT, 'data', 'test');
    const embedded = await startEmbeddedPostgres(testData, logger, { database: 'postgres' });
    // As root in a folder the postgres user cannot enter, the cluster lives under /var/lib/pelita:
    // removed after the run (stops run last-in first-out), so throw-away clones leave nothing there.
    if (embedded.clusterDir !== path.join(testData, 'postgres')) {
      stops.push(() => removeDataDirCluster(testData, embedded.clusterDir));
    }
    stops.push(embedded.stop);
    adminUrl = embedded.url;
  }

  await dropDatabasesOfDeadRuns(adminUrl);
  const template = `pelita_template_${process.pid}_${Date.now().toString(36)}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${template}`));
  // In a child process: loading the entities here would register ORM metadata in Jest's
  // outer realm, which test files (in-band runs share the process) cannot use.
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/src/cli/migrate.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrlFor(adminUrl, template), LOG_LEVEL: 'warn', NODE_ENV: 'test' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });

  let s3 = testEnv.s3Endpoint
    ? { endpoint: testEnv.s3Endpoint, accessKey: testEnv.s3AccessKey, secretKey: testEnv.s3SecretKey }
    : undefined;
  if (!s3) {
    const embedded = await startEmbeddedS3(path.join(REPO_ROOT, 'data', 'test'), { bucket: TEST_BUCKET, region: 'us-east-1' });
    stops.push(embedded.stop);
    s3 = {
      endpoint: `http://${embedded.endpoint.endPoint}:${embedded.endpoint.port}`,
      accessKey: embedded.endpoint.accessKey,
      secretKey: embedded.endpoint.secretKey,
    };
  }

  process.env[SHARED.adminUrl] = adminUrl;
  process.env[SHARED.template] = template;
  process.env[SHARED.s3Endpoint] = s3.endpoint;
  process.env[SHARED.s3AccessKey] = s3.accessKey;
  process.env[SHARED.s3SecretKey] = s3.secretKey;
  process.env[SHARED.bucket] = TEST_BUCKET;
  globalThis.__pelitaTest = { stops, adminUrl, template };

  console.log(
    `\n[pelita tests] PostgreSQL: ${testEnv.databaseUrl ? 'TEST_DATABASE_URL' : 'embedded (data/test)'}; ` +
      `S3: ${testEnv.s3Endpoint ? testEnv.s3Endpoint : 'embedded store (data/test/object-store)'}; ` +
      `template ready in ${Date.now() - started} ms`,
  );
}

async function removeDataDirCluster(dataDir: string, clusterDir: string): Promise<void> {
  await rm(path.join(dataDir, 'postgres'), { force: true });
  await rm(clusterDir, { recursive: true, force: true });
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Test databases carry the pid of their Jest run; those of runs that died are dropped. */
async function dropDatabasesOfDeadRuns(adminUrl: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname ~ '^pelita_(template|t)_[0-9]+_'",
    );
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[2]);
      if (!isAlive(pid)) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
