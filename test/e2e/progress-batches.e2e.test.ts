import { randomUUID } from 'node:crypto';
import { JOBS } from '../../src/jobs/job-names';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse, type BuiltCourse } from '../builders/catalogue';
import { buildUser, type BuiltUser } from '../builders/identity';
import { enrolLearner } from '../builders/learning';
import { countRows, selectRows } from '../support/database';
import { offlineSession } from '../builders/progress-events';
import { startTestApp, type TestApp } from '../support/test-app';

const RECORD = `mutation ($events: [ProgressEventInput!]!) {
  recordProgress(events: $events) { applied duplicates refused results { id outcome code } }
}`;

const { at, opened, position: heartbeat } = offlineSession(2);

interface ProgressRow {
  material_id: string;
  status: string;
  furthest_position_seconds: number;
  duration_seconds: number | null;
  time_on_task_seconds: number;
  first_event_at: Date;
  last_event_at: Date;
  completed_at: Date | null;
}

/** The set-based ingest: batches mixing new and replayed events, devices racing, completion once. */
describe('progress batches', () => {
  let t: TestApp;
  let course: BuiltCourse;
  let videos: { id: string }[];

  /** The learner's material progress rows by material. */
  const progressOf = async (userId: string): Promise<Record<string, Omit<ProgressRow, 'material_id'>>> => {
    const rows = await selectRows<ProgressRow>(
      t.databaseUrl,
      `SELECT material_id, status, furthest_position_seconds, duration_seconds, time_on_task_seconds, first_event_at, last_event_at, completed_at
         FROM material_progress WHERE user_id = $1`,
      [userId],
    );
    return Object.fromEntries(rows.map(({ material_id: materialId, ...row }) => [materialId, row]));
  };
  const learnerIn = async (built: BuiltCourse) => {
    const learner = await buildUser(t, { roles: ['LEARNER'] });
    await enrolLearner(t, learner, built);
    return { learner, token: await learner.token() };
  };

  beforeAll(async () => {
    // No worker: a certificate's PDF job stays in the table for the test to count.
    t = await startTestApp({ jobWorker: 'off' });
    course = await buildCourse(t, { title: 'Manajemen ASN' });
    const module = await buildModule(t, course);
    videos = [];
    for (let i = 0; i < 3; i += 1) videos.push(await buildMaterial(t, course, module.id, 'VIDEO'));
    await publishCourse(t, course);
  });
  afterAll(() => t.stop());

  it('answers a batch mixing new events, replays, a repeat within the batch and a reused id, and folds only what is new', async () => {
    const { learner, token } = await learnerIn(course);
    const [a, b] = videos;
    const earlier = [heartbeat(a.id, 0, 10), heartbeat(a.id, 20, 30), heartbeat(b.id, 5, 100)];
    expect((await t.ok(RECORD, { events: earlier }, { token })).recordProgress).toMatchObject({ applied: 3, duplicates: 0, refused: 0 });
    const before = await progressOf(learner.id);

    // Upper-case ids from the device are the same ids; the answer keeps the device's spelling.
    const fresh = heartbeat(a.id, 40, 50);
    const late = heartbeat(a.id, 10, 20);
    const reused = { ...earlier[2], occurredAt: at(6) };
    const shouting = { ...earlier[1], id: earlier[1].id.toUpperCase(), materialId: earlier[1].materialId.toUpperCase() };
    const batch = [earlier[0], fresh, shouting, late, fresh, reused];
    const result = (await t.ok(RECORD, { events: batch }, { token })).recordProgress;
    expect(result).toMatchObject({ applied: 2, duplicates: 3, refused: 1 });
    expect(result.results).toEqual([
      { id: earlier[0].id, outcome: 'DUPLICATE', code: null },
      { id: fresh.id, outcome: 'APPLIED', code: null },
      { id: shouting.id, outcome: 'DUPLICATE', code: null },
      { id: late.id, outcome: 'APPLIED', code: null },
      { id: fresh.id, outcome: 'DUPLICATE', code: null },
      { id: earlier[2].id, outcome: 'REFUSED', code: 'CONFLICT' },
    ]);

    const after = await progressOf(learner.id);
    // Heartbeats of video a at 0, 10, 20 and 40 s: 10 + 10 + 20 s on task; video b is untouched.
    expect(after[a.id]).toMatchObject({ furthest_position_seconds: 50, time_on_task_seconds: 40, status: 'IN_PROGRESS', first_event_at: new Date(at(0)), last_event_at: new Date(at(40)) });
    expect(after[b.id]).toEqual(before[b.id]);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE user_id = $1`, [learner.id])).toBe(5);

    // The same batch again stores and changes nothing; the reused id stays a conflict.
    const again = (await t.ok(RECORD, { events: batch }, { token })).recordProgress;
    expect(again).toMatchObject({ applied: 0, duplicates: 5, refused: 1 });
    expect(await progressOf(learner.id)).toEqual(after);
  });

  it('stores each event once and folds exactly when two devices send overlapping batches at once', async () => {
    const racing = await learnerIn(course);
    const reference = await learnerIn(course);
    // 60 heartbeats over three videos, 10 s apart; device one sends the first 40, device two the last 40.
    const events = Array.from({ length: 60 }, (_, i) => heartbeat(videos[i % 3].id, i * 10, i * 10, 600));
    const [one, two] = await Promise.all([
      t.ok(RECORD, { events: events.slice(0, 40) }, { token: racing.token }),
      t.ok(RECORD, { events: events.slice(20) }, { token: racing.token }),
    ]);
    expect(one.recordProgress.refused + two.recordProgress.refused).toBe(0);
    expect(one.recordProgress.applied + two.recordProgress.applied).toBe(60);
    expect(one.recordProgress.duplicates + two.recordProgress.duplicates).toBe(20);
    expect(await countRows(t.databaseUrl, `SELECT count(*) FROM progress_events WHERE user_id = $1`, [racing.learner.id])).toBe(60);

    // The same events (new ids) from one device in one batch fold to the same progress.
    await t.ok(RECORD, { events: events.map((event) => ({ ...event, id: randomUUID() })) }, { token: reference.token });
    const raced = await progressOf(racing.learner.id);
    expect(Object.keys(raced)).toHaveLength(3);
    expect(raced).toEqual(await progressOf(reference.learner.id));
    // Each video: 20 heartbeats 30 s apart, 19 gaps on task; the last position 590 of 600 is watched.
    for (const row of Object.values(raced)) expect(row).toMatchObject({ time_on_task_seconds: 570, status: 'COMPLETED' });
  });

  it('completes the prerequisite module, the module it unlocks and the course in one batch: completion, certificate job and JP once', async () => {
    const jp = 6;
    const blended = await buildCourse(t, { title: 'Pengadaan Barang dan Jasa', jp });
    const first = await buildModule(t, blended);
    const firstVideo = await buildMaterial(t, blended, first.id, 'VIDEO');
    const firstText = await buildMaterial(t, blended, first.id, 'TEXT');
    const second = await buildModule(t, blended);
    const secondText = await buildMaterial(t, blended, second.id, 'TEXT');
    await t.ok(
      `mutation ($id: ID!, $input: ModuleInput!) { updateModule(id: $id, input: $input) { id } }`,
      { id: second.id, input: { title: 'Modul Lanjutan', prerequisiteModuleId: first.id } },
      { token: await authorToken(blended.author) },
    );
    await publishCourse(t, blended);
    const { learner, token }: { learner: BuiltUser; token: string } = await learnerIn(blended);

    // The second module's event comes first: it waits for the round that the first module unlocks.
    const batch = [opened(secondText.id, 100), heartbeat(firstVideo.id, 0, 0, 300), heartbeat(firstVideo.id, 30, 290, 300), opened(firstText.id, 50)];
    const [a, b] = await Promise.all([t.ok(RECORD, { events: batch }, { token }), t.ok(RECORD, { events: batch }, { token })]);
    expect(a.recordProgress.refused + b.recordProgress.refused).toBe(0);
    expect(a.recordProgress.applied + b.recordProgress.applied).toBe(4);
    const replay = (await t.ok(RECORD, { events: batch }, { token })).recordProgress;
    expect(replay).toMatchObject({ applied: 0, duplicates: 4, refused: 0 });

    const enrollment = await selectRows<{ id: string; status: string }>(t.databaseUrl, `SELECT id, status FROM enrollments WHERE user_id = $1 AND course_id = $2`, [
      learner.id,
      blended.id,
    ]);
    expect(enrollment).toEqual([{ id: expect.any(String), status: 'COMPLETED' }]);
    const certificates = await selectRows<{ id: string }>(t.databaseUrl, `SELECT id FROM certificates WHERE enrollment_id = $1`, [enrollment[0].id]);
    expect(certificates).toHaveLength(1);
    expect(
      await countRows(t.databaseUrl, `SELECT count(*) FROM pgboss.job WHERE name = $1 AND data->>'certificateId' = $2`, [JOBS.renderCertificatePdf, certificates[0].id]),
    ).toBe(1);
    const credits = await selectRows<{ jp: number }>(t.databaseUrl, `SELECT jp FROM jp_ledger_entries WHERE user_id = $1 AND source_id = $2`, [
      learner.id,
      enrollment[0].id,
    ]);
    expect(credits.map((credit) => Number(credit.jp))).toEqual([jp]);
  });
});
