import { authorToken, type BuiltCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { buildCohort, buildPublishedCourse, type BuiltCohort, enrolLearner } from '../builders/learning';
import { countRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

const ADD_NOTE = `mutation ($enrollmentId: ID!, $body: String!) { addCoachingNote(enrollmentId: $enrollmentId, body: $body) { id } }`;
const LIST = `query ($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id kind title body read readAt createdAt } }
  }
}`;
const COUNT = `{ unreadNotificationCount }`;
const MARK_MANY = `mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;
const MARK_ONE = `mutation ($id: ID!) { markNotificationRead(id: $id) { id read readAt } }`;

interface Node {
  id: string;
  kind: string;
  title: string;
  body: string;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

describe('notifications', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let cohort: BuiltCohort;
  let widyaiswara: BuiltUser;

  const as = async (user: BuiltUser) => ({ token: await authorToken(user) });
  const unread = async (user: BuiltUser) => (await t.ok<{ unreadNotificationCount: number }>(COUNT, {}, await as(user))).unreadNotificationCount;
  const listOf = async (user: BuiltUser, vars: Record<string, unknown> = {}) => (await t.ok(LIST, { first: 100, ...vars }, await as(user))).notifications;

  /** A learner in the cohort with `count` coaching notes (so `count` notifications), written one after another. */
  async function learnerWithNotes(count: number, name?: string): Promise<BuiltUser> {
    const learner = await buildUser(t, { name });
    const enrollment = await enrolLearner(t, learner, course, cohort);
    for (let i = 1; i <= count; i += 1) {
      await t.ok(ADD_NOTE, { enrollmentId: enrollment.id, body: `Catatan ke-${i}` }, await as(widyaiswara));
    }
    return learner;
  }

  beforeAll(async () => {
    t = await startTestApp();
    course = await buildPublishedCourse(t, { title: 'Penyusunan SKP' });
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Drs. Halomoan Tambunan' });
    cohort = await buildCohort(t, course, { instructorIds: [widyaiswara.id] });
  });
  afterAll(() => t.stop());

  it('lists the signed-in person’s notifications newest first, page by page', async () => {
    const learner = await learnerWithNotes(5);
    expect(await unread(learner)).toBe(5);

    const seen: Node[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = await t.ok(LIST, { first: 2, after }, await as(learner));
      expect(page.notifications.totalCount).toBe(5);
      seen.push(...page.notifications.edges.map((edge: { node: Node }) => edge.node));
      after = page.notifications.pageInfo.hasNextPage ? page.notifications.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen.map((node) => node.body)).toEqual(['Catatan ke-5', 'Catatan ke-4', 'Catatan ke-3', 'Catatan ke-2', 'Catatan ke-1']);
    expect(new Set(seen.map((node) => node.id)).size).toBe(5);
    expect(seen.every((node) => node.kind === 'COACHING_NOTE' && !node.read && node.readAt === null)).toBe(true);
    expect(seen[0].title).toBe('Catatan pembinaan baru dari Drs. Halomoan Tambunan');
  });

  it('marks one as read, idempotently; someone else’s is NOT_FOUND and stays unread', async () => {
    const learner = await learnerWithNotes(2);
    const other = await learnerWithNotes(1);
    const [newest] = (await listOf(learner)).edges.map((edge: { node: Node }) => edge.node);
    const [othersOnly] = (await listOf(other)).edges.map((edge: { node: Node }) => edge.node);

    const first = await t.ok(MARK_ONE, { id: newest.id }, await as(learner));
    expect(first.markNotificationRead).toMatchObject({ id: newest.id, read: true });
    expect(first.markNotificationRead.readAt).not.toBeNull();
    const again = await t.ok(MARK_ONE, { id: newest.id }, await as(learner));
    expect(again.markNotificationRead.readAt).toBe(first.markNotificationRead.readAt);
    expect(await unread(learner)).toBe(1);

    expect(errorCode(await t.gql(MARK_ONE, { id: othersOnly.id }, await as(learner)))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(MARK_ONE, { id: 'bukan-id' }, await as(learner)))).toBe('NOT_FOUND');
    expect(await unread(other)).toBe(1);

    const unreadOnly = await listOf(learner, { unreadOnly: true });
    expect(unreadOnly.totalCount).toBe(1);
    expect(unreadOnly.edges[0].node.body).toBe('Catatan ke-1');
  });

  it('marks the given ids, or all, of the caller’s own only, and answers how many changed', async () => {
    const learner = await learnerWithNotes(4);
    const other = await learnerWithNotes(2);
    const mine = (await listOf(learner)).edges.map((edge: { node: Node }) => edge.node.id);
    const theirs = (await listOf(other)).edges.map((edge: { node: Node }) => edge.node.id);

    // Another person's ids and ids that are not ids at all are passed over.
    const marked = await t.ok(MARK_MANY, { ids: [mine[0], mine[1], mine[1], theirs[0], 'bukan-id'] }, await as(learner));
    expect(marked.markNotificationsRead).toBe(2);
    expect(await unread(learner)).toBe(2);
    expect(await unread(other)).toBe(2);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM notifications WHERE id = ANY($1::uuid[]) AND read_at IS NULL', [theirs])).toBe(2);

    expect((await t.ok(MARK_MANY, { ids: [mine[0], mine[1]] }, await as(learner))).markNotificationsRead).toBe(0);
    expect((await t.ok(MARK_MANY, { ids: [] }, await as(learner))).markNotificationsRead).toBe(0);
    expect(await unread(learner)).toBe(2);

    expect((await t.ok(MARK_MANY, {}, await as(learner))).markNotificationsRead).toBe(2);
    expect(await unread(learner)).toBe(0);
    expect((await listOf(learner)).edges.every((edge: { node: Node }) => edge.node.read)).toBe(true);
    expect((await listOf(learner, { unreadOnly: true })).totalCount).toBe(0);
    expect(await unread(other)).toBe(2);

    const tooMany = await t.gql(MARK_MANY, { ids: Array.from({ length: 101 }, () => mine[0]) }, await as(learner));
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(errorFields(tooMany)).toEqual(['ids']);
  });

  it('never shows anyone else’s notifications', async () => {
    const learner = await learnerWithNotes(3);
    const bystander = await buildUser(t);
    expect(await unread(bystander)).toBe(0);
    expect(await listOf(bystander)).toMatchObject({ totalCount: 0, edges: [] });
    const learnerIds = new Set((await listOf(learner)).edges.map((edge: { node: Node }) => edge.node.id));
    const instructorIds = (await listOf(widyaiswara)).edges.map((edge: { node: Node }) => edge.node.id);
    expect(instructorIds.filter((id: string) => learnerIds.has(id))).toEqual([]);
  });

  it('is for people only: partner systems are refused, anonymous callers must sign in', async () => {
    const key = await t.ok(
      'mutation ($o: ID!) { createApiKey(organizationId: $o, name: "Sistem Informasi Kampus") { secret } }',
      { o: course.organizationId },
      { token: await t.adminToken() },
    );
    const apiKey = key.createApiKey.secret as string;
    expect(errorCode(await t.gql(LIST, {}, { apiKey }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(COUNT, {}, { apiKey }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(MARK_MANY, {}, { apiKey }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(LIST, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(COUNT, {}))).toBe('UNAUTHENTICATED');
  });

  it('costs the same number of statements for 2 and for 6 notifications with their course and enrollment', async () => {
    const query = `{ notifications(first: 100) { edges { node { title course { title } enrollment { id status } } } } }`;
    const few = await t.gql(query, {}, await as(await learnerWithNotes(2)));
    const many = await t.gql(query, {}, await as(await learnerWithNotes(6)));
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect((many.data as any).notifications.edges).toHaveLength(6);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });

  it('refuses a cursor that is not one of its own (BAD_USER_INPUT on after)', async () => {
    const learner = await learnerWithNotes(1);
    const refused = await t.gql(LIST, { first: 1, after: 'bukan-kursor' }, await as(learner));
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(errorFields(refused)).toEqual(['after']);
  });
});
