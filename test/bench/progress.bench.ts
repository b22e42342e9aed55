/**
 * Benchmark: progress ingest. Batches of 50 events (20 % of them replays of events sent before)
 * from several learners over several materials, through `recordProgress` over HTTP (Apollo,
 * type-graphql, enrolment check, idempotent insert, folding into material progress), against a
 * raw multi-row `INSERT … ON CONFLICT (id) DO NOTHING` of the same rows with `pg`, in the same run
 * on the same database. Fails (exit 1) if any event is lost or stored twice.
 *
 * Then a scaling table: one request at a time, batches of 1, 5, 10, 25 and 50 events, each
 * sent fresh and then replayed: per request and per event time, SQL statements per request
 * (counted at the driver), node CPU per request, and heap and RSS growth (after a full GC)
 * over each run of requests. Time per request should grow roughly linearly with the
 * batch and SQL statements should not grow with it at all.
 *
 *   npm run bench:progress [-- --learners 8 --materials 20 --batches 400 --concurrency 4 --scaling-requests 40]
 *   npm run bench:progress -- --cpu-profile progress.cpuprofile   (the recordProgress run only, for Chrome DevTools)
 *
 * Uses TEST_DATABASE_URL when set (a database is created and dropped on that server), else an
 * embedded PostgreSQL under data/bench; object storage is the embedded endpoint.
 */
import './production-mode';
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { randomNip } from '../builders/identity';
import { withClient } from '../support/global-setup';
import type { ProgressEvent } from '../builders/progress-events';
import { startBenchEnvironment } from './bench-environment';
import { graphqlClient } from '../support/graphql-client';

const BATCH_SIZE = 50;
const REPLAYS_PER_BATCH = 10;
const { values: options } = parseArgs({
  options: {
    learners: { type: 'string', default: '8' },
    materials: { type: 'string', default: '20' },
    batches: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '4' },
    'scaling-requests': { type: 'string', default: '40' },
    'cpu-profile': { type: 'string' },
  },
});
const SCALING_SIZES = [1, 5, 10, 25, 50];
const shape = {
  learners: Number(options.learners),
  materials: Number(options.materials),
  batches: Number(options.batches),
  concurrency: Number(options.concurrency),
  scalingRequests: Number(options['scaling-requests']),
};
/**
 * Statements the process sends to PostgreSQL (BEGIN and COMMIT included), counted at the driver:
 * the app runs in this process, and the scaling runs send one request at a time, so the count's
 * growth over a request is that request's round trips. (The app's own per-request counter sees
 * only ORM queries, not raw `em.execute` SQL.)
 */
let statementsSent = 0;
const driverQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statementsSent += 1;
  return (driverQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;
// Heap growth is read after a full collection; `npm run` passes no --expose-gc, so expose it here.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Event = ProgressEvent;
interface Batch {
  learner: number;
  events: Event[];
}

/** Each batch: 40 new heartbeats of one learner and 10 replays of that learner's earlier events. */
function workload(materialIds: string[]): { batches: Batch[]; unique: number } {
  const sent: Event[][] = Array.from({ length: shape.learners }, () => []);
  const clock = Array.from({ length: shape.learners }, () => Date.now() - 10 * 86_400_000);
  const batches: Batch[] = [];
  for (let b = 0; b < shape.batches; b += 1) {
    const learner = b % shape.learners;
    const fresh: Event[] = Array.from({ length: BATCH_SIZE - REPLAYS_PER_BATCH }, (_, i) => {
      clock[learner] += 10_000;
      const materialId = materialIds[(b + i) % materialIds.length];
      return { id: randomUUID(), materialId, occurredAt: new Date(clock[learner]).toISOString(), kind: 'POSITION', position: (i * 15) % 600, duration: 600 };
    });
    const history = sent[learner].length ? sent[learner] : fresh;
    const replays = Array.from({ length: REPLAYS_PER_BATCH }, () => history[Math.floor(Math.random() * history.length)]);
    sent[learner].push(...fresh);
    batches.push({ learner, events: [...fresh, ...replays] });
  }
  return { batches, unique: sent.reduce((sum, events) => sum + events.length, 0) };
}

async function run(batches: Batch[], send: (batch: Batch) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: shape.concurrency }, async () => {
      while (next < batches.length) {
        const batch = batches[next];
        next += 1;
        const t0 = performance.now();
        await send(batch);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function summary(name: string, events: number, run: { latencies: number[]; seconds: number }) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    stack: name,
    batches: sorted.length,
    events,
    'events/s': Math.round(events / run.seconds),
    'mean ms/batch': (sorted.reduce((sum, v) => sum + v, 0) / sorted.length).toFixed(2),
    'p95 ms/batch': at(0.95).toFixed(2),
    'p99 ms/batch': at(0.99).toFixed(2),
    rate: events / run.seconds,
  };
}

async function seed(client: pg.Client, learnerIds: string[]): Promise<string[]> {
  const organizationId = randomUUID();
  const courseId = randomUUID();
  await client.query(`INSERT INTO organizations (id, name, kind) VALUES ($1, 'Badan Kepegawaian dan Pengembangan SDM', 'TRAINING_CENTER')`, [organizationId]);
  await client.query(
    `INSERT INTO courses (id, code, title, summary, competency, jp, delivery_mode, organization_id, status, published_at)
     VALUES ($1, 'BENCH-PROGRESS', 'Pelatihan Pelayanan Publik Prima', 'Ringkasan pelatihan', 'TEKNIS', 8, 'ONLINE', $2, 'PUBLISHED', now())`,
    [courseId, organizationId],
  );
  const moduleId = randomUUID();
  await client.query(`INSERT INTO course_modules (id, course_id, position, title) VALUES ($1, $2, 1, 'Modul 1')`, [moduleId, courseId]);
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO materials (id, module_id, position, title, kind)
     SELECT gen_random_uuid(), $1, p, 'Video materi ' || p, 'VIDEO' FROM generate_series(1, $2) AS p RETURNING id`,
    [moduleId, shape.materials],
  );
  for (const userId of learnerIds) {
    await client.query(`INSERT INTO enrollments (id, user_id, course_id, status) VALUES ($1, $2, $3, 'ACTIVE')`, [randomUUID(), userId, courseId]);
  }
  return rows.map((row) => row.id);
}

const RECORD = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates refused } }`;

interface ScalingRow {
  events: number;
  batch: 'fresh' | 'replayed';
  requests: number;
  'ms/request': string;
  'p95 ms/request': string;
  'ms/event': string;
  'SQL/request': string;
  'heap Δ KiB': number;
  'RSS Δ KiB': number;
  'node CPU ms/request': string;
}

/**
 * One learner per batch size, requests one at a time (so the time is the request's own, not a
 * queue's): `requests` batches of fresh heartbeats, then the same batches again.
 */
async function scaling(
  client: ReturnType<typeof graphqlClient>,
  learners: { token: string }[],
  materialIds: string[],
): Promise<{ rows: ScalingRow[]; problems: string[] }> {
  const rows: ScalingRow[] = [];
  const problems: string[] = [];
  for (const [s, size] of SCALING_SIZES.entries()) {
    const token = learners[s].token;
    let clock = Date.now() - 5 * 86_400_000;
    const batches: Event[][] = Array.from({ length: shape.scalingRequests }, (_, r) =>
      Array.from({ length: size }, (_, i) => {
        clock += 10_000;
        return { id: randomUUID(), materialId: materialIds[(r * size + i) % materialIds.length], occurredAt: new Date(clock).toISOString(), kind: 'POSITION', position: ((r * size + i) * 15) % 600, duration: 600 };
      }),
    );
    for (const kind of ['fresh', 'replayed'] as const) {
      gc();
      const before = process.memoryUsage();
      const cpuBefore = process.cpuUsage();
      const latencies: number[] = [];
      const statements: number[] = [];
      for (const events of batches) {
        const t0 = performance.now();
        const sentBefore = statementsSent;
        const result = await client.gql(RECORD, { events }, { token });
        latencies.push(performance.now() - t0);
        statements.push(statementsSent - sentBefore);
        if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
        const { applied, duplicates } = result.data.recordProgress;
        if (kind === 'fresh' ? applied !== size : duplicates !== size) problems.push(`${kind} batch of ${size} answered applied ${applied}, duplicates ${duplicates}`);
      }
      const cpu = process.cpuUsage(cpuBefore);
      gc();
      const after = process.memoryUsage();
      const sorted = [...latencies].sort((a, b) => a - b);
      const mean = latencies.reduce((sum, v) => sum + v, 0) / latencies.length;
      const [fewest, most] = [Math.min(...statements), Math.max(...statements)];
      rows.push({
        events: size,
        batch: kind,
        requests: latencies.length,
        'ms/request': mean.toFixed(2),
        'p95 ms/request': sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))].toFixed(2),
        'ms/event': (mean / size).toFixed(3),
        'SQL/request': fewest === most ? String(fewest) : `${fewest}–${most}`,
        'heap Δ KiB': Math.round((after.heapUsed - before.heapUsed) / 1024),
        'RSS Δ KiB': Math.round((after.rss - before.rss) / 1024),
        'node CPU ms/request': ((cpu.user + cpu.system) / 1000 / latencies.length).toFixed(2),
      });
    }
  }
  return { rows, problems };
}

async function main() {
  const environment = await startBenchEnvironment();
  const { databaseUrl } = environment;
  let failed = false;
  try {
    const admin = { email: 'admin@bkpsdm.sibolgakota.go.id', password: 'kata-sandi-admin-bench' };
    const app = await environment.startApp({ bootstrapAdmin: admin });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: shape.concurrency });
    try {
      const client = graphqlClient(app.url);
      const adminToken = (await client.login(admin.email, admin.password)).accessToken;
      const org = await client.ok(`mutation { createOrganization(input: { name: "Dinas Kesehatan", kind: AGENCY }) { id } }`, {}, { token: adminToken });
      // The first `learners` send the ingest workload; one more per batch size sends the scaling runs.
      const learners: { id: string; token: string }[] = [];
      for (let i = 0; i < shape.learners + SCALING_SIZES.length; i += 1) {
        const email = `peserta.${i}.${randomBytes(3).toString('hex')}@sibolgakota.go.id`;
        const password = `sandi-peserta-${i}-rahasia`;
        const created = await client.ok(
          `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
          { input: { name: `Peserta ${i + 1}`, email, nip: randomNip(), organizationId: org.createOrganization.id, roles: ['LEARNER'], password } },
          { token: adminToken },
        );
        learners.push({ id: created.createUser.id, token: (await client.login(email, password)).accessToken });
      }
      const materialIds = await withClient(databaseUrl, (c) => seed(c, learners.map((l) => l.id)));
      const scalingLearners = learners.splice(shape.learners);
      await pool.query(`CREATE TABLE progress_events_baseline (LIKE progress_events INCLUDING ALL)`);

      const { batches, unique } = workload(materialIds);
      const sentEvents = batches.length * BATCH_SIZE;
      const totals = { applied: 0, duplicates: 0, refused: 0 };
      // Only this run is profiled: `node --cpu-prof` would mix in the setup and the baseline's run.
      const profiler = options['cpu-profile'] ? new Session() : undefined;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const cpuBefore = process.cpuUsage();
      const graphql = await run(batches, async (batch) => {
        const result = await client.ok(RECORD, { events: batch.events }, { token: learners[batch.learner].token });
        totals.applied += result.recordProgress.applied;
        totals.duplicates += result.recordProgress.duplicates;
        totals.refused += result.recordProgress.refused;
      });
      const cpu = process.cpuUsage(cpuBefore);
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        await writeFile(options['cpu-profile']!, JSON.stringify(profile));
        profiler.disconnect();
      }
      const baseline = await run(batches, async (batch) => {
        const values: unknown[] = [];
        const rows = batch.events.map((event, i) => {
          values.push(event.id, learners[batch.learner].id, event.materialId, event.kind, event.occurredAt, event.position ?? null, event.duration ?? null);
          const o = i * 7;
          return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5}, $${o + 6}, $${o + 7})`;
        });
        await pool.query(
          `INSERT INTO progress_events_baseline (id, user_id, material_id, kind, occurred_at, position_seconds, duration_seconds)
           VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`,
          values,
        );
      });

      // The stack's floor: the same client, token and concurrency asking the smallest signed-in
      // question there is, with no SQL of the feature at all. No ingest over this HTTP and GraphQL
      // stack can beat it, so it bounds what recordProgress could reach at 50 events per request.
      const floor = await run(batches, async (batch) => {
        await client.ok(`{ __typename }`, {}, { token: learners[batch.learner].token });
      });

      const expectedIds = [...new Set(batches.flatMap((batch) => batch.events.map((event) => event.id)))];
      const check = async (table: string) => {
        const { rows } = await pool.query<{ rows: string; ids: string; found: string }>(
          `SELECT count(*) AS rows, count(DISTINCT id) AS ids, count(*) FILTER (WHERE id = ANY($1::uuid[])) AS found FROM ${table}`,
          [expectedIds],
        );
        return { rows: Number(rows[0].rows), ids: Number(rows[0].ids), found: Number(rows[0].found) };
      };
      const stored = { graphql: await check('progress_events'), baseline: await check('progress_events_baseline') };
      const progressRows = Number((await pool.query<{ count: string }>(`SELECT count(*) FROM material_progress`)).rows[0].count);

      const g = summary('recordProgress (HTTP + GraphQL + fold)', sentEvents, graphql);
      const b = summary('raw INSERT … ON CONFLICT (pg)', sentEvents, baseline);
      const f = summary('floor: `{ __typename }` signed in, as if it carried 50 events', sentEvents, floor);
      console.log(
        `\nProgress ingest: ${shape.batches} batches × ${BATCH_SIZE} events (${REPLAYS_PER_BATCH} replays each; ${unique} distinct events), ` +
          `${shape.learners} learners × ${shape.materials} materials, concurrency ${shape.concurrency}`,
      );
      console.table([g, b, f].map(({ rate: _rate, ...row }) => row));
      console.log(`ratio raw / recordProgress: ${(b.rate / g.rate).toFixed(2)}× events/s (recordProgress at ${(g.rate / b.rate).toFixed(3)}× the raw rate)`);
      console.log(`the stack's floor is at ${(f.rate / b.rate).toFixed(3)}× the raw rate; recordProgress reaches ${(g.rate / f.rate).toFixed(2)} of the floor`);
      console.log(`node CPU (app and HTTP client, one process) during recordProgress: ${((cpu.user + cpu.system) / 1000 / batches.length).toFixed(2)} ms per batch`);
      console.log(
        `stored: recordProgress ${stored.graphql.rows} rows (${stored.graphql.ids} ids), baseline ${stored.baseline.rows} rows; ` +
          `outcomes applied ${totals.applied}, duplicate ${totals.duplicates}, refused ${totals.refused}; material_progress rows ${progressRows}`,
      );
      const problems = [
        stored.graphql.rows !== unique && `recordProgress stored ${stored.graphql.rows} rows for ${unique} events`,
        stored.graphql.found !== unique && `recordProgress lost ${unique - stored.graphql.found} events`,
        stored.graphql.ids !== stored.graphql.rows && 'recordProgress stored an id twice',
        stored.baseline.rows !== unique && `baseline stored ${stored.baseline.rows} rows for ${unique} events`,
        totals.applied !== unique && `recordProgress answered APPLIED ${totals.applied} times for ${unique} events`,
        totals.duplicates !== sentEvents - unique && `recordProgress answered DUPLICATE ${totals.duplicates} times for ${sentEvents - unique} replays`,
        totals.refused !== 0 && `recordProgress refused ${totals.refused} events`,
      ].filter(Boolean);
      if (problems.length) {
        failed = true;
        console.error(`FAIL: ${problems.join('; ')}`);
      } else {
        console.log('OK: every event stored exactly once');
      }

      const scaled = await scaling(client, scalingLearners, materialIds);
      console.log(`\nScaling: one request at a time, ${shape.scalingRequests} requests per row, each batch sent fresh and then replayed`);
      console.table(scaled.rows);
      if (scaled.problems.length) {
        failed = true;
        console.error(`FAIL: ${scaled.problems.slice(0, 5).join('; ')}`);
      }
    } finally {
      await pool.end();
      await app.stop();
    }

  } finally {
    await environment.stop();
  }
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
