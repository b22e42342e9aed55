import { buildCourse } from '../builders/catalogue';
import { buildUser } from '../builders/identity';
import { errorCode, errorFields } from '../support/graphql-client';
import { captureLogs } from '../support/log-capture';
import { forwardTcp } from '../support/tcp-forward';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';

/**
 * Careless clients and probes send what no form would: NUL characters, broken Unicode, dates in
 * year 1. Each is refused as BAD_USER_INPUT naming its field, before any resolver runs, and
 * nothing of it (nor any personal data) lands in an error log line.
 */
describe('hostile input', () => {
  const { lines, logger } = captureLogs();
  let t: TestApp;

  beforeAll(async () => {
    // Bodies as large as production takes by default, so oversized values reach the API.
    t = await startTestApp({ maxRequestBytes: 1_000_000 }, { logger });
  });
  afterAll(() => t.stop());

  const errorLines = () => lines.filter((line) => /"level":(50|60)|"level":"(error|fatal)"/.test(line));

  it('refuses a NUL character in an argument, inline or as a variable, without signing in', async () => {
    const inline = await t.gql('mutation { login(email: "siti\\u0000@sibolgakota.go.id", password: "kata-sandi-siti") { accessToken } }');
    expect(inline.status).toBe(400);
    expect(errorCode(inline)).toBe('BAD_USER_INPUT');
    expect(errorFields(inline)).toEqual(['email']);

    const variable = await t.gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', {
      e: 'siti\u0000@sibolgakota.go.id',
      p: 'kata-sandi-siti',
    });
    expect(errorCode(variable)).toBe('BAD_USER_INPUT');
    expect(errorFields(variable)).toEqual(['e']);

    const course = await t.gql('{ course(code: "PP\\u0000-01") { id } }');
    expect(errorCode(course)).toBe('BAD_USER_INPUT');
    expect(errorFields(course)).toEqual(['code']);
  });

  it('refuses broken Unicode inside an input object and names the nested field', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const result = await t.gql(
      'mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id } }',
      { input: { code: 'PP-UNI-01', title: 'Pelayanan \uD800 Publik', competency: 'TEKNIS', jp: 2, deliveryMode: 'ONLINE' } },
      { token: await author.token() },
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(errorFields(result)).toEqual(['input.title']);
    // Whole characters outside the basic plane are fine.
    const fine = await t.gql(
      'mutation ($input: CreateCourseInput!) { createCourse(input: $input) { title } }',
      { input: { code: 'PP-UNI-02', title: 'Pelayanan Publik 🙂', competency: 'TEKNIS', jp: 2, deliveryMode: 'ONLINE' } },
      { token: await author.token() },
    );
    expect(fine.errors).toBeUndefined();
  });

  it('refuses dates outside 1900–2199 in reports and schedules', async () => {
    const course = await buildCourse(t);
    const instructor = { token: await course.author.token() };
    const turnaround = await t.gql('{ reviewTurnaround(to: "0001-01-01T00:00:00Z") { from } }', {}, instructor);
    expect(errorCode(turnaround)).toBe('BAD_USER_INPUT');
    const learner = await buildUser(t);
    const schedule = await t.gql('query ($to: DateTime) { mySchedule(to: $to) { sessionId } }', { to: '0001-01-01T00:00:00Z' }, { token: await learner.token() });
    expect(errorCode(schedule)).toBe('BAD_USER_INPUT');
    expect(errorFields(schedule)).toEqual(['to']);
    const ordinary = await t.gql('query ($to: DateTime) { mySchedule(to: $to) { sessionId } }', { to: '2027-01-01T00:00:00Z' }, { token: await learner.token() });
    expect(ordinary.errors).toBeUndefined();
  });

  it('refuses text longer and lists longer than any field takes, naming the field', async () => {
    const learner = await buildUser(t);
    const token = await learner.token();
    const longCode = await t.gql('query ($code: String) { course(code: $code) { id } }', { code: 'A'.repeat(200_001) }, { token });
    expect(longCode.status).toBe(400);
    expect(errorCode(longCode)).toBe('BAD_USER_INPUT');
    expect(errorFields(longCode)).toEqual(['code']);

    const ids = Array.from({ length: 1_001 }, () => crypto.randomUUID());
    const manyIds = await t.gql('mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids }, { token });
    expect(errorCode(manyIds)).toBe('BAD_USER_INPUT');
    expect(errorFields(manyIds)).toEqual(['ids']);
    const inline = await t.gql(`mutation { markNotificationsRead(ids: [${ids.map((id) => `"${id}"`).join(',')}]) }`, {}, { token });
    expect(errorCode(inline)).toBe('BAD_USER_INPUT');
    expect(errorFields(inline)).toEqual(['ids']);
    // A thousand passes the kernel's limit; the field's own (100 ids) answers.
    const thousand = await t.gql('mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: ids.slice(1) }, { token });
    expect(thousand.errors?.[0].message).toMatch(/no more than 100 elements/);
  });

  it('answers BAD_USER_INPUT, not an internal error, when a variable holds more wrong items than graphql-js reports', async () => {
    const learner = await buildUser(t);
    const events = Array.from({ length: 60 }, () => 'not an event');
    const result = await t.gql('mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied } }', { events }, { token: await learner.token() });
    expect(result.status).toBe(400);
    expect(result.errors?.length).toBeGreaterThan(50);
    expect(result.errors?.every((error) => error.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('refuses a number literal too large to be finite', async () => {
    const author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    const result = await t.gql(
      'mutation { createCourse(input: { code: "PP-INF-01", title: "Tak hingga", competency: TEKNIS, jp: 1e999, deliveryMode: ONLINE }) { id jp } }',
      {},
      { token: await author.token() },
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(errorFields(result)).toEqual(['input.jp']);
  });

  it('answers deeply nested variables as a client mistake', async () => {
    const learner = await buildUser(t);
    const depth = 100_000;
    const nested = `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await learner.token()}` },
      body: `{"query":"mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }","variables":{"ids":${nested}}}`,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors?: { extensions?: { code?: string; fields?: { field: string }[] } }[] };
    expect(errorCode(body)).toBe('BAD_USER_INPUT');
    expect(errorFields(body)).toEqual(['ids']);
  });

  it('refuses a forged page cursor whose values do not fit their columns as an invalid `after`', async () => {
    const learner = await buildUser(t);
    const token = await learner.token();
    const admin = { token: await t.adminToken() };
    const forge = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const refusals = [
      // Courses page by title, then id: a number is no title, text is no uuid.
      await t.gql('query ($after: String) { courses(after: $after) { totalCount } }', { after: forge([42, crypto.randomUUID()]) }, { token }),
      await t.gql('query ($after: String) { courses(after: $after) { totalCount } }', { after: forge(['Etika', 1e308]) }, { token }),
      // Notifications page by time, then id; text with NUL reaches no database.
      await t.gql('query ($after: String) { notifications(after: $after) { totalCount } }', { after: forge(['nul\u0000', '']) }, { token }),
      await t.gql('query ($after: String) { notifications(after: $after) { totalCount } }', { after: forge([true, -1]) }, { token }),
      // The agency report's own keyset: JP, name, id.
      await t.gql(
        'query ($o: ID!, $after: String) { agencyJpReport(organizationId: $o) { learners(after: $after) { totalCount } } }',
        { o: learner.organizationId, after: forge(['1', 'Siti\u0000', crypto.randomUUID()]) },
        admin,
      ),
    ];
    for (const refused of refusals) {
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(errorFields(refused)).toEqual(['after']);
    }
    // A cursor the API handed out still pages.
    const first = await t.gql('{ organizations(first: 1) { pageInfo { endCursor } } }', {}, admin);
    const next = await t.gql('query ($after: String) { organizations(first: 1, after: $after) { totalCount } }', { after: first.data?.organizations.pageInfo.endCursor }, admin);
    expect(next.errors).toBeUndefined();
  });

  it('wrote no error line, and no e-mail address, for any of it', () => {
    expect(errorLines()).toEqual([]);
    expect(lines.join('')).not.toContain('siti');
  });
});

describe('storage failures', () => {
  const { lines, logger } = captureLogs();

  it('are answered STORAGE_UNAVAILABLE and logged once, with their cause and the request id', async () => {
    const store = testStorageEndpoint();
    // The store behind a connection the test can cut, as a network fault would.
    const path = await forwardTcp('127.0.0.1', { host: store.endPoint, port: store.port });
    const t = await startTestApp({ storage: { ...store, endPoint: '127.0.0.1', port: path.port } }, { logger });
    try {
      const course = await buildCourse(t);
      const cover = await t.gql(
        'mutation ($c: ID!, $f: FileInput!) { requestCourseCoverUpload(courseId: $c, file: $f) { uploadId } }',
        { c: course.id, f: { filename: 'sampul.png', contentType: 'image/png', size: 1000, sha256: 'a'.repeat(64) } },
        { token: await course.author.token() },
      );
      expect(cover.errors).toBeUndefined();
      await path.close();
      const requestId = 'uji-gangguan-penyimpanan-1';
      const completed = await t.gql(
        'mutation ($c: ID!, $u: ID!) { completeCourseCoverUpload(courseId: $c, uploadId: $u) { id } }',
        { c: course.id, u: cover.data?.requestCourseCoverUpload.uploadId },
        { token: await course.author.token(), headers: { 'x-request-id': requestId } },
      );
      expect(errorCode(completed)).toBe('STORAGE_UNAVAILABLE');
      const logged = lines.filter((line) => line.includes('object storage failed a request')).map((line) => JSON.parse(line));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ req: { id: requestId }, err: { message: expect.stringMatching(/ECONNREFUSED|connect/) } });
    } finally {
      await t.stop();
    }
  });
});
