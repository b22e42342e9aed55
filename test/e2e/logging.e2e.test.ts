import { buildOrganization, buildUser } from '../builders/identity';
import { withClient } from '../support/global-setup';
import { captureLogs } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';

describe('logs', () => {
  const { lines, logger } = captureLogs('trace');
  let t: TestApp;

  beforeAll(async () => {
    // The most verbose level: if a secret leaks anywhere, it leaks here.
    t = await startTestApp({}, { logger });
  });
  afterAll(() => t.stop());

  it('never contain passwords, password hashes, tokens, API keys or the JWT secret', async () => {
    const learner = await buildUser(t);
    const session = await learner.login();
    const rotated = await t.ok(
      'mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }',
      { r: session.refreshToken },
    );
    await t.gql('{ me { id } }', {}, { token: session.accessToken });
    await t.gql('mutation { login(email: "salah@sibolgakota.go.id", password: "tebakan-salah-123") { accessToken } }');
    const partner = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const key = await t.ok(
      'mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Sistem Informasi Kampus") { secret } }',
      { o: partner.id },
      { token: await t.adminToken() },
    );
    await t.gql('{ viewer { kind } }', {}, { apiKey: key.createApiKey.secret });

    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [
      learner.password,
      t.admin.password,
      'tebakan-salah-123',
      session.accessToken,
      session.refreshToken,
      rotated.refreshToken.refreshToken,
      rotated.refreshToken.accessToken,
      key.createApiKey.secret,
      t.config.jwtSecret,
      '$argon2id$',
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('record an unexpected failure in full while the client sees only a masked error', async () => {
    const token = await t.adminToken();
    // Simulates a broken database: the table the query needs is gone.
    await withClient(t.databaseUrl, (client) => client.query('ALTER TABLE organizations RENAME TO organizations_hilang'));
    try {
      const result = await t.gql('{ organizations { totalCount } }', {}, { token });
      expect(result.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(result)).not.toMatch(/organizations_hilang|relation|stack/i);
      const logged = lines.filter((line) => line.includes('unexpected error while answering a request'));
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join('')).toMatch(/relation .*organizations/);
    } finally {
      await withClient(t.databaseUrl, (client) => client.query('ALTER TABLE organizations_hilang RENAME TO organizations'));
    }
  });
});
