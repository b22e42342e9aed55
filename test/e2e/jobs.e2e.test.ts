import PgBoss from 'pg-boss';
import { JOBS } from '../../src/jobs/job-names';
import { buildUser } from '../builders/identity';
import { countRows, selectRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { startTestApp, type TestApp } from '../support/test-app';

describe('background jobs on the PostgreSQL job queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
  });
  afterAll(() => t.stop());

  const count = (sql: string) => countRows(t.databaseUrl, sql);

  it('purge expired login counters and long-dead refresh tokens, keeping live ones', async () => {
    const user = await buildUser(t);
    const live = await user.login();
    const stale = await user.login();
    await t.gql('mutation { login(email: "tidak.ada@sibolgakota.go.id", password: "salah-sekali-123") { accessToken } }');
    // Ages rows directly: waiting 15 minutes or 30 days is not a test.
    await withClient(t.databaseUrl, async (client) => {
      await client.query(`UPDATE login_throttles SET window_started_at = now() - interval '1 hour' WHERE key LIKE 'account:tidak.ada%'`);
      await client.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '8 days'
          WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex'))`,
        [stale.refreshToken],
      );
    });

    // Any producer enqueues the job the way the scheduler does every hour.
    const producer = new PgBoss({ connectionString: t.databaseUrl, schema: 'pgboss', supervise: false, schedule: false });
    await producer.start();
    try {
      await producer.send(JOBS.purgeExpiredIdentityRecords, {});
      const deadline = Date.now() + 20_000;
      while ((await count(`SELECT count(*) FROM login_throttles WHERE key LIKE 'account:tidak.ada%'`)) > 0) {
        if (Date.now() > deadline) throw new Error('the purge job did not run within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await producer.stop({ graceful: false, wait: true });
    }

    const refreshed = await t.gql('mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken } }', {
      r: live.refreshToken,
    });
    expect(refreshed.errors).toBeUndefined();
    expect(await count('SELECT count(*) FROM refresh_tokens WHERE expires_at < now()')).toBe(0);
  });

  it('schedule the purge hourly', async () => {
    const schedules = await selectRows(t.databaseUrl, 'SELECT name, cron FROM pgboss.schedule');
    expect(schedules).toContainEqual({ name: JOBS.purgeExpiredIdentityRecords, cron: '17 * * * *' });
  });
});
