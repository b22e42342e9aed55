import { buildUser } from '../builders/identity';
import { errorCode } from '../support/graphql-client';
import { forwardTcp, type TcpForward } from '../support/tcp-forward';
import { cloneDatabase, startTestApp, type TestApp } from '../support/test-app';

/**
 * While PostgreSQL restarts, clients must be able to tell "come back in a moment" from "you found
 * a bug": every answer is SERVICE_UNAVAILABLE with `retryable` and a Retry-After, and service
 * comes back by itself once the database does. The outage is the database's connection cut and
 * refused, as during a restart.
 */
describe('a database outage', () => {
  let t: TestApp;
  let link: TcpForward;
  let database: Awaited<ReturnType<typeof cloneDatabase>>;
  let target: { host: string; port: number };

  beforeAll(async () => {
    database = await cloneDatabase();
    const url = new URL(database.url);
    target = { host: url.hostname, port: Number(url.port || 5432) };
    link = await forwardTcp('127.0.0.1', target);
    url.hostname = '127.0.0.1';
    url.port = String(link.port);
    t = await startTestApp({ databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await t.stop();
    await link.close();
    await database.drop();
  });

  it('answers SERVICE_UNAVAILABLE with Retry-After while it lasts, and recovers by itself', async () => {
    const learner = await buildUser(t);
    const token = await learner.token();
    expect((await t.gql('{ me { id } }', {}, { token })).data).toEqual({ me: { id: learner.id } });

    await link.close();
    // Signed in: the caller is looked up while the request's context is made.
    const signedIn = await t.gql('{ me { id } }', {}, { token });
    expect(errorCode(signedIn)).toBe('SERVICE_UNAVAILABLE');
    expect(signedIn.errors?.[0]?.extensions).toMatchObject({ retryable: true, retryAfterSeconds: 5 });
    expect(signedIn.status).toBe(503);
    expect(signedIn.headers.get('retry-after')).toBe('5');
    // Anonymous: the failure comes from a resolver.
    const anonymous = await t.gql('{ courses { totalCount } }');
    expect(errorCode(anonymous)).toBe('SERVICE_UNAVAILABLE');
    expect(anonymous.status).toBe(503);
    expect(anonymous.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify([signedIn, anonymous])).not.toMatch(/ECONNREFUSED|stack|select /i);

    link = await forwardTcp('127.0.0.1', target, link.port);
    // A client retrying as told: the pool reconnects on its own, no restart of Pelita.
    let answer = await t.gql('{ me { id } }', {}, { token });
    for (let attempt = 0; answer.errors && attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await t.gql('{ me { id } }', {}, { token });
    }
    expect(answer.data).toEqual({ me: { id: learner.id } });
  });
});
