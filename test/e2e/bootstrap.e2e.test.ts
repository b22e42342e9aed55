import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { buildApp, type PelitaApp } from '../../src/app';
import { countRows, selectRows } from '../support/database';
import { graphqlClient, LOGIN } from '../support/graphql-client';
import { cloneDatabase, startTestApp, type TestApp, testConfig } from '../support/test-app';

const silent = pino({ level: 'silent' });
const adminAccount = (label: string) => ({
  email: `admin.${label}.${randomBytes(4).toString('hex')}@pelita.test`,
  password: `kata-sandi-${label}-panjang`,
});

/** Straight from the database: who holds ADMIN is exactly what these tests are about. */
const usersIn = (databaseUrl: string) =>
  selectRows<{ email: string; roles: string[] }>(databaseUrl, 'SELECT email, roles FROM users ORDER BY email');

const countOrganizationsNamed = (databaseUrl: string, name: string) =>
  countRows(databaseUrl, 'SELECT count(*) FROM organizations WHERE name = $1', [name]);

/** Starts every app; stops those that started when any failed, so nothing is left running. */
async function startAll(configs: Parameters<typeof buildApp>[0][]): Promise<PelitaApp[]> {
  const results = await Promise.allSettled(configs.map((config) => buildApp(config, { logger: silent })));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((app) => app.stop()));
    throw failed.reason;
  }
  return started;
}

describe('bootstrap administrator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('can log in as ADMIN of the Pelita management organization', async () => {
    const session = await t.login(t.admin.email, t.admin.password);
    expect(session.user.email).toBe(t.admin.email);
    expect(session.user.roles).toEqual(['ADMIN']);

    const me = await t.ok(`{ me { email roles active organization { name kind } } }`, {}, { token: session.accessToken });
    expect(me.me).toEqual({
      email: t.admin.email,
      roles: ['ADMIN'],
      active: true,
      organization: { name: 'Pengelola Pelita', kind: 'TRAINING_CENTER' },
    });
  });

  it('is not created again when another app starts on a database that has users', async () => {
    const second = adminAccount('kedua');
    const [app] = await startAll([testConfig(t.databaseUrl, { bootstrapAdmin: second })]);
    try {
      const users = await usersIn(t.databaseUrl);
      const admins = users.filter((u) => u.roles.includes('ADMIN'));
      expect(admins).toEqual([{ email: t.admin.email, roles: ['ADMIN'] }]);
      expect(users.map((u) => u.email)).not.toContain(second.email);
      expect(await countOrganizationsNamed(t.databaseUrl, 'Pengelola Pelita')).toBe(1);

      // Through the second app: the first admin logs in, the second account does not exist.
      const client = graphqlClient(app.url);
      expect((await client.login(t.admin.email, t.admin.password)).user.roles).toEqual(['ADMIN']);
      const refused = await client.gql(LOGIN, second);
      expect(refused.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    } finally {
      await app.stop();
    }
  });

  it('is created exactly once when two apps start together on an empty database', async () => {
    const database = await cloneDatabase();
    try {
      expect(await usersIn(database.url)).toEqual([]);
      const first = adminAccount('pertama');
      const second = adminAccount('kedua');
      const apps = await startAll([
        testConfig(database.url, { bootstrapAdmin: first }),
        testConfig(database.url, { bootstrapAdmin: second }),
      ]);
      try {
        const users = await usersIn(database.url);
        expect(users).toHaveLength(1);
        expect(users[0].roles).toEqual(['ADMIN']);
        expect([first.email, second.email]).toContain(users[0].email);
        expect(await countOrganizationsNamed(database.url, 'Pengelola Pelita')).toBe(1);

        // Whichever won, its password is the one that works, through either app.
        const winner = users[0].email === first.email ? first : second;
        const loser = winner === first ? second : first;
        for (const app of apps) {
          const client = graphqlClient(app.url);
          expect((await client.login(winner.email, winner.password)).user.roles).toEqual(['ADMIN']);
          expect((await client.gql(LOGIN, loser)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
        }
      } finally {
        await Promise.all(apps.map((app) => app.stop()));
      }
    } finally {
      await database.drop();
    }
  });

  it('stores the configured email lower-cased, and creates nobody when none is configured', async () => {
    const database = await cloneDatabase();
    try {
      const [unconfigured] = await startAll([testConfig(database.url, { bootstrapAdmin: undefined })]);
      await unconfigured.stop();
      expect(await usersIn(database.url)).toEqual([]);

      const account = { email: `Admin.Utama.${randomBytes(4).toString('hex')}@Pelita.Test`, password: 'kata-sandi-utama-1' };
      const [app] = await startAll([testConfig(database.url, { bootstrapAdmin: account })]);
      try {
        expect(await usersIn(database.url)).toEqual([{ email: account.email.toLowerCase(), roles: ['ADMIN'] }]);
        const client = graphqlClient(app.url);
        expect((await client.login(account.email, account.password)).user.email).toBe(account.email.toLowerCase());
      } finally {
        await app.stop();
      }
    } finally {
      await database.drop();
    }
  });
});
