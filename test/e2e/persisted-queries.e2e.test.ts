import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import pino from 'pino';
import type * as ApolloCore from '@apollo/client/core' with { 'resolution-mode': 'import' };
import type * as ApolloPersistedQueries from '@apollo/client/link/persisted-queries' with { 'resolution-mode': 'import' };
import { buildApp, type PelitaApp } from '../../src/app';
import { PERSISTED_QUERY_LIMITS, PersistedQueryRegistry, purgeIdlePersistedQueries } from '../../src/graphql/persisted-queries';
import { withClient } from '../support/global-setup';
import { startTestApp, type TestApp, testConfig } from '../support/test-app';
import { testEnv } from '../support/test-env';

// Apollo Client 3 types itself as ESM and ships CommonJS builds (.cjs) beside: the tests are CommonJS.
const load = createRequire(__filename);
const { ApolloClient, gql, HttpLink, InMemoryCache } = load('@apollo/client/core') as typeof ApolloCore;
const { createPersistedQueryLink } = load('@apollo/client/link/persisted-queries') as typeof ApolloPersistedQueries;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Exchange {
  method: string;
  /** The request's JSON body (POST), or its query string read as the same fields (GET). */
  sent: { query?: string; variables?: unknown; extensions?: { persistedQuery?: { sha256Hash: string } } };
  status: number;
  cacheControl: string | null;
  answer: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A fetch for Apollo Client that records what went over the wire. */
function recordingFetch(log: Exchange[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const sent: Exchange['sent'] =
      method === 'GET'
        ? Object.fromEntries([...url.searchParams].map(([name, value]) => [name, name === 'variables' || name === 'extensions' ? JSON.parse(value) : value]))
        : JSON.parse(String(init?.body));
    const response = await fetch(input, init);
    const text = await response.clone().text();
    log.push({ method, sent, status: response.status, cacheControl: response.headers.get('cache-control'), answer: JSON.parse(text) });
    return response;
  };
}

function apolloClient(uri: string, log: Exchange[]) {
  const link = createPersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(new HttpLink({ uri, fetch: recordingFetch(log) }));
  return new ApolloClient({ link, cache: new InMemoryCache(), defaultOptions: { query: { fetchPolicy: 'no-cache' }, mutate: { fetchPolicy: 'no-cache' } } });
}

const hashOnly = (exchange: Exchange) => exchange.sent.query === undefined && Boolean(exchange.sent.extensions?.persistedQuery?.sha256Hash);
const codeOf = (exchange: Exchange) => exchange.answer.errors?.[0]?.extensions?.code;

const CATALOGUE = gql`
  query Catalogue($first: Int) {
    courses(first: $first) {
      edges {
        node {
          id
          title
        }
      }
    }
  }
`;
const LOGIN = gql`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
    }
  }
`;

/**
 * Automatic persisted queries as Apollo Client's own link uses them: a hash it does not know is
 * answered PERSISTED_QUERY_NOT_FOUND, the link sends the query along once, and from then on the
 * hash alone runs it (queries by GET, mutations by POST), on every replica: the registry is in
 * PostgreSQL.
 */
describe('automatic persisted queries', () => {
  let t: TestApp;
  /** A second replica over the same database. */
  let replica: PelitaApp;
  beforeAll(async () => {
    t = await startTestApp();
    replica = await buildApp(testConfig(t.databaseUrl, { jwtSecret: t.config.jwtSecret }), { logger: pino({ level: testEnv.logLevel }) });
  });
  afterAll(async () => {
    await replica?.stop();
    await t?.stop();
  });

  const registered = (hash: string) =>
    withClient(t.databaseUrl, (client) => client.query('SELECT count(*)::int AS n FROM persisted_queries WHERE hash = $1', [hash])).then((result) => result.rows[0].n as number);
  /** Apollo registers without awaiting (the answer does not wait for the INSERT): a moment at most. */
  const registeredSoon = async (hash: string) => {
    const deadline = Date.now() + 5_000;
    while ((await registered(hash)) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    return registered(hash);
  };

  it('registers a query on its first use and runs it by hash alone afterwards, by GET, on any replica', async () => {
    const wire: Exchange[] = [];
    const client = apolloClient(t.url, wire);

    const first = await client.query({ query: CATALOGUE, variables: { first: 5 } });
    expect(first.data.courses.edges).toEqual([]);
    // Hash only, by GET: unknown. Then the link sends the query along (by POST), which registers it.
    expect(wire.map((exchange) => [exchange.method, hashOnly(exchange), exchange.status, codeOf(exchange)])).toEqual([
      ['GET', true, 200, 'PERSISTED_QUERY_NOT_FOUND'],
      ['POST', false, 200, undefined],
    ]);
    expect(wire[0].answer.errors?.[0].message).toBe('PersistedQueryNotFound');
    const hash = wire[0].sent.extensions!.persistedQuery!.sha256Hash;
    expect(wire[1].sent.query).toBeDefined();
    expect(sha256(wire[1].sent.query!)).toBe(hash);
    expect(await registeredSoon(hash)).toBe(1);

    // Later: the hash alone, by GET, runs it.
    wire.length = 0;
    const again = await client.query({ query: CATALOGUE, variables: { first: 3 } });
    expect(again.data.courses.edges).toEqual([]);
    expect(wire.map((exchange) => [exchange.method, hashOnly(exchange), exchange.status, codeOf(exchange)])).toEqual([['GET', true, 200, undefined]]);
    // A browser may keep it, but asks again each time (an unchanged answer is then a 304).
    expect(wire[0].cacheControl).toBe('private, no-cache');

    // Another client on another replica: the hash is known there too, at the first request.
    const elsewhere: Exchange[] = [];
    const other = apolloClient(replica.url, elsewhere);
    const there = await other.query({ query: CATALOGUE, variables: { first: 2 } });
    expect(there.data.courses.edges).toEqual([]);
    expect(elsewhere.map((exchange) => [exchange.method, hashOnly(exchange), exchange.status, codeOf(exchange)])).toEqual([['GET', true, 200, undefined]]);
  });

  it('runs mutations by hash alone over POST, never by GET', async () => {
    const wire: Exchange[] = [];
    const client = apolloClient(t.url, wire);
    const variables = { email: t.admin.email, password: t.admin.password };

    await client.mutate({ mutation: LOGIN, variables });
    expect(wire.map((exchange) => [exchange.method, hashOnly(exchange), codeOf(exchange)])).toEqual([
      ['POST', true, 'PERSISTED_QUERY_NOT_FOUND'],
      ['POST', false, undefined],
    ]);
    wire.length = 0;
    const again = await client.mutate({ mutation: LOGIN, variables });
    expect(again.data.login.accessToken).toEqual(expect.any(String));
    expect(wire.map((exchange) => [exchange.method, hashOnly(exchange), codeOf(exchange)])).toEqual([['POST', true, undefined]]);

    // A registered mutation's hash by GET: refused by Apollo (GET is for queries only), nothing runs.
    const hash = wire[0].sent.extensions!.persistedQuery!.sha256Hash;
    const url = new URL(t.url);
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }));
    url.searchParams.set('variables', JSON.stringify(variables));
    const viaGet = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(viaGet.status).toBe(405);
  });

  it('takes a mutation sent by hash alone with its Idempotency-Key as the same request as with its query', async () => {
    const token = await t.adminToken();
    const query = 'mutation CreateAgency($name: String!) { createOrganization(input: { name: $name, kind: AGENCY }) { id } }';
    const send = (body: object) =>
      fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': 'apq-repeat-0001' },
        body: JSON.stringify({ variables: { name: 'Dinas Perpustakaan' }, ...body }),
      }).then((response) => response.json() as Promise<Exchange['answer'] & { extensions?: { idempotentReplay?: boolean } }>);
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const first = await send({ query, extensions });
    expect(first.errors).toBeUndefined();
    await registeredSoon(sha256(query));
    const repeat = await send({ extensions });
    expect(repeat.errors).toBeUndefined();
    expect(repeat.data).toEqual(first.data);
    expect(repeat.extensions?.idempotentReplay).toBe(true);
  });

  it('prices a query sent by hash like the query itself: the cost limit applies to the resolved document', async () => {
    const wire: Exchange[] = [];
    const client = apolloClient(t.url, wire);
    await client.query({ query: CATALOGUE, variables: { first: 1 } });
    wire.length = 0;
    await expect(client.query({ query: CATALOGUE, variables: { first: 1_000_000 } })).rejects.toThrow();
    expect(wire.map((exchange) => [exchange.method, hashOnly(exchange), codeOf(exchange)])).toEqual([['GET', true, 'QUERY_TOO_COMPLEX']]);
  });

  it('keeps only queries whose hash is theirs, and none longer than the limit', async () => {
    const post = (body: object) =>
      fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Exchange['answer'],
      }));
    const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

    const query = '{ me { id } }';
    const wrongHash = sha256('{ me { name } }');
    const mismatch = await post({ query, extensions: persisted(wrongHash) });
    expect(mismatch.status).toBe(400);
    expect(await registered(wrongHash)).toBe(0);

    // Runs (it is a valid query), but is not kept: its hash alone stays unknown.
    const long = `query { course(code: "${'x'.repeat(PERSISTED_QUERY_LIMITS.maxQueryChars)}") { id } }`;
    const ran = await post({ query: long, extensions: persisted(sha256(long)) });
    expect(ran.status).toBe(200);
    expect(ran.body.errors).toBeUndefined();
    const unknown = await post({ extensions: persisted(sha256(long)) });
    expect(unknown.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await registered(sha256(long))).toBe(0);

    // Not a SHA-256 at all: unknown, without reaching the database.
    const garbage = await post({ extensions: persisted("' OR 1=1 --") });
    expect(garbage.body.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('forgets, in the periodic job, queries nobody sent for the idle period', async () => {
    const idle = '{ viewer { __typename } }';
    const recent = '{ me { __typename } }';
    await withClient(t.databaseUrl, (client) =>
      client.query(
        `INSERT INTO persisted_queries (hash, query, last_used_at) VALUES ($1, $2, now() - make_interval(days => $5)), ($3, $4, now() - interval '1 day')`,
        [sha256(idle), idle, sha256(recent), recent, PERSISTED_QUERY_LIMITS.idleDays + 1],
      ),
    );
    const { persistedQueries } = await purgeIdlePersistedQueries(t.app.services.orm.em.fork());
    expect(persistedQueries).toBeGreaterThanOrEqual(1);
    expect(await registered(sha256(idle))).toBe(0);
    expect(await registered(sha256(recent))).toBe(1);
  });

  it('reads a known query without writing to it, and marks its use at most once a day', async () => {
    const query = '{ evaluationQuestions { __typename } }';
    const hash = sha256(query);
    const lastUsed = () =>
      withClient(t.databaseUrl, (client) => client.query('SELECT last_used_at FROM persisted_queries WHERE hash = $1', [hash])).then((result) => (result.rows[0].last_used_at as Date).getTime());
    const age = (interval: string) =>
      withClient(t.databaseUrl, (client) => client.query(`UPDATE persisted_queries SET last_used_at = now() - interval '${interval}' WHERE hash = $1`, [hash]));
    await withClient(t.databaseUrl, (client) => client.query('INSERT INTO persisted_queries (hash, query) VALUES ($1, $2)', [hash, query]));
    // A fresh registry each time, as another replica would be: nothing remembered in memory.
    const registry = () => new PersistedQueryRegistry(t.app.services.orm, pino({ level: 'silent' }));

    await age('2 hours');
    const before = await lastUsed();
    expect(await registry().get(`apq:${hash}`)).toBe(query);
    expect(await lastUsed()).toBe(before);

    await age('2 days');
    expect(await registry().get(`apq:${hash}`)).toBe(query);
    expect(Date.now() - (await lastUsed())).toBeLessThan(60_000);
  });
});
