import { QUERY_LIMITS } from '../../src/graphql/limits';
import { buildOrganization, buildUser } from '../builders/identity';
import type { Credentials, GraphQLResponse } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

/** Fails when any part of an answer carries a stack trace (they must never leave the server). */
function expectNoStacktrace(body: unknown): void {
  expect(JSON.stringify(body ?? null)).not.toMatch(/stacktrace/i);
}

/** A raw HTTP exchange, for what the GraphQL client cannot send (bad bodies, GET, other paths). */
async function raw(url: string, init: RequestInit = {}): Promise<{ status: number; text: string; json?: any }> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  expect(text).not.toMatch(/stacktrace/i);
  return { status: response.status, text, json };
}

/** `parent { parent { … { id name } } }` nested `levels` times. */
function nestedParents(levels: number): string {
  let selection = 'id name';
  for (let i = 0; i < levels; i += 1) selection = `id parent { ${selection} }`;
  return selection;
}

const USER_FIELDS = `id createdAt updatedAt email name nip position roles active lastLoginAt
  organization { id name kind parent { id name parent { id name } } }`;

/** Three aliased user pages with many fields each: cost grows with the page size. */
function costlyUsersQuery(pageSize: number | '$n'): string {
  const pages = ['satu', 'dua', 'tiga']
    .map((alias) => `${alias}: users(first: ${pageSize}) { totalCount edges { node { ${USER_FIELDS} } } }`)
    .join('\n');
  return pageSize === '$n' ? `query DaftarPegawai($n: Int!) { ${pages} }` : `query DaftarPegawai { ${pages} }`;
}

describe('query limits and malformed requests', () => {
  let t: TestApp;
  let adminToken: string;

  const gql = async <T = any>(query: string, variables?: Record<string, unknown>, credentials?: Credentials) => {
    const result: GraphQLResponse<T> = await t.gql<T>(query, variables, credentials);
    expectNoStacktrace(result);
    return result;
  };
  const base = () => t.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    t = await startTestApp();
    adminToken = await t.adminToken();
  });
  afterAll(() => t.stop());

  describe('depth', () => {
    it('refuses a query nested deeper than the limit before anything runs', async () => {
      const induk = await buildOrganization(t, { name: 'Pemerintah Kota Sibolga' });
      await buildOrganization(t, { name: 'Dinas Kesehatan Kota Sibolga', parentId: induk.id });

      const query = `{ organizations(first: 5) { edges { node { ${nestedParents(QUERY_LIMITS.maxDepth + 2)} } } } }`;
      const result = await gql(query, {}, { token: adminToken });

      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors?.[0].message).toMatch(/depth/i);
      expect(result.data ?? undefined).toBeUndefined();
      expect(result.status).toBe(400);
    });

    it('does not execute a mutation that is too deep', async () => {
      const name = 'Badan Kepegawaian dan Pengembangan SDM Terlalu Dalam';
      const result = await gql(
        `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${nestedParents(QUERY_LIMITS.maxDepth + 1)} } }`,
        { input: { name, kind: 'AGENCY' } },
        { token: adminToken },
      );
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.data ?? undefined).toBeUndefined();

      const list = await t.ok(`{ organizations(first: 100) { edges { node { name } } } }`, {}, { token: adminToken });
      expect(list.organizations.edges.map((e: any) => e.node.name)).not.toContain(name);
    });

    it('accepts the same shape within the limit', async () => {
      const result = await gql(
        `{ organizations(first: 5) { edges { node { ${nestedParents(3)} } } } }`,
        {},
        { token: adminToken },
      );
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
      expect(Array.isArray(result.data.organizations.edges)).toBe(true);
    });
  });

  describe('aliases', () => {
    it('refuses more aliases than the limit', async () => {
      const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { kind }`).join(' ');
      const result = await gql(`{ ${aliases} }`);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors?.[0].message).toMatch(/alias/i);
      expect(result.data ?? undefined).toBeUndefined();
    });

    it('does not run a mutation with too many aliases', async () => {
      const nama = 'Dinas Perhubungan Alias Berlebihan';
      const aliases = Array.from(
        { length: QUERY_LIMITS.maxAliases + 1 },
        (_, i) => `o${i}: createOrganization(input: { name: "${nama} ${i}", kind: AGENCY }) { id }`,
      ).join(' ');
      const result = await gql(`mutation { ${aliases} }`, {}, { token: adminToken });
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.data ?? undefined).toBeUndefined();

      const list = await t.ok(`{ organizations(first: 100) { edges { node { name } } } }`, {}, { token: adminToken });
      expect(list.organizations.edges.map((e: any) => e.node.name).filter((n: string) => n.startsWith(nama))).toEqual([]);
    });

    it('accepts a query at the alias limit', async () => {
      const aliases = Array.from({ length: QUERY_LIMITS.maxAliases }, (_, i) => `a${i}: viewer { kind }`).join(' ');
      const result = await gql(`{ ${aliases} }`);
      expect(result.errors).toBeUndefined();
      expect(result.data.a0).toEqual({ kind: 'ANONYMOUS' });
    });
  });

  describe('directives', () => {
    it('refuses more directives than the limit, and accepts a query at it', async () => {
      // The same field again merges into one answer: many directives, no aliases.
      const fields = (n: number) => '{ ' + 'viewer @include(if: true) { kind } '.repeat(n) + '}';
      const over = await gql(fields(QUERY_LIMITS.maxDirectives + 1));
      expect(over.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(over.errors?.[0].message).toMatch(/directives/i);
      expect(over.data ?? undefined).toBeUndefined();
      const at = await gql(fields(QUERY_LIMITS.maxDirectives));
      expect(at.errors).toBeUndefined();
      expect(at.data).toEqual({ viewer: { kind: 'ANONYMOUS' } });
    });
  });

  describe('cost', () => {
    beforeAll(async () => {
      const organisasi = await buildOrganization(t, { name: 'Dinas Pendidikan Kota Sibolga' });
      await buildUser(t, { organizationId: organisasi.id, name: 'Siti Aminah', position: 'Analis Kebijakan' });
      await buildUser(t, { organizationId: organisasi.id, name: 'Budi Santoso', position: 'Pranata Komputer' });
    });

    it('refuses large pages of many fields over the maximum cost', async () => {
      const result = await gql(costlyUsersQuery(100), {}, { token: adminToken });
      expect(result.status).toBe(400);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors?.[0].extensions?.maxCost).toBe(QUERY_LIMITS.maxCost);
      expect(result.errors?.[0].extensions?.cost).toBeGreaterThan(QUERY_LIMITS.maxCost);
      expect(result.data ?? undefined).toBeUndefined();
      // Only authenticating the caller touched the database, as for a document that does not even parse.
      const unparsable = await gql('{', {}, { token: adminToken });
      expect(result.extensions?.sqlStatements).toBe(unparsable.extensions?.sqlStatements);
    });

    it('accepts the same shape with small pages', async () => {
      const result = await gql(costlyUsersQuery(5), {}, { token: adminToken });
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
      expect(result.data.satu.totalCount).toBeGreaterThanOrEqual(2);
      const names = result.data.satu.edges.map((e: any) => e.node.name);
      expect(names.length).toBeLessThanOrEqual(5);
      expect(result.data.dua).toEqual(result.data.satu);
    });

    it('counts the page size given through a variable', async () => {
      const tooCostly = await gql(costlyUsersQuery('$n'), { n: 100 }, { token: adminToken });
      expect(tooCostly.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(tooCostly.data ?? undefined).toBeUndefined();

      const affordable = await gql(costlyUsersQuery('$n'), { n: 5 }, { token: adminToken });
      expect(affordable.errors).toBeUndefined();
      expect(affordable.data.tiga.totalCount).toBeGreaterThanOrEqual(2);
    });
  });

  describe('tokens', () => {
    it('refuses a document with more tokens than the limit', async () => {
      const query = `{ viewer { ${'kind '.repeat(QUERY_LIMITS.maxTokens + 10)}} }`;
      const result = await gql(query);
      expect(result.status).toBe(400);
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.errors?.[0].message).toMatch(/tokens/i);
      expect(result.data ?? undefined).toBeUndefined();
    });

    it('accepts a long document under the token limit', async () => {
      // A document of 450 operations, 9 tokens each: about 4,000 tokens. The client picks one.
      const operations = Array.from({ length: 450 }, (_, i) => `query Laporan${i} { viewer { kind roles } }`).join('\n');
      const response = await raw(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: operations, operationName: 'Laporan449' }),
      });
      expect(response.status).toBe(200);
      expect(response.json?.errors).toBeUndefined();
      expect(response.json?.data).toEqual({ viewer: { kind: 'ANONYMOUS', roles: [] } });
    });

    it('refuses a document within the token limit that is too costly to validate', async () => {
      // 2,500 copies of one field: every pair is compared for merging, beyond graphql-js's budget.
      const result = await gql(`{ viewer { ${'kind '.repeat(QUERY_LIMITS.maxTokens / 2)}} }`);
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(result.data ?? undefined).toBeUndefined();
    });
  });

  describe('request bodies', () => {
    it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
      const body = JSON.stringify({
        query: 'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }',
        variables: { input: { name: 'Dinas Kebudayaan '.repeat(Math.ceil(t.config.maxRequestBytes / 10)), kind: 'AGENCY' } },
      });
      expect(body.length).toBeGreaterThan(t.config.maxRequestBytes);
      const response = await raw(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body,
      });
      expect(response.status).toBe(413);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('accepts a body just under the limit', async () => {
      const padding = ' '.repeat(t.config.maxRequestBytes - 200);
      const body = JSON.stringify({ query: `{ viewer { kind } }${padding}` });
      expect(body.length).toBeLessThan(t.config.maxRequestBytes);
      const response = await raw(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ data: { viewer: { kind: 'ANONYMOUS' } }, extensions: expect.anything() });
    });

    it('answers 400 BAD_USER_INPUT for malformed JSON', async () => {
      const response = await raw(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": "{ viewer { kind } }"',
      });
      expect(response.status).toBe(400);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('answers BAD_USER_INPUT for a body without a query', async () => {
      const response = await raw(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variables: {} }),
      });
      expect(response.status).toBe(400);
      expect(response.json?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('CSRF prevention', () => {
    const getUrl = () => `${t.url}?query=${encodeURIComponent('{viewer{kind}}')}`;

    it('refuses a simple GET without a preflight header', async () => {
      const response = await raw(getUrl());
      expect(response.status).toBe(400);
      expect(response.text).toMatch(/CSRF|Cross-Site Request Forgery/i);
      expect(response.text).not.toContain('ANONYMOUS');
    });

    it('answers the same GET with apollo-require-preflight', async () => {
      const response = await raw(getUrl(), { headers: { 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(200);
      expect(response.json?.data).toEqual({ viewer: { kind: 'ANONYMOUS' } });
    });

    it('does not run a mutation over GET even with the header', async () => {
      const mutation = 'mutation { logout(refreshToken: "bukan-token") }';
      const response = await raw(`${t.url}?query=${encodeURIComponent(mutation)}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.json?.data ?? undefined).toBeUndefined();
    });
  });

  describe('invalid documents', () => {
    it('answers BAD_USER_INPUT for a syntax error', async () => {
      const result = await gql('{ viewer { kind }');
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/Syntax Error/);
    });

    it('answers BAD_USER_INPUT for an unknown field', async () => {
      const result = await gql('{ viewer { kind jabatanRahasia } }');
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/jabatanRahasia/);
      expect(result.data ?? undefined).toBeUndefined();
    });

    it('answers BAD_USER_INPUT for a variable of the wrong type', async () => {
      const result = await gql('query ($n: Int!) { users(first: $n) { totalCount } }', { n: 'sepuluh' }, { token: adminToken });
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/\$n/);
      expect(result.data ?? undefined).toBeUndefined();
    });

    it('answers BAD_USER_INPUT, naming the argument, for null given through a nullable variable to a non-null argument with a default', async () => {
      // The spec lets `$w: Boolean` stand where `includeWaitlisted: Boolean! = true` is expected,
      // because the argument has a default; an explicit null is still refused, as the client's mistake.
      const query = 'query ($w: Boolean) { mySchedule(includeWaitlisted: $w) { sessionId } }';
      const result = await gql(query, { w: null }, { token: adminToken });
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].extensions?.fields).toEqual([{ field: 'includeWaitlisted', message: expect.stringMatching(/must not be null/) }]);
      expect(result.data ?? undefined).toBeUndefined();
      // Leaving the variable out takes the argument's default.
      const defaulted = await gql(query, {}, { token: adminToken });
      expect(defaulted.errors).toBeUndefined();
      expect(defaulted.data?.mySchedule).toEqual([]);
    });

    it('answers BAD_USER_INPUT for a missing required variable', async () => {
      const result = await gql('query ($n: Int!) { users(first: $n) { totalCount } }', {}, { token: adminToken });
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('never sends a stacktrace extension, not even for internal-looking failures', async () => {
      const answers = await Promise.all([
        gql('{ viewer { kind }'),
        gql('{ nope }'),
        gql('query A { viewer { kind } } query B { me { id } }'),
        gql('query ($n: Int!) { users(first: $n) { totalCount } }', { n: 'sepuluh' }, { token: adminToken }),
        gql('{ users { totalCount } }', {}, { token: 'token-palsu' }),
        gql('{ users { totalCount } }'),
        gql('mutation { createOrganization(input: { name: "", kind: AGENCY }) { id } }', {}, { token: adminToken }),
      ]);
      for (const answer of answers) {
        expect(answer.errors?.length).toBeGreaterThan(0);
        for (const error of answer.errors ?? []) {
          expect(error.extensions ?? {}).not.toHaveProperty('stacktrace');
          expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
        }
      }
    });
  });

  describe('introspection', () => {
    it('is allowed in the test configuration', async () => {
      const result = await gql('{ __schema { types { name } } }');
      expect(result.errors).toBeUndefined();
      expect(result.data.__schema.types.map((type: any) => type.name)).toEqual(
        expect.arrayContaining(['Query', 'Mutation', 'Organization', 'User']),
      );
    });

    it('is refused with a client error when switched off', async () => {
      const closed = await startTestApp({ introspection: false });
      try {
        const result = await closed.gql('{ __schema { types { name } } }');
        expectNoStacktrace(result);
        expect(result.status).toBe(400);
        expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0].message).toMatch(/introspection/i);
        expect(result.data ?? undefined).toBeUndefined();

        const typeQuery = await closed.gql('{ __type(name: "User") { fields { name } } }');
        expect(typeQuery.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(typeQuery.data ?? undefined).toBeUndefined();

        // Ordinary queries still work.
        const viewer = await closed.gql('{ viewer { kind __typename } }');
        expect(viewer.errors).toBeUndefined();
        expect(viewer.data).toEqual({ viewer: { kind: 'ANONYMOUS', __typename: 'Viewer' } });
      } finally {
        await closed.stop();
      }
    });
  });

  describe('other paths', () => {
    // Since issue 17 these paths are Pelita's own web app (index.html, for its client-side routes),
    // still never a landing page that loads Apollo's sandbox or anything else from a CDN.
    it.each(['/', '/halaman-yang-tidak-ada', '/sandbox', '/playground'])('GET %s answers the web app, not a landing page', async (pathname) => {
      const response = await raw(`${base()}${pathname}`, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.text).toContain('<div id="app">');
      expect(response.text).not.toMatch(/cdn|apollographql\.com|embeddable|sandbox|https?:\/\//i);
      const scripts = [...response.text.matchAll(/<script\b[^>]*>/gi)].map((tag) => tag[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toMatch(/ src="\/assets\/[\w-]+\.js"/);
    });

    it('GET /graphql from a browser does not serve a landing page', async () => {
      const response = await raw(t.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.text).not.toMatch(/cdn|<script|apollographql\.com|embeddable/i);
    });
  });
});
