import { randomUUID } from 'node:crypto';
import { buildCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { countRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import type { TcpForward } from '../support/tcp-forward';
import { startTestAppBehindLink, type TestApp, type TestAppBehindLink } from '../support/test-app';

const ADD_MODULE = `mutation ($courseId: ID!, $input: ModuleInput!) { addModule(courseId: $courseId, input: $input) { id title position } }`;
const UPDATE_MODULE = `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id title } }`;

/**
 * A mutation sent again with its Idempotency-Key is stored once: a repeat answers what the first
 * attempt answered, and after COMMIT_OUTCOME_UNKNOWN it says the first attempt was stored. The
 * database sits behind a TCP link the test can cut, as in the outage tests.
 */
describe('Idempotency-Key on mutations', () => {
  let t: TestApp;
  let link: TcpForward;
  let behindLink: TestAppBehindLink;

  const modulesOf = (courseId: string) => countRows(behindLink.databaseUrl, 'SELECT count(*) FROM course_modules WHERE course_id = $1', [courseId]);
  const withKey = (token: string, key: string) => ({ token, headers: { 'idempotency-key': key } });

  beforeAll(async () => {
    behindLink = await startTestAppBehindLink();
    ({ t, link } = behindLink);
  });
  afterAll(() => behindLink.stop());

  it('stores a keyed mutation once and answers a repeat with the first answer', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    const key = randomUUID();
    const variables = { courseId: course.id, input: { title: 'Modul Kearsipan', estimatedMinutes: 30 } };

    const first = await t.gql(ADD_MODULE, variables, withKey(token, key));
    expect(first.errors).toBeUndefined();
    expect(first.extensions?.idempotentReplay).toBeUndefined();
    const again = await t.gql(ADD_MODULE, variables, withKey(token, key));
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(first.data);
    expect(again.extensions).toMatchObject({ idempotentReplay: true });
    expect(await modulesOf(course.id)).toBe(1);
    // Recorded in the write's own transaction, and with the answer.
    expect(await countRows(behindLink.databaseUrl, 'SELECT count(*) FROM idempotency_keys WHERE key = $1 AND response IS NOT NULL', [key])).toBe(1);

    // Without a key the same mutation is a new request each time.
    await t.ok(ADD_MODULE, variables, { token });
    expect(await modulesOf(course.id)).toBe(2);
  });

  it('stores once when the same keyed mutation is sent several times at once, and answers no internal error', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    const key = randomUUID();
    const variables = { courseId: course.id, input: { title: 'Modul Serentak', estimatedMinutes: 30 } };

    const answers = await Promise.all(Array.from({ length: 5 }, () => t.gql(ADD_MODULE, variables, withKey(token, key))));
    // Whichever commits first wins; the others were replayed, found it applied, or lost at commit.
    for (const answer of answers) {
      if (answer.errors) expect(['CONFLICT', 'ALREADY_APPLIED']).toContain(errorCode(answer));
    }
    expect(answers.filter((answer) => !answer.errors).length).toBeGreaterThanOrEqual(1);
    expect(await modulesOf(course.id)).toBe(1);
  });

  it('refuses a key reused for a different request with CONFLICT', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    const key = randomUUID();
    await t.ok(ADD_MODULE, { courseId: course.id, input: { title: 'Modul A', estimatedMinutes: 30 } }, withKey(token, key));

    const reused = await t.gql(ADD_MODULE, { courseId: course.id, input: { title: 'Modul B', estimatedMinutes: 30 } }, withKey(token, key));
    expect(errorCode(reused)).toBe('CONFLICT');
    expect(reused.status).toBe(409);
    expect(reused.errors?.[0]?.message).toBe('Idempotency-Key reused for a different request');
    expect(errorFields(reused)).toEqual(['Idempotency-Key']);
    expect(await modulesOf(course.id)).toBe(1);
  });

  it('answers ALREADY_APPLIED to a repeat after COMMIT_OUTCOME_UNKNOWN, and does not store it twice', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    const key = randomUUID();
    const variables = { courseId: course.id, input: { title: 'Modul Pelayanan Prima', estimatedMinutes: 45 } };

    // PostgreSQL commits the module (and the key with it); the connection is cut before the answer gets back.
    const cut = link.cutAfterAnswerTo(/COMMIT/);
    const lost = await t.gql(ADD_MODULE, variables, withKey(token, key));
    await cut;
    expect(errorCode(lost)).toBe('COMMIT_OUTCOME_UNKNOWN');
    expect(await modulesOf(course.id)).toBe(1);

    // The client sends it again with the same key, as told: the pool reconnects by itself.
    let again = await t.gql(ADD_MODULE, variables, withKey(token, key));
    for (let attempt = 0; errorCode(again) === 'SERVICE_UNAVAILABLE' && attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      again = await t.gql(ADD_MODULE, variables, withKey(token, key));
    }
    expect(errorCode(again)).toBe('ALREADY_APPLIED');
    expect(again.status).toBe(409);
    expect(again.errors?.[0]?.extensions).toMatchObject({ retryable: false });
    expect(await modulesOf(course.id)).toBe(1);

    // Without the key, the repeat is a second module: what the key is for.
    await t.ok(ADD_MODULE, variables, { token });
    expect(await modulesOf(course.id)).toBe(2);
  });

  it('records the key with a write that commits by a plain flush too (no explicit transaction)', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    const { id } = (await t.ok(ADD_MODULE, { courseId: course.id, input: { title: 'Modul Lama', estimatedMinutes: 30 } }, { token })).addModule;
    const key = randomUUID();
    const variables = { id, input: { title: 'Modul Baru', estimatedMinutes: 30 } };

    const cut = link.cutAfterAnswerTo(/COMMIT/);
    const lost = await t.gql(UPDATE_MODULE, variables, withKey(token, key));
    await cut;
    expect(errorCode(lost)).toBe('COMMIT_OUTCOME_UNKNOWN');
    let again = await t.gql(UPDATE_MODULE, variables, withKey(token, key));
    for (let attempt = 0; errorCode(again) === 'SERVICE_UNAVAILABLE' && attempt < 20; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      again = await t.gql(UPDATE_MODULE, variables, withKey(token, key));
    }
    expect(errorCode(again)).toBe('ALREADY_APPLIED');
    expect(await countRows(behindLink.databaseUrl, 'SELECT count(*) FROM course_modules WHERE id = $1 AND title = $2', [id, 'Modul Baru'])).toBe(1);
  });

  it('scopes a key to its principal: another person using the same key is unaffected', async () => {
    const key = `shared-key-${randomUUID()}`;
    const first = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const second = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const firstCourse = await buildCourse(t, { author: first });
    const secondCourse = await buildCourse(t, { author: second });
    const input = { title: 'Modul Bersama', estimatedMinutes: 20 };

    const mine = await t.gql(ADD_MODULE, { courseId: firstCourse.id, input }, withKey(await first.token(), key));
    const theirs = await t.gql(ADD_MODULE, { courseId: secondCourse.id, input }, withKey(await second.token(), key));
    expect(mine.errors).toBeUndefined();
    expect(theirs.errors).toBeUndefined();
    expect(theirs.extensions?.idempotentReplay).toBeUndefined();
    expect(await modulesOf(firstCourse.id)).toBe(1);
    expect(await modulesOf(secondCourse.id)).toBe(1);
  });

  it('refuses a malformed key on a mutation with BAD_USER_INPUT naming the header, and ignores it on a query', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const course = await buildCourse(t, { author });
    const token = await author.token();
    for (const key of ['short', 'x'.repeat(129), 'has space in it', 'kunci/miring/123']) {
      const refused = await t.gql(ADD_MODULE, { courseId: course.id, input: { title: 'Modul', estimatedMinutes: 10 } }, withKey(token, key));
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorFields(refused)).toEqual(['Idempotency-Key']);
      // A client's mistake, not a server failure.
      expect(refused.status).toBe(400);
    }
    expect(await modulesOf(course.id)).toBe(0);
    expect((await t.gql('{ me { id } }', {}, withKey(token, 'short'))).data).toEqual({ me: { id: author.id } });
  });
});
