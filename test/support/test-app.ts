import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import type { AppConfig } from '../../src/app-config';
import { buildApp, type PelitaApp } from '../../src/app';
import { parseStorageEndpoint, THROTTLE_DEFAULTS } from '../../src/config';
import { databaseUrlFor, withClient } from './global-setup';
import { shared, testEnv } from './test-env';
import { type GraphQLClient, graphqlClient } from './graphql-client';
import { forwardTcp, type TcpForward } from './tcp-forward';

/** What the builders need: a client of some running Pelita and its admin's token. */
export type ApiUnderTest = GraphQLClient & { adminToken(): Promise<string> };

export interface TestApp extends GraphQLClient {
  app: PelitaApp;
  config: AppConfig;
  databaseUrl: string;
  admin: { email: string; password: string };
  /** Logs in as the bootstrap admin (cached) and answers its access token. */
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

let databaseCounter = 0;

/** A new database cloned from the migrated template; dropped by the returned function. */
export async function cloneDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = shared('adminUrl');
  // The counter restarts with every test file in a worker: the random part keeps a database that a
  // failed file left behind from colliding with the next file's.
  const name = `pelita_t_${process.ppid}_${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${(databaseCounter += 1)}_${randomBytes(3).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${shared('template')}`));
  return {
    url: databaseUrlFor(adminUrl, name),
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export function testStorageEndpoint() {
  return parseStorageEndpoint(shared('s3Endpoint'), {
    accessKey: shared('s3AccessKey'),
    secretKey: shared('s3SecretKey'),
    region: 'us-east-1',
    bucket: shared('bucket'),
  });
}

export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    logLevel: testEnv.logLevel,
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    databaseUrl,
    storage: testStorageEndpoint(),
    storageBucket: shared('bucket'),
    storageRegion: 'us-east-1',
    embeddedStoragePort: 0,
    jwtSecret: randomBytes(32).toString('hex'),
    bootstrapAdmin: { email: `admin-${randomBytes(4).toString('hex')}@pelita.test`, password: 'kata-sandi-admin-1' },
    maxRequestBytes: 100_000,
    trustProxy: 'loopback',
    jobWorker: 'off',
    introspection: true,
    exposeQueryStats: true,
    demo: false,
    publicBaseUrl: 'http://localhost:4000',
    jpTargetPerYear: 20,
    // On, as in production: the budgets must leave every honest test's traffic alone.
    throttle: THROTTLE_DEFAULTS,
    ...overrides,
  };
}

/** The real app on port 0 over its own database, as a client would reach it. */
export async function startTestApp(
  overrides: Partial<AppConfig> = {},
  options: { logger?: Logger } = {},
): Promise<TestApp> {
  const database = await cloneDatabase();
  const config = testConfig(database.url, overrides);
  const app = await buildApp(config, { logger: options.logger ?? pino({ level: testEnv.logLevel }) });
  const client = graphqlClient(app.url);
  let adminToken: Promise<string> | undefined;
  const admin = config.bootstrapAdmin ?? { email: '', password: '' };
  return {
    ...client,
    app,
    config,
    databaseUrl: database.url,
    admin,
    adminToken: () => (adminToken ??= client.login(admin.email, admin.password).then((session) => session.accessToken)),
    stop: async () => {
      await app.stop();
      await database.drop();
    },
  };
}

/** A test app on its own database, reached through a TCP link the test can cut, hold or reopen. */
export interface TestAppBehindLink {
  t: TestApp;
  /** The link as first opened; a test that reopens it (same port) closes its own. */
  link: TcpForward;
  /** Where the link leads: the database server. */
  target: { host: string; port: number };
  databaseUrl: string;
  stop(currentLink?: TcpForward): Promise<void>;
}

export async function startTestAppBehindLink(overrides: Partial<AppConfig> = {}): Promise<TestAppBehindLink> {
  const database = await cloneDatabase();
  const url = new URL(database.url);
  const target = { host: url.hostname, port: Number(url.port || 5432) };
  const link = await forwardTcp('127.0.0.1', target);
  url.hostname = '127.0.0.1';
  url.port = String(link.port);
  const t = await startTestApp({ ...overrides, databaseUrl: url.toString() });
  return {
    t,
    link,
    target,
    databaseUrl: database.url,
    stop: async (currentLink = link) => {
      await t.stop();
      await currentLink.close();
      await database.drop();
    },
  };
}
