import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import pino from 'pino';
import type { AppConfig } from '../../src/app-config';
import { buildApp, type PelitaApp } from '../../src/app';
import { migrateWithLock } from '../../src/db/migrate';
import { createPelitaOrm } from '../../src/app-modules';
import { startEmbeddedPostgres } from '../../src/embedded/postgres';
import { type StorageEndpoint, THROTTLE_DEFAULTS } from '../../src/config';
import { databaseUrlFor, withClient } from '../support/global-setup';

const BENCH_DIR = path.resolve(__dirname, '../../..', 'data', 'bench');

export interface BenchEnvironment {
  /** A fresh database with every migration applied, dropped by stop(). */
  databaseUrl: string;
  /** The real app on port 0 in production mode over that database; stop it before stop(). */
  startApp(overrides?: Partial<AppConfig>): Promise<PelitaApp>;
  stop(): Promise<void>;
}

/**
 * What every benchmark runs on: TEST_DATABASE_URL's server (or an embedded PostgreSQL under
 * data/bench), a new migrated database on it, and the embedded object store in a child process
 * (so the benchmark's own memory is the app's).
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const logger = pino({ level: 'warn' });
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopPostgres: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(BENCH_DIR, logger, { database: 'postgres' });
    serverUrl = embedded.url;
    stopPostgres = embedded.stop;
  }
  const server = serverUrl;
  const database = `pelita_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE ${database}`));
  const databaseUrl = databaseUrlFor(server, database);
  const s3Process = fork(path.join(__dirname, 's3-process.js'), [BENCH_DIR], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ endpoint }] = (await once(s3Process, 'message')) as [{ endpoint: StorageEndpoint }];
  const s3 = {
    endpoint,
    stop: async () => {
      const exited = once(s3Process, 'exit');
      s3Process.disconnect();
      await exited;
    },
  };
  const orm = await createPelitaOrm(databaseUrl);
  await migrateWithLock(orm);
  await orm.close();

  return {
    databaseUrl,
    startApp: (overrides = {}) =>
      buildApp(
        {
          env: 'production',
          logLevel: 'warn',
          port: 0,
          host: '127.0.0.1',
          dataDir: BENCH_DIR,
          databaseUrl,
          storage: s3.endpoint,
          storageBucket: 'pelita-bench',
          storageRegion: 'us-east-1',
          embeddedStoragePort: 0,
          jwtSecret: randomBytes(32).toString('hex'),
          maxRequestBytes: 1_000_000,
          trustProxy: 'loopback',
          jobWorker: 'off',
          introspection: false,
          exposeQueryStats: false,
          demo: false,
          publicBaseUrl: 'http://localhost:4000',
          jpTargetPerYear: 20,
          throttle: THROTTLE_DEFAULTS,
          ...overrides,
        },
        { logger },
      ),
    stop: async () => {
      await withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      await s3.stop();
      await stopPostgres?.();
    },
  };
}
