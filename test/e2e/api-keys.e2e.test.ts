import { randomBytes, randomUUID } from 'node:crypto';
import { buildOrganization, buildUser } from '../builders/identity';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE_KEY = `mutation ($organizationId: ID!, $name: String!) {
  createApiKey(organizationId: $organizationId, name: $name) {
    secret
    apiKey { id name prefix lastUsedAt revokedAt organization { id } }
  }
}`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const LIST_KEYS = `query ($organizationId: ID!) {
  apiKeys(organizationId: $organizationId) {
    totalCount
    edges { node { id name prefix lastUsedAt revokedAt organization { id } } }
  }
}`;
const VIEWER = `{ viewer { kind roles organization { id } user { id } } }`;

describe('API keys', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.adminToken();
  });
  afterAll(() => t.stop());

  const createKey = async (organizationId: string, token: string, name = 'Sistem Informasi Akademik') =>
    (await t.ok(CREATE_KEY, { organizationId, name }, { token })).createApiKey;

  const expectUnauthorizedKey = async (apiKey: string) => {
    const result = await t.gql(VIEWER, {}, { apiKey });
    expect(result.status).toBe(401);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  };

  it('lets an admin create a key for a university; the secret is shown once and only its prefix is listed', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY', name: `Universitas Sumatera Utara ${randomUUID()}` });
    const payload = await createKey(university.id, admin, 'Portal Mahasiswa');

    expect(payload.secret).toMatch(/^pelita_/);
    expect(payload.apiKey).toEqual({
      id: expect.any(String),
      name: 'Portal Mahasiswa',
      prefix: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
      organization: { id: university.id },
    });
    expect(payload.secret.startsWith(`pelita_${payload.apiKey.prefix}`)).toBe(true);
    expect(payload.apiKey.prefix.length).toBeLessThan(payload.secret.length);

    const listed = await t.ok(LIST_KEYS, { organizationId: university.id }, { token: admin });
    expect(listed.apiKeys.totalCount).toBe(1);
    expect(listed.apiKeys.edges.map((e: any) => e.node)).toEqual([
      { id: payload.apiKey.id, name: 'Portal Mahasiswa', prefix: payload.apiKey.prefix, lastUsedAt: null, revokedAt: null, organization: { id: university.id } },
    ]);
    expect(JSON.stringify(listed)).not.toContain(payload.secret);

    // A key has no field that could show the secret again.
    const asked = await t.gql(
      `query ($organizationId: ID!) { apiKeys(organizationId: $organizationId) { edges { node { secret } } } }`,
      { organizationId: university.id },
      { token: admin },
    );
    expect(asked.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const type = await t.ok(`{ __type(name: "ApiKey") { fields { name } } }`, {}, { token: admin });
    const fieldNames = type.__type.fields.map((f: { name: string }) => f.name);
    expect(fieldNames).toContain('prefix');
    expect(fieldNames.filter((name: string) => /secret|hash/i.test(name))).toEqual([]);
  });

  it('identifies an API-key caller as its organization with the PARTNER role and no user', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const { secret } = await createKey(university.id, admin);

    const result = await t.gql(VIEWER, {}, { apiKey: secret });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer).toEqual({ kind: 'API_KEY', roles: ['PARTNER'], organization: { id: university.id }, user: null });

    const me = await t.ok(`{ me { id } }`, {}, { apiKey: secret });
    expect(me.me).toBeNull();
  });

  it('records when a key was last used', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const { secret, apiKey } = await createKey(university.id, admin);
    expect(apiKey.lastUsedAt).toBeNull();

    const before = Date.now();
    await t.ok(VIEWER, {}, { apiKey: secret });

    const listed = await t.ok(LIST_KEYS, { organizationId: university.id }, { token: admin });
    const lastUsedAt = listed.apiKeys.edges[0].node.lastUsedAt;
    expect(lastUsedAt).toEqual(expect.any(String));
    expect(new Date(lastUsedAt).getTime()).toBeGreaterThanOrEqual(before - 5_000);
    expect(new Date(lastUsedAt).getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('does not count a refused key with a real prefix as a use', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const { secret, apiKey } = await createKey(university.id, admin);
    // The prefix is public (listings show it); the rest of the key is what proves possession.
    const forged = `pelita_${apiKey.prefix}_${randomBytes(32).toString('base64url')}`;
    expect(forged).not.toBe(secret);

    await expectUnauthorizedKey(forged);

    const listed = await t.ok(LIST_KEYS, { organizationId: university.id }, { token: admin });
    expect(listed.apiKeys.edges[0].node.lastUsedAt).toBeNull();
  });

  it('lets a PARTNER of the organization create a key for it, but not for another organization', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const other = await buildOrganization(t, { kind: 'NGO', name: `Yayasan Pendidikan Nusantara ${randomUUID()}` });
    const partner = await buildUser(t, { roles: ['PARTNER'], organizationId: university.id, name: 'Rudi Hartono' });
    const token = await partner.token();

    const own = await createKey(university.id, token, 'Integrasi LMS Kampus');
    expect(own.secret).toMatch(/^pelita_/);
    expect(own.apiKey.organization).toEqual({ id: university.id });
    expect((await t.ok(VIEWER, {}, { apiKey: own.secret })).viewer.organization).toEqual({ id: university.id });

    const foreign = await t.gql(CREATE_KEY, { organizationId: other.id, name: 'Kunci Curian' }, { token });
    expect(foreign.data).toBeNull();
    expect(foreign.errors![0].extensions!.code).toBe('FORBIDDEN');
    const otherKeys = await t.ok(LIST_KEYS, { organizationId: other.id }, { token: admin });
    expect(otherKeys.apiKeys.totalCount).toBe(0);
  });

  it('refuses a LEARNER with FORBIDDEN', async () => {
    const agency = await buildOrganization(t, { kind: 'AGENCY' });
    const learner = await buildUser(t, { roles: ['LEARNER'], organizationId: agency.id });
    const result = await t.gql(CREATE_KEY, { organizationId: agency.id, name: 'Kunci Pegawai' }, { token: await learner.token() });
    expect(result.data).toBeNull();
    expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const result = await t.gql(CREATE_KEY, { organizationId: university.id, name: 'Kunci Tanpa Nama' });
    expect(result.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  it('does not let an API-key caller create keys, even for its own organization', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const { secret } = await createKey(university.id, admin);
    const result = await t.gql(CREATE_KEY, { organizationId: university.id, name: 'Kunci Turunan' }, { apiKey: secret });
    expect(result.data).toBeNull();
    expect(result.errors![0].extensions!.code).toBe('FORBIDDEN');

    const listed = await t.ok(LIST_KEYS, { organizationId: university.id }, { token: admin });
    expect(listed.apiKeys.totalCount).toBe(1);
  });

  it('refuses a revoked key with HTTP 401; revoking again keeps the first revokedAt', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const { secret, apiKey } = await createKey(university.id, admin);
    await t.ok(VIEWER, {}, { apiKey: secret });

    const first = (await t.ok(REVOKE_KEY, { id: apiKey.id }, { token: admin })).revokeApiKey;
    expect(first.id).toBe(apiKey.id);
    expect(first.revokedAt).toEqual(expect.any(String));

    await expectUnauthorizedKey(secret);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = (await t.ok(REVOKE_KEY, { id: apiKey.id }, { token: admin })).revokeApiKey;
    expect(second.revokedAt).toBe(first.revokedAt);

    const listed = await t.ok(LIST_KEYS, { organizationId: university.id }, { token: admin });
    expect(listed.apiKeys.edges[0].node.revokedAt).toBe(first.revokedAt);
    await expectUnauthorizedKey(secret);
  });

  it('lets a PARTNER revoke its own organization’s key but not another’s', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const other = await buildOrganization(t, { kind: 'UNIVERSITY' });
    const partner = await buildUser(t, { roles: ['PARTNER'], organizationId: university.id });
    const token = await partner.token();
    const own = await createKey(university.id, admin);
    const foreign = await createKey(other.id, admin);

    const refused = await t.gql(REVOKE_KEY, { id: foreign.apiKey.id }, { token });
    expect(refused.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await t.ok(VIEWER, {}, { apiKey: foreign.secret })).viewer.kind).toBe('API_KEY');

    expect((await t.ok(REVOKE_KEY, { id: own.apiKey.id }, { token })).revokeApiKey.revokedAt).toEqual(expect.any(String));
    await expectUnauthorizedKey(own.secret);
  });

  it('answers NOT_FOUND for an unknown key id and for a malformed one', async () => {
    const unknown = await t.gql(REVOKE_KEY, { id: randomUUID() }, { token: admin });
    expect(unknown.data).toBeNull();
    expect(unknown.errors![0].extensions!.code).toBe('NOT_FOUND');

    const malformed = await t.gql(REVOKE_KEY, { id: 'bukan-sebuah-id' }, { token: admin });
    expect(malformed.data).toBeNull();
    expect(malformed.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('refuses made-up keys with HTTP 401', async () => {
    await expectUnauthorizedKey(`pelita_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`);
    await expectUnauthorizedKey('pelita_bukan_kunci');
    await expectUnauthorizedKey('kunci-sembarang');
  });
});
