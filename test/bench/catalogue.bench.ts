/**
 * Benchmark: the nested catalogue query `courses { modules { materials } }` through Pelita's
 * GraphQL stack (Apollo, type-graphql, DataLoaders, MikroORM) against a hand-written single SQL
 * statement serving the same JSON over the same HTTP stack (express 5 on node:http, loopback),
 * in the same run on the same database.
 *
 *   npm run bench:catalogue [-- --courses 20 --modules 5 --materials 10 --requests 300 --concurrency 4]
 *   npm run bench:catalogue -- --cpu-profile catalogue.cpuprofile   (Pelita's rounds only, for Chrome DevTools)
 *
 * Then a scaling table: one request at a time, answers of 10 to 1,000 materials, per-request time
 * of both stacks, SQL statements per GraphQL request and the app's heap after each size.
 *
 * Uses TEST_DATABASE_URL when set (a database is created and dropped on that server), else an
 * embedded PostgreSQL under data/bench; object storage is the embedded endpoint.
 */
import './production-mode';
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import express from 'express';
import pg from 'pg';
import { withClient } from '../support/global-setup';
import { responseCompression } from '../../src/compression';
import { THROTTLE_DEFAULTS } from '../../src/config';
import { startBenchEnvironment } from './bench-environment';

const { values: options } = parseArgs({
  options: {
    courses: { type: 'string', default: '20' },
    modules: { type: 'string', default: '5' },
    materials: { type: 'string', default: '10' },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    'cpu-profile': { type: 'string' },
  },
});
const shape = {
  courses: Number(options.courses),
  modules: Number(options.modules),
  materials: Number(options.materials),
  requests: Number(options.requests),
  concurrency: Number(options.concurrency),
};

const GRAPHQL_QUERY = `query Catalogue($first: Int!, $code: String) {
  courses(first: $first, filter: { code: $code }) {
    edges { node { id code title jp modules { id position title materials { id position title kind required } } } }
  }
}`;

/** The same answer as GRAPHQL_QUERY, built by PostgreSQL in one statement. */
const BASELINE_SQL = `
SELECT json_build_object('data', json_build_object('courses', json_build_object('edges', coalesce((
  SELECT json_agg(json_build_object('node', json_build_object(
    'id', c.id, 'code', c.code, 'title', c.title, 'jp', c.jp::float8,
    'modules', coalesce((
      SELECT json_agg(json_build_object('id', m.id, 'position', m.position, 'title', m.title,
        'materials', coalesce((
          SELECT json_agg(json_build_object('id', x.id, 'position', x.position, 'title', x.title, 'kind', x.kind, 'required', x.required)
                          ORDER BY x.position)
            FROM materials x WHERE x.module_id = m.id), '[]'::json)) ORDER BY m.position)
        FROM course_modules m WHERE m.course_id = c.id), '[]'::json)
  )) ORDER BY c.title, c.id)
  FROM (SELECT * FROM courses WHERE status = 'PUBLISHED' AND ($2::text IS NULL OR code = $2) ORDER BY title, id LIMIT $1) c
), '[]'::json)))) AS body`;

async function seed(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    const organizationId = randomUUID();
    await client.query(`INSERT INTO organizations (id, name, kind) VALUES ($1, 'Badan Kepegawaian dan Pengembangan SDM', 'TRAINING_CENTER')`, [
      organizationId,
    ]);
    await client.query(
      `INSERT INTO courses (id, code, title, summary, competency, jp, delivery_mode, organization_id, status, published_at)
       SELECT gen_random_uuid(), 'BENCH-' || lpad(i::text, 4, '0'), 'Pelatihan Pelayanan Publik ' || lpad(i::text, 4, '0'),
              'Ringkasan pelatihan', 'TEKNIS', 8, 'ONLINE', $1, 'PUBLISHED', now()
         FROM generate_series(1, $2) AS i`,
      [organizationId, shape.courses],
    );
    await client.query(
      `INSERT INTO course_modules (id, course_id, position, title)
       SELECT gen_random_uuid(), c.id, p, 'Modul ' || p FROM courses c, generate_series(1, $1) AS p`,
      [shape.modules],
    );
    await client.query(
      `INSERT INTO materials (id, module_id, position, title, kind, body)
       SELECT gen_random_uuid(), m.id, p, 'Materi ' || p, 'TEXT', '# Materi' FROM course_modules m, generate_series(1, $1) AS p`,
      [shape.materials],
    );
    // One small course (1 module × 10 materials) for the scaling table; titled to sort after the
    // others, so it is never on the main page. Asked for by code.
    await client.query(
      `WITH c AS (INSERT INTO courses (id, code, title, summary, competency, jp, delivery_mode, organization_id, status, published_at)
                  VALUES (gen_random_uuid(), 'BENCH-SMALL', 'Zz Pelatihan Singkat', 'Ringkasan', 'TEKNIS', 2, 'ONLINE', $1, 'PUBLISHED', now()) RETURNING id),
            m AS (INSERT INTO course_modules (id, course_id, position, title) SELECT gen_random_uuid(), c.id, 1, 'Modul 1' FROM c RETURNING id)
       INSERT INTO materials (id, module_id, position, title, kind, body) SELECT gen_random_uuid(), m.id, p, 'Materi ' || p, 'TEXT', '# Materi' FROM m, generate_series(1, 10) AS p`,
      [organizationId],
    );
  });
}

async function startBaselineServer(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = express();
  // The same HTTP stack as Pelita's, compression included: fetch asks for gzip, so without it
  // Pelita's answer would be compressed and decompressed on every request and the baseline's not.
  app.use(responseCompression());
  app.use(express.json());
  app.post('/baseline', async (req, res) => {
    const { rows } = await pool.query<{ body: unknown }>(BASELINE_SQL, [req.body.variables.first, req.body.variables.code ?? null]);
    res.json(rows[0].body);
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/baseline`;
  return { url, stop: async () => (await new Promise((resolve) => server.close(resolve)), await pool.end()) };
}

async function post(url: string, variables: { first: number; code?: string } = { first: shape.courses }): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: GRAPHQL_QUERY, variables }),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * `requests` POSTs with `concurrency` in flight; latencies in milliseconds. Both servers and the
 * client run in this process, so its CPU time over a run is that stack's plus the client's: a
 * measure that a busy machine disturbs far less than the wall clock.
 */
async function load(url: string): Promise<{ latencies: number[]; seconds: number; cpuMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: shape.concurrency }, async () => {
      while (next < shape.requests) {
        next += 1;
        const t0 = performance.now();
        await post(url);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { latencies, seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function summary(name: string, run: { latencies: number[]; seconds: number; cpuMs: number }) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { name, requests: sorted.length, rps: sorted.length / run.seconds, mean, p50: at(0.5), p95: at(0.95), p99: at(0.99), cpu: run.cpuMs / sorted.length };
}

/** Sizes of answer for the scaling table: the small course, then 1 to `courses` of the bench's. */
function scalingSteps(): { label: string; variables: { first: number; code?: string }; materials: number }[] {
  const perCourse = shape.modules * shape.materials;
  const firsts = [...new Set([1, 2, 5, 10, shape.courses].filter((first) => first <= shape.courses))];
  return [
    { label: '1 course × 1 module × 10', variables: { first: 1, code: 'BENCH-SMALL' }, materials: 10 },
    ...firsts.map((first) => ({ label: `${first} × ${shape.modules} × ${shape.materials}`, variables: { first }, materials: first * perCourse })),
  ];
}

/**
 * Cost as the answer grows: one request at a time (no queueing in the numbers), both stacks
 * alternating per step. A second app instance reports SQL statements per request in the answer's
 * extensions; the heap is read after a forced GC when node runs with --expose-gc.
 */
async function scaling(environment: Awaited<ReturnType<typeof startBenchEnvironment>>, baselineUrl: string) {
  const app = await environment.startApp({ exposeQueryStats: true, throttle: { ...THROTTLE_DEFAULTS, costPerWindow: 1e12, anonymousCostPerWindow: 1e12 } });
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapMb = () => (gc?.(), process.memoryUsage().heapUsed / 2 ** 20);
  const timed = async (url: string, variables: { first: number; code?: string }, times: number) => {
    const latencies: number[] = [];
    let last: unknown;
    for (let i = 0; i < times; i += 1) {
      const t0 = performance.now();
      last = await post(url, variables);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    return { median: latencies[Math.floor(latencies.length / 2)], last };
  };
  const rows = [];
  try {
    for (const step of scalingSteps()) {
      const times = Math.max(10, Math.min(200, Math.round(20_000 / step.materials)));
      await timed(app.url, step.variables, 5);
      await timed(baselineUrl, step.variables, 5);
      const g = await timed(app.url, step.variables, times);
      const b = await timed(baselineUrl, step.variables, times);
      const { extensions, ...answer } = g.last as { extensions?: { sqlStatements?: number } };
      if (!isDeepStrictEqual(answer, b.last)) throw new Error(`GraphQL and baseline answers differ for ${step.label}`);
      rows.push({
        'courses × modules × materials': step.label,
        materials: step.materials,
        'GraphQL ms': g.median.toFixed(2),
        'GraphQL µs/material': ((g.median * 1000) / step.materials).toFixed(0),
        'single SQL ms': b.median.toFixed(2),
        'ratio': (g.median / b.median).toFixed(2),
        'SQL statements': extensions?.sqlStatements ?? '?',
        'heap MB after': heapMb().toFixed(1),
      });
    }
  } finally {
    await app.stop();
  }
  console.log(`\nScaling: median per request, one at a time${gc ? '' : ' (heap without a forced GC: run with --expose-gc)'}`);
  console.table(rows);
}

async function main() {
  const environment = await startBenchEnvironment();
  const { databaseUrl } = environment;
  try {
    await seed(databaseUrl);
    // The throttle stays on, so its per-request work is measured, but with a budget that this
    // load (one anonymous client asking for 1,000 materials a few hundred times a second) cannot
    // spend: the benchmark measures the stack, not the production budget's policy.
    const app = await environment.startApp({ throttle: { ...THROTTLE_DEFAULTS, costPerWindow: 1e12, anonymousCostPerWindow: 1e12 } });
    const baseline = await startBaselineServer(databaseUrl);
    try {
      const [graphqlAnswer, baselineAnswer] = [await post(app.url), await post(baseline.url)];
      if (!isDeepStrictEqual(graphqlAnswer, baselineAnswer)) throw new Error('GraphQL and baseline answers differ');

      for (let i = 0; i < 30; i += 1) await Promise.all([post(app.url), post(baseline.url)]);
      // Alternating rounds, so both sides see the same machine conditions.
      const rounds = { graphql: [] as number[], baseline: [] as number[] };
      let seconds = { graphql: 0, baseline: 0 };
      const cpuMs = { graphql: 0, baseline: 0 };
      // Only Pelita's rounds are profiled (the baseline's run in between is left out).
      const profiler = options['cpu-profile'] ? new Session() : undefined;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
      }
      for (let round = 0; round < 3; round += 1) {
        await profiler?.post('Profiler.start');
        const g = await load(app.url);
        if (profiler) {
          const { profile } = await profiler.post('Profiler.stop');
          await writeFile(round ? options['cpu-profile']!.replace(/(\.cpuprofile)?$/, `.${round}$1`) : options['cpu-profile']!, JSON.stringify(profile));
        }
        const b = await load(baseline.url);
        rounds.graphql.push(...g.latencies);
        rounds.baseline.push(...b.latencies);
        seconds = { graphql: seconds.graphql + g.seconds, baseline: seconds.baseline + b.seconds };
        cpuMs.graphql += g.cpuMs;
        cpuMs.baseline += b.cpuMs;
      }
      const graphql = summary('GraphQL (Apollo + DataLoader + MikroORM)', { latencies: rounds.graphql, seconds: seconds.graphql, cpuMs: cpuMs.graphql });
      const sql = summary('single SQL (express + pg)', { latencies: rounds.baseline, seconds: seconds.baseline, cpuMs: cpuMs.baseline });
      const materials = shape.courses * shape.modules * shape.materials;
      console.log(
        `\nCatalogue: ${shape.courses} courses × ${shape.modules} modules × ${shape.materials} materials (${materials} materials per answer), ` +
          `${shape.requests} requests × 3 rounds, concurrency ${shape.concurrency}`,
      );
      console.table(
        [graphql, sql].map((r) => ({
          stack: r.name,
          requests: r.requests,
          'req/s': r.rps.toFixed(1),
          'mean ms': r.mean.toFixed(2),
          'p50 ms': r.p50.toFixed(2),
          'p95 ms': r.p95.toFixed(2),
          'p99 ms': r.p99.toFixed(2),
          'node CPU ms/req': r.cpu.toFixed(2),
        })),
      );
      console.log(
        `ratio GraphQL / single SQL: mean ${(graphql.mean / sql.mean).toFixed(2)}×, p95 ${(graphql.p95 / sql.p95).toFixed(2)}×, throughput ${(sql.rps / graphql.rps).toFixed(2)}× ` +
          `(GraphQL at ${(graphql.rps / sql.rps).toFixed(2)}× the baseline's req/s), node CPU per request ${(graphql.cpu / sql.cpu).toFixed(2)}×`);
      await scaling(environment, baseline.url);
    } finally {
      await baseline.stop();
      await app.stop();
    }
  } finally {
    await environment.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
