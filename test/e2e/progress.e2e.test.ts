import { randomUUID } from 'node:crypto';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, type MaterialKind, publishCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { offlineSession, type ProgressEvent } from '../builders/progress-events';
import { startTestApp, type TestApp } from '../support/test-app';

const RECORD = `mutation ($events: [ProgressEventInput!]!) {
  recordProgress(events: $events) { applied duplicates refused results { id outcome code message } }
}`;
const MATERIAL_PROGRESS = `query ($id: ID!) {
  material(id: $id) { myProgress { status furthestPositionSeconds durationSeconds timeOnTaskSeconds firstEventAt lastEventAt completedAt } }
}`;
const COURSE_PROGRESS = `query ($id: ID) {
  course(id: $id) {
    myProgress { percent completedRequired totalRequired resumeMaterial { id title } }
    modules { id myProgress { percent completedRequired totalRequired locked } }
  }
}`;

type Event = ProgressEvent;

/** An offline session a few days ago. */
const { at, opened, position, completed } = offlineSession(3);

// Until enrolment through the API lands, learners are enrolled straight in the database.
interface Catalogue {
  course: BuiltCourse;
  modules: { id: string; materials: { id: string; kind: MaterialKind }[] }[];
}

/** A published course; each module lists its material kinds; the second module needs the first. */
async function publishedCourse(t: TestApp, author: BuiltUser, layout: MaterialKind[][], withPrerequisite = true): Promise<Catalogue> {
  const course = await buildCourse(t, { author, title: 'Pelayanan Publik Prima' });
  const modules: Catalogue['modules'] = [];
  for (const kinds of layout) {
    const module = await buildModule(t, course);
    const materials = [];
    for (const kind of kinds) materials.push({ ...(await buildMaterial(t, course, module.id, kind)), kind });
    modules.push({ id: module.id, materials });
  }
  if (withPrerequisite && modules.length > 1) {
    await t.ok(
      `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id } }`,
      { id: modules[1].id, input: { title: 'Modul Lanjutan: Standar Pelayanan', prerequisiteModuleId: modules[0].id } },
      { token: await authorToken(author) },
    );
  }
  await publishCourse(t, course);
  return { course, modules };
}

describe('learning progress', () => {
  let t: TestApp;
  let author: BuiltUser;
  let learner: BuiltUser;
  let token: string;
  let catalogue: Catalogue;
  const record = async (events: Event[], credentials: { token?: string; apiKey?: string } = { token }) => t.gql(RECORD, { events }, credentials);
  const myProgress = async (materialId: string) => (await t.ok(MATERIAL_PROGRESS, { id: materialId }, { token })).material.myProgress;

  beforeAll(async () => {
    t = await startTestApp();
    author = await buildUser(t, { roles: ['INSTRUCTOR'] });
    learner = await buildUser(t, { roles: ['LEARNER'] });
    token = await learner.token();
    // Module 1: video, text, audio. Module 2 (needs module 1): text, link, video.
    catalogue = await publishedCourse(t, author, [
      ['VIDEO', 'TEXT', 'AUDIO'],
      ['TEXT', 'LINK', 'VIDEO'],
    ]);
    await enrolLearner(t, learner, catalogue.course);
  });
  afterAll(() => t.stop());

  it('syncs an offline batch with duplicates and out-of-order events, never going back', async () => {
    const [video, , audio] = catalogue.modules[0].materials;
    const open = opened(video.id, 0);
    const far = position(video.id, 40, 600, 1200);
    const audioDone = completed(audio.id, 600);
    const first = await record([open, position(video.id, 20, 300, 1200), far, open, audioDone]);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordProgress).toMatchObject({ applied: 4, duplicates: 1, refused: 0 });
    expect(first.data.recordProgress.results.map((r: { outcome: string }) => r.outcome)).toEqual(['APPLIED', 'APPLIED', 'APPLIED', 'DUPLICATE', 'APPLIED']);

    // The phone syncs again: the old batch once more, plus events older than what is stored.
    const late = await record([open, far, position(video.id, 30, 30, 1200), opened(video.id, 640), opened(audio.id, 10)]);
    expect(late.data.recordProgress).toMatchObject({ applied: 3, duplicates: 2, refused: 0 });

    const videoProgress = await myProgress(video.id);
    expect(videoProgress).toMatchObject({ status: 'IN_PROGRESS', furthestPositionSeconds: 600, durationSeconds: 1200 });
    // Heartbeats at 0, 20, 30, 40, 640 s: 20 + 10 + 10 + 60 (capped).
    expect(videoProgress.timeOnTaskSeconds).toBe(100);
    expect(videoProgress.firstEventAt).toBe(at(0));
    expect(videoProgress.lastEventAt).toBe(at(640));

    const audioProgress = await myProgress(audio.id);
    expect(audioProgress).toMatchObject({ status: 'COMPLETED', completedAt: at(600), firstEventAt: at(10) });
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE user_id = $1`, [learner.id])).toBe(7);
  });

  it('refuses a reused id with other content as CONFLICT while the rest of the batch applies', async () => {
    const text = catalogue.modules[0].materials[1];
    const original = opened(text.id, 100);
    await record([original]);
    const reused = { ...original, occurredAt: at(101) };
    const result = await record([opened(text.id, 200), reused, opened(text.id, 300)]);
    expect(result.data.recordProgress).toMatchObject({ applied: 2, duplicates: 0, refused: 1 });
    expect(result.data.recordProgress.results[1]).toMatchObject({ id: original.id, outcome: 'REFUSED', code: 'CONFLICT' });
    const stored = await selectRows<{ occurred_at: Date }>(t.databaseUrl, `SELECT occurred_at FROM progress_events WHERE id = $1`, [original.id]);
    expect(stored[0].occurred_at.toISOString()).toBe(at(100));
  });

  it('refuses per event what the learner may not record: other courses, unknown materials, bad times', async () => {
    const other = await publishedCourse(t, author, [['TEXT']]);
    const draft = await buildCourse(t, { author });
    const draftModule = await buildModule(t, draft);
    const draftText = await buildMaterial(t, draft, draftModule.id, 'TEXT');
    const text = catalogue.modules[0].materials[1];
    const future = { ...opened(text.id, 0), occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() };
    const ancient = { ...opened(text.id, 0), occurredAt: new Date(Date.now() - 500 * 86_400_000).toISOString() };
    const pastTheEnd = position(catalogue.modules[0].materials[0].id, 50, 1300, 1200);
    const fine = opened(text.id, 400);
    const events = [
      opened(other.modules[0].materials[0].id, 0),
      opened(draftText.id, 0),
      opened(randomUUID(), 0),
      { ...opened(text.id, 0), materialId: 'bukan-materi' },
      future,
      ancient,
      pastTheEnd,
      { ...opened(text.id, 0), id: 'acara-1' },
      fine,
    ];
    const result = await record(events);
    expect(result.errors).toBeUndefined();
    expect(result.data.recordProgress.results.map((r: { outcome: string; code: string | null }) => r.code ?? r.outcome)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'NOT_FOUND',
      'NOT_FOUND',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'BAD_USER_INPUT',
      'APPLIED',
    ]);
    expect(result.data.recordProgress.results[4].message).toMatch(/future/);
    const refusedIds = events.slice(0, 7).map((event) => event.id);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE id = ANY($1::uuid[])`, [refusedIds])).toBe(0);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM material_progress WHERE user_id = $1 AND material_id = $2`, [learner.id, other.modules[0].materials[0].id])).toBe(0);
  });

  it('refuses a withdrawn learner, a batch over 500 events, and API keys', async () => {
    const withdrawn = await buildUser(t, { roles: ['LEARNER'] });
    const enrollment = await enrolLearner(t, withdrawn, catalogue.course);
    await t.ok(`mutation ($id: ID!) { withdraw(enrollmentId: $id) { status } }`, { id: enrollment.id }, { token: await authorToken(withdrawn) });
    const text = catalogue.modules[0].materials[1];
    const result = await record([opened(text.id, 0)], { token: await withdrawn.token() });
    expect(result.data.recordProgress.results[0]).toMatchObject({ outcome: 'REFUSED', code: 'FORBIDDEN' });

    const tooMany = await record(Array.from({ length: 501 }, (_, i) => opened(text.id, i)));
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(tooMany.errors?.[0].extensions?.fields?.[0].field).toBe('events');

    const key = await t.ok(`mutation ($org: ID!) { createApiKey(organizationId: $org, name: "Sistem Kampus") { secret } }`, { org: author.organizationId }, { token: await t.adminToken() });
    const byKey = await record([opened(text.id, 0)], { apiKey: key.createApiKey.secret });
    expect(byKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('stores each event once when two devices send the same batch at once', async () => {
    const twoDevices = await buildUser(t, { roles: ['LEARNER'] });
    await enrolLearner(t, twoDevices, catalogue.course);
    const deviceToken = await twoDevices.token();
    const [video, text, audio] = catalogue.modules[0].materials;
    const batch = Array.from({ length: 60 }, (_, i) => {
      const material = [video, text, audio][i % 3];
      return material.kind === 'TEXT' ? opened(material.id, i * 10) : position(material.id, i * 10, i * 5, 600);
    });
    const [a, b] = await Promise.all([record(batch, { token: deviceToken }), record(batch, { token: deviceToken })]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data.recordProgress.applied + b.data.recordProgress.applied).toBe(60);
    expect(a.data.recordProgress.duplicates + b.data.recordProgress.duplicates).toBe(60);
    expect(a.data.recordProgress.refused + b.data.recordProgress.refused).toBe(0);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE user_id = $1`, [twoDevices.id])).toBe(60);
    expect(await countRows(t.databaseUrl, `SELECT count(DISTINCT id) FROM progress_events WHERE user_id = $1`, [twoDevices.id])).toBe(60);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM material_progress WHERE user_id = $1`, [twoDevices.id])).toBe(3);
  });

  it('completes a video at 90 % watched, unlocks the next module and moves the resume point', async () => {
    const student = await buildUser(t, { roles: ['LEARNER'] });
    await enrolLearner(t, student, catalogue.course);
    const studentToken = await student.token();
    const [video, text, audio] = catalogue.modules[0].materials;
    const [nextText] = catalogue.modules[1].materials;
    const progress = async () => (await t.ok(COURSE_PROGRESS, { id: catalogue.course.id }, { token: studentToken })).course;

    let course = await progress();
    expect(course.myProgress).toMatchObject({ percent: 0, completedRequired: 0, totalRequired: 6, resumeMaterial: { id: video.id } });
    expect(course.modules[1].myProgress.locked).toBe(true);

    await t.ok(RECORD, { events: [position(video.id, 0, 539, 600)] }, { token: studentToken });
    expect((await t.ok(MATERIAL_PROGRESS, { id: video.id }, { token: studentToken })).material.myProgress.status).toBe('IN_PROGRESS');
    await t.ok(RECORD, { events: [position(video.id, 60, 545, 600), opened(text.id, 70)] }, { token: studentToken });
    expect((await t.ok(MATERIAL_PROGRESS, { id: video.id }, { token: studentToken })).material.myProgress).toMatchObject({ status: 'COMPLETED', completedAt: at(60) });

    course = await progress();
    expect(course.myProgress).toMatchObject({ percent: 33, completedRequired: 2, resumeMaterial: { id: audio.id } });
    expect(course.modules[0].myProgress).toMatchObject({ percent: 66, completedRequired: 2, totalRequired: 3, locked: false });
    expect(course.modules[1].myProgress.locked).toBe(true);

    await t.ok(RECORD, { events: [position(audio.id, 80, 300, 300)] }, { token: studentToken });
    course = await progress();
    expect(course.modules[0].myProgress.percent).toBe(100);
    expect(course.modules[1].myProgress).toMatchObject({ locked: false, percent: 0 });
    expect(course.myProgress).toMatchObject({ percent: 50, resumeMaterial: { id: nextText.id } });
    expect((await t.ok(MATERIAL_PROGRESS, { id: nextText.id }, { token: studentToken })).material.myProgress).toBeNull();
  });

  it('answers courses { myProgress modules { myProgress materials { myProgress } } } with the same SQL statements for 2 and 20 materials per module', async () => {
    const small = await publishedCourse(t, author, [Array(2).fill('TEXT'), Array(2).fill('VIDEO')]);
    const large = await publishedCourse(t, author, [Array(20).fill('TEXT'), Array(20).fill('VIDEO')]);
    for (const built of [small, large]) {
      await enrolLearner(t, learner, built.course);
      await record([opened(built.modules[0].materials[0].id, 0), position(built.modules[1].materials[1].id, 0, 100, 600)]);
    }
    const query = `query ($code: String!) {
      courses(filter: { code: $code }) { edges { node { id myProgress { percent resumeMaterial { id title } }
        modules { id myProgress { percent locked } materials { id myProgress { status furthestPositionSeconds } } } } } }
    }`;
    const few = await t.gql(query, { code: small.course.code }, { token });
    const many = await t.gql(query, { code: large.course.code }, { token });
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect(many.data.courses.edges[0].node.modules[1].materials).toHaveLength(20);
    expect(many.data.courses.edges[0].node.modules[0].materials[0].myProgress.status).toBe('COMPLETED');
    expect(many.data.courses.edges[0].node.myProgress.percent).toBe(2);
    expect(few.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(many.extensions?.sqlStatements).toBe(few.extensions?.sqlStatements);
  });
});
