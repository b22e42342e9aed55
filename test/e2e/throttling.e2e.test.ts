import pino from 'pino';
import { buildApp, type PelitaApp } from '../../src/app';
import { buildOrganization, buildUser } from '../builders/identity';
import { partnerApiKey } from '../builders/seminar';
import { errorCode, type Credentials, graphqlClient, type GraphQLResponse } from '../support/graphql-client';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-env';

const ME = `{ me { id } }`;
/**
 * A page of a hundred organizations: estimated at 301 (1 + 100 × 3) before it runs, and once the
 * answer holds a hundred, charged 202 (one per field answered: the list, its edges, and per item
 * the node and its id); the difference goes back. Each test's database gets a hundred first.
 */
const ORGANIZATION_PAGE = `{ organizations(first: 100) { edges { node { id } } } }`;
const ORGANIZATION_PAGE_COST = 202;
const ORGANIZATION_PAGE_ESTIMATE = 301;
/** Asks for a hundred courses where a person sees none: estimated 301, answered with almost nothing. */
const EMPTY_CATALOGUE_PAGE = `{ courses(first: 100) { edges { node { id } } } }`;

async function seedOrganizations(t: TestApp, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await buildOrganization(t, { name: `Unit Kerja ${i + 1}` });
}
/**
 * Small budgets, refilled continuously over ten minutes. A person may spend a quarter at once, but
 * at least one query at the cost limit (5,000): about sixteen catalogue pages; an address half of
 * its budget; the admin (four times a person's) has room for the setup. A principal that ran dry
 * waits at least 3 seconds, far longer than a test's next request.
 */
const WINDOW_SECONDS = 600;
const BUDGET = 9_000;
const BURST = 5_000;
const ANONYMOUS_BUDGET = 400;
const ANONYMOUS_BURST = ANONYMOUS_BUDGET / 2;

/** What a person may have spent since `startedAt`: the burst, and what refilled meanwhile. */
const allowanceSince = (startedAt: number) => BURST + ((Date.now() - startedAt) / 1000 / WINDOW_SECONDS) * BUDGET;

/** A request from another client address, as a proxy we trust (loopback) would name it. */
const from = (address: string, credentials: Credentials = {}): Credentials => ({ ...credentials, headers: { ...credentials.headers, 'x-forwarded-for': address } });

function expectRateLimited(result: { status: number; headers: Headers; errors?: GraphQLResponse['errors']; data?: unknown }) {
  expect(result.status).toBe(429);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  const extensions = result.errors![0].extensions!;
  expect(extensions.code).toBe('RATE_LIMITED');
  expect(extensions.retryable).toBe(true);
  expect(extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(result.headers.get('retry-after')).toBe(String(extensions.retryAfterSeconds));
}

/** Sends `send` until it is refused (at most `max` times); answers the refusal and how many were served. */
async function untilRefused(send: () => Promise<GraphQLResponse>, max = 200): Promise<{ refusal: GraphQLResponse; served: number }> {
  for (let served = 0; served < max; served += 1) {
    const result = await send();
    if (errorCode(result) === 'RATE_LIMITED') return { refusal: result, served };
    expect(result.errors).toBeUndefined();
  }
  throw new Error(`still served after ${max} requests`);
}

async function rawPost(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, ...(JSON.parse(text) as Pick<GraphQLResponse, 'errors' | 'data'>) };
}

describe('throttling: a budget of query cost per person, API key and address', () => {
  let t: TestApp;
  const throttle = { enabled: true, costPerWindow: BUDGET, anonymousCostPerWindow: ANONYMOUS_BUDGET, windowSeconds: WINDOW_SECONDS };

  beforeAll(async () => {
    t = await startTestApp({ throttle });
    await seedOrganizations(t, 100);
  });
  afterAll(() => t.stop());

  it('Budi, who loops over queries, is refused with 429 and Retry-After, while Siti and an anonymous visitor are served', async () => {
    const budi = await buildUser(t, { name: 'Budi Hutagalung' });
    const siti = await buildUser(t, { name: 'Siti Pohan' });
    const budiToken = await budi.token();
    const sitiToken = await siti.token();

    const startedAt = Date.now();
    const { refusal, served } = await untilRefused(() => t.gql(ORGANIZATION_PAGE, {}, { token: budiToken }));
    expect(served).toBeGreaterThanOrEqual(Math.floor(BURST / ORGANIZATION_PAGE_COST));
    expect(served * ORGANIZATION_PAGE_COST).toBeLessThanOrEqual(allowanceSince(startedAt));
    expectRateLimited(refusal);
    // Never longer than the budget takes to refill what one page is estimated at (301 at 15 a second).
    expect(refusal.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(Math.ceil(ORGANIZATION_PAGE_ESTIMATE / (BUDGET / WINDOW_SECONDS)));

    // Budi stays refused; Siti, at the same address, and a visitor elsewhere are not.
    expectRateLimited(await t.gql(ME, {}, { token: budiToken }));
    expect(await t.ok(ME, {}, { token: sitiToken })).toEqual({ me: { id: siti.id } });
    const visitor = await t.gql(`{ verifyCertificate(code: "ABCDEFGHJK") { number } }`, {}, from('203.0.113.7'));
    expect(errorCode(visitor)).not.toBe('RATE_LIMITED');
  });

  it('gives an administrator, who pages through whole agencies, four times a person\'s budget', async () => {
    const admin = await buildUser(t, { name: 'Rina Siregar', roles: ['ADMIN'] });
    const token = await admin.token();
    const startedAt = Date.now();
    const { served } = await untilRefused(() => t.gql(ORGANIZATION_PAGE, {}, { token }));
    // A quarter of four budgets at once: more than twice what a person may spend.
    expect(served).toBeGreaterThanOrEqual(Math.floor(BUDGET / ORGANIZATION_PAGE_COST));
    expect(served * ORGANIZATION_PAGE_COST).toBeLessThanOrEqual(BUDGET + ((Date.now() - startedAt) / 1000 / WINDOW_SECONDS) * 4 * BUDGET);
  });

  it('charges what an answer held, not the page size asked for: empty pages of a hundred never run a person dry', async () => {
    const dedi = await buildUser(t, { name: 'Dedi Tanjung' });
    const token = await dedi.token();
    // Sixty estimates of 301 are over three times a person's burst; each answer is nearly empty.
    for (let page = 0; page < 60; page += 1) {
      const answer = await t.gql(EMPTY_CATALOGUE_PAGE, {}, { token });
      expect(answer.errors).toBeUndefined();
    }
  });

  it('refuses a person over budget before reading the request: a body that is not even JSON gets RATE_LIMITED', async () => {
    const budi = await buildUser(t, { name: 'Budi Simatupang' });
    const token = await budi.token();
    await untilRefused(() => t.gql(ORGANIZATION_PAGE, {}, { token }));

    // Sent together: each refusal is held about a second, and Budi waits at least three.
    const [notJson, notGraphQL] = await Promise.all([
      rawPost(t.url, 'this is { not json', { authorization: `Bearer ${token}` }),
      rawPost(t.url, JSON.stringify({ query: '{ me { id ' }), { authorization: `Bearer ${token}` }),
    ]);
    expectRateLimited(notJson);
    expectRateLimited(notGraphQL);
  });

  it('charges refused requests too: an address flooding invalid documents runs out like one flooding queries', async () => {
    const flood = () => t.gql('{ me { id ', {}, from('198.51.100.23'));
    const first = await flood();
    expect(first.status).toBe(400);
    expect(errorCode(first)).toBe('BAD_USER_INPUT');

    // Each small refusal costs 51: 3 fit in the burst of 200, and the one that finds it empty is answered.
    const { refusal, served } = await untilRefusedAllowingErrors(flood, 30);
    expect(served).toBeLessThanOrEqual(ANONYMOUS_BURST / 50 + 1);
    expectRateLimited(refusal);
    // Another address is not concerned.
    expect(errorCode(await t.gql('{ me { id ', {}, from('198.51.100.24')))).toBe('BAD_USER_INPUT');
  });

  it('a partner system keeps being served while invented API keys from its address are refused', async () => {
    const university = await buildOrganization(t, { name: 'Universitas Sibolga Raya', kind: 'UNIVERSITY' });
    const key = await partnerApiKey(t, university.id);
    const office = from('192.0.2.66');
    const partner = () => t.gql(`{ viewer { kind } }`, {}, { ...office, apiKey: key });
    expect((await partner()).data).toEqual({ viewer: { kind: 'API_KEY' } });

    // Someone behind the same address invents keys: each is refused, and charged to the address once
    // its answer is out (a few may slip in meanwhile).
    let n = 0;
    const invented = () => t.gql(ME, {}, { ...office, apiKey: `pelita_0123456789ab_${String((n += 1)).padStart(43, 'x')}` });
    expect(errorCode(await invented())).toBe('UNAUTHENTICATED');
    const { refusal, served } = await untilRefusedAllowingErrors(invented, 30);
    expect(served).toBeLessThanOrEqual(ANONYMOUS_BURST / 50 + 3);
    expectRateLimited(refusal);

    // The partner's key has a budget of its own.
    expect((await partner()).data).toEqual({ viewer: { kind: 'API_KEY' } });
  });

  it('two API processes on one database share the budget', async () => {
    const second: PelitaApp = await buildApp(testConfig(t.databaseUrl, { jwtSecret: t.config.jwtSecret, bootstrapAdmin: undefined, throttle }), {
      logger: pino({ level: testEnv.logLevel }),
    });
    try {
      const other = graphqlClient(second.url);
      const rina = await buildUser(t, { name: 'Rina Siregar' });
      const token = await rina.token();
      // Alternating between the processes, Rina is served no more than one allowance in all.
      const startedAt = Date.now();
      let served = 0;
      for (;;) {
        const [a, b] = [await t.gql(ORGANIZATION_PAGE, {}, { token }), await other.gql(ORGANIZATION_PAGE, {}, { token })];
        served += [a, b].filter((result) => !result.errors).length;
        if (errorCode(a) === 'RATE_LIMITED' && errorCode(b) === 'RATE_LIMITED') {
          expectRateLimited(a);
          expectRateLimited(b);
          break;
        }
        expect(served * ORGANIZATION_PAGE_COST).toBeLessThanOrEqual(allowanceSince(startedAt));
      }
      // Together the two processes served at most one allowance.
      expect(served * ORGANIZATION_PAGE_COST).toBeLessThanOrEqual(allowanceSince(startedAt));

      // Spent on the first process alone, the budget is spent on the second as well.
      const dewi = await buildUser(t, { name: 'Dewi Lubis' });
      const dewiToken = await dewi.token();
      await untilRefused(() => t.gql(ORGANIZATION_PAGE, {}, { token: dewiToken }));
      expectRateLimited(await other.gql(ORGANIZATION_PAGE, {}, { token: dewiToken }));
    } finally {
      await second.stop();
    }
  });
});

describe('throttling over time', () => {
  let t: TestApp;
  beforeAll(async () => {
    // 1,200 per 6 seconds: four catalogue pages at once, then one every 1.5 seconds.
    t = await startTestApp({ throttle: { enabled: true, costPerWindow: 1_200, anonymousCostPerWindow: ANONYMOUS_BUDGET, windowSeconds: 6 } });
    await seedOrganizations(t, 100);
  });
  afterAll(() => t.stop());

  it('serves a person again once Retry-After has passed, as the budget refills', async () => {
    const budi = await buildUser(t, { name: 'Budi Nasution' });
    const token = await budi.token();
    const { refusal } = await untilRefused(() => t.gql(ORGANIZATION_PAGE, {}, { token }), 2_000);
    const retryAfterSeconds = refusal.errors![0].extensions!.retryAfterSeconds as number;
    expect(retryAfterSeconds).toBeLessThanOrEqual(3);

    await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000 + 100));
    expect(await t.ok(ME, {}, { token })).toEqual({ me: { id: budi.id } });
  });
});

/** Like untilRefused, for requests that are refused for other reasons until the budget runs out. */
async function untilRefusedAllowingErrors(send: () => Promise<GraphQLResponse>, max: number): Promise<{ refusal: GraphQLResponse; served: number }> {
  for (let served = 0; served < max; served += 1) {
    const result = await send();
    if (errorCode(result) === 'RATE_LIMITED') return { refusal: result, served };
  }
  throw new Error(`still answered after ${max} requests`);
}
