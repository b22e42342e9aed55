import { randomUUID } from 'node:crypto';
import { buildMaterial, buildModule, buildCourse, publishCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { countRows } from '../support/database';
import { errorCode } from '../support/graphql-client';
import { forwardTcp, type TcpForward } from '../support/tcp-forward';
import { startTestAppBehindLink, type TestApp, type TestAppBehindLink } from '../support/test-app';

/**
 * While PostgreSQL restarts, clients must be able to tell "come back in a moment" from "you found
 * a bug": every answer is SERVICE_UNAVAILABLE with `retryable` and a Retry-After, and service
 * comes back by itself once the database does. The outage is the database's connection cut and
 * refused, as during a restart.
 */
describe('a database outage', () => {
  let t: TestApp;
  let link: TcpForward;
  let behindLink: TestAppBehindLink;
  let target: { host: string; port: number };

  beforeAll(async () => {
    behindLink = await startTestAppBehindLink();
    ({ t, link, target } = behindLink);
  });
  // The test reopens the link: the one open now is closed.
  afterAll(() => behindLink.stop(link));

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

  it('says COMMIT_OUTCOME_UNKNOWN when the answer to COMMIT is lost, and the write sent again is stored once', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author, title: 'Etika Pelayanan Publik' });
    const module = await buildModule(t, course);
    const material = await buildMaterial(t, course, module.id, 'TEXT');
    // A second material keeps the course from completing: no certificate job, one COMMIT.
    await buildMaterial(t, course, module.id, 'LINK');
    await publishCourse(t, course);
    const learner = await buildUser(t);
    await enrolLearner(t, learner, course);
    const token = await learner.token();
    const RECORD = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates results { outcome } } }`;
    const events = [{ id: randomUUID(), materialId: material.id, occurredAt: new Date().toISOString(), kind: 'OPENED' }];

    // PostgreSQL commits the batch, and the connection is cut before its answer gets back.
    const cut = link.cutAfterAnswerTo(/COMMIT/);
    const lost = await t.gql(RECORD, { events }, { token });
    await cut;
    expect(errorCode(lost)).toBe('COMMIT_OUTCOME_UNKNOWN');
    expect(lost.errors?.[0]?.extensions).toMatchObject({ retryable: true, retryAfterSeconds: 5 });
    expect(lost.status).toBe(503);
    expect(lost.headers.get('retry-after')).toBe('5');

    // The device sends the same batch again, as told: it was stored, once.
    const again = await t.gql(RECORD, { events }, { token });
    expect(again.errors).toBeUndefined();
    expect(again.data.recordProgress).toMatchObject({ applied: 0, duplicates: 1, results: [{ outcome: 'DUPLICATE' }] });
    expect(await countRows(behindLink.databaseUrl, 'SELECT count(*) FROM progress_events WHERE id = $1', [events[0].id])).toBe(1);
  });

  it('says SERVICE_UNAVAILABLE, not COMMIT_OUTCOME_UNKNOWN, when the connection is lost before COMMIT', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    // The module's INSERT runs, its answer is lost, and the transaction never commits.
    const cut = link.cutAfterAnswerTo(/insert into/i);
    const refused = await t.gql(
      `mutation ($courseId: ID!, $input: ModuleInput!) { addModule(courseId: $courseId, input: $input) { id } }`,
      { courseId: course.id, input: { title: 'Modul Arsip Dinamis', estimatedMinutes: 30 } },
      { token },
    );
    await cut;
    expect(errorCode(refused)).toBe('SERVICE_UNAVAILABLE');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ retryable: true, retryAfterSeconds: 5 });
    expect(await countRows(behindLink.databaseUrl, 'SELECT count(*) FROM course_modules WHERE course_id = $1', [course.id])).toBe(0);
  });
});
