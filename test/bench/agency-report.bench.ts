/**
 * Benchmark: `agencyJpReport` for one agency of 10,000 ASN (the agency and four sub-agencies)
 * with 500,000 JP ledger entries over four years and three sources, plus a noise agency, over
 * HTTP in production mode; then the riwayat pelatihan CSV export job for that agency and year
 * (rows, seconds, peak RSS growth of this process, which runs the job).
 *
 *   npm run bench:report [-- --asn 10000 --runs 20 --year 2025 --explain --keep]
 *
 * --explain prints EXPLAIN ANALYZE of every report statement; --keep leaves the seeded database
 * on the server (its URL is printed) for trying plans and indexes by hand.
 *
 * Uses TEST_DATABASE_URL when set (a database is created and dropped on that server), else an
 * embedded PostgreSQL under data/bench; object storage is the embedded endpoint.
 */
import './production-mode';
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { hashPassword } from '../../src/modules/user/password';
import { runJpExport } from '../../src/modules/report/jp-export.job';
import type { EntityManager } from '@mikro-orm/postgresql';
import { agencyFigures } from '../../src/modules/report/agency-report.service';
import { courseCompletion, learningGainByCourse, topCourses } from '../../src/modules/report/course-report.service';
import { organizationSubtree } from '../../src/modules/organization/organization-tree';
import { agencyScope, reportYear } from '../../src/modules/report/report.scope';
import { withClient } from '../support/global-setup';
import type { PelitaApp } from '../../src/app';
import { startBenchEnvironment } from './bench-environment';

const { values: options } = parseArgs({
  options: {
    asn: { type: 'string', default: '10000' },
    noise: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '20' },
    year: { type: 'string', default: '2025' },
    explain: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const ASN = Number(options.asn);
const NOISE = Number(options.noise);
const RUNS = Number(options.runs);
const YEAR = Number(options.year);
const HEAD_PASSWORD = 'kata-sandi-kepala-dinas';
const COURSES = 80;

/**
 * Everything in SQL with generate_series. Person i has 20 + i % 61 entries (50 on average, so
 * 10,000 ASN make 500,000), entry k of a person is course k (k % 10 < 7), seminar k (7, 8) or
 * classroom session k (9), credited on a day spread over 2023–2026.
 */
async function seed(databaseUrl: string): Promise<{ agencyId: string; noiseId: string; headEmail: string; entries: number }> {
  const started = performance.now();
  const headEmail = 'kepala@bench.sibolgakota.go.id';
  const passwordHash = await hashPassword(HEAD_PASSWORD);
  const result = await withClient(databaseUrl, async (client) => {
    const q = (sql: string, params: unknown[] = []) => client.query(sql, params);
    const [{ id: trainerId }] = (await q(`INSERT INTO organizations (id, name, kind) VALUES (gen_random_uuid(), 'BKPSDM Kota Sibolga', 'TRAINING_CENTER') RETURNING id`)).rows;
    const [{ id: agencyId }] = (await q(`INSERT INTO organizations (id, name, kind) VALUES (gen_random_uuid(), 'Dinas Kesehatan Kota Sibolga', 'AGENCY') RETURNING id`)).rows;
    await q(
      `INSERT INTO organizations (id, name, kind, parent_id) SELECT gen_random_uuid(), 'UPT Puskesmas ' || s, 'AGENCY', $1 FROM generate_series(1, 4) s`,
      [agencyId],
    );
    const [{ id: noiseId }] = (await q(`INSERT INTO organizations (id, name, kind) VALUES (gen_random_uuid(), 'Dinas Pendidikan Kota Sibolga', 'AGENCY') RETURNING id`)).rows;
    await q(`CREATE TEMP TABLE units AS SELECT row_number() OVER (ORDER BY parent_id NULLS FIRST, name) - 1 AS n, id FROM organizations WHERE id = $1 OR parent_id = $1`, [
      agencyId,
    ]);

    // NIP: birth date (a distinct day per person), appointment 25 years later, gender, sequence 001.
    await q(
      `CREATE TEMP TABLE people AS
       SELECT i, gen_random_uuid() AS id, CASE WHEN i <= $1::int THEN (SELECT id FROM units WHERE n = i % 5) ELSE $3::uuid END AS org,
              date '1965-01-01' + i AS born
         FROM generate_series(1, $1::int + $2::int) i`,
      [ASN, NOISE, noiseId],
    );
    await q(
      `INSERT INTO users (id, email, name, nip, organization_id, roles, password_hash)
       SELECT id, 'asn' || i || '@bench.sibolgakota.go.id', 'Pegawai ' || lpad(i::text, 6, '0'),
              to_char(born, 'YYYYMMDD') || (extract(year FROM born)::int + 25) || lpad((1 + i % 12)::text, 2, '0') || (1 + i % 2) || '001',
              org, '{LEARNER}', 'x'
         FROM people`,
    );
    await q(`UPDATE users SET email = $2, roles = '{LEARNER,AGENCY_HEAD}', password_hash = $3 WHERE id = (SELECT id FROM people WHERE i = 5) AND organization_id = $1`, [
      agencyId,
      headEmail,
      passwordHash,
    ]);

    await q(
      `CREATE TEMP TABLE catalog AS
       SELECT k, gen_random_uuid() AS course_id, gen_random_uuid() AS module_id, gen_random_uuid() AS pre_id, gen_random_uuid() AS post_id,
              gen_random_uuid() AS seminar_id, gen_random_uuid() AS cohort_id, gen_random_uuid() AS session_id,
              (1 + k % 4)::numeric AS jp, (ARRAY['TEKNIS', 'MANAJERIAL', 'SOSIAL_KULTURAL'])[1 + k % 3] AS competency
         FROM generate_series(1, $1::int) k`,
      [COURSES],
    );
    await q(
      `INSERT INTO courses (id, code, title, competency, jp, delivery_mode, organization_id, status, published_at)
       SELECT course_id, 'BENCH-' || k, 'Pelatihan Pelayanan Publik ' || k, competency, jp, 'ONLINE', $1, 'PUBLISHED', now() FROM catalog`,
      [trainerId],
    );
    await q(`INSERT INTO course_modules (id, course_id, position, title) SELECT module_id, course_id, 1, 'Modul 1' FROM catalog`);
    await q(
      `INSERT INTO materials (id, module_id, position, title, kind, required)
       SELECT pre_id, module_id, 1, 'Pre-test', 'QUIZ', false FROM catalog UNION ALL SELECT post_id, module_id, 2, 'Post-test', 'QUIZ', false FROM catalog`,
    );
    await q(`INSERT INTO quizzes (material_id, purpose) SELECT pre_id, 'PRE_TEST' FROM catalog UNION ALL SELECT post_id, 'POST_TEST' FROM catalog`);
    await q(
      `INSERT INTO seminars (id, organizer_id, external_ref, title, kind, scope, days, capacity, registration_closes_at, status, starts_at, ends_at)
       SELECT seminar_id, $1, 'SEM-' || k, 'Seminar Manajemen Pemerintahan ' || k, CASE WHEN k % 2 = 0 THEN 'SEMINAR' ELSE 'WORKSHOP' END, 'NATIONAL', 1, 100000,
              timestamptz '2023-01-01' + k * interval '18 days', 'PUBLISHED', timestamptz '2023-01-02' + k * interval '18 days', timestamptz '2023-01-02 08:00' + k * interval '18 days'
         FROM catalog`,
      [trainerId],
    );
    await q(`INSERT INTO cohorts (id, course_id, name, starts_on, ends_on) SELECT cohort_id, course_id, 'Angkatan ' || k, date '2023-01-01', date '2026-12-31' FROM catalog`);
    await q(
      `INSERT INTO cohort_sessions (id, cohort_id, title, starts_at, ends_at, time_zone, venue, instructor_id)
       SELECT session_id, cohort_id, 'Tatap muka ' || k, timestamptz '2023-01-03 01:00' + k * interval '18 days', timestamptz '2023-01-03 05:00' + k * interval '18 days',
              'Asia/Jakarta', 'Aula BKPSDM', (SELECT id FROM people WHERE i = 1)
         FROM catalog`,
    );

    await q(
      `CREATE TEMP TABLE plan AS
       SELECT p.i, p.id AS user_id, c.*, date '2023-01-01' + ((p.i * 7 + c.k * 37) % 1461) AS credited_on,
              CASE WHEN c.k % 10 < 7 THEN 'COURSE' WHEN c.k % 10 < 9 THEN 'SEMINAR' ELSE 'CLASSROOM' END AS source,
              gen_random_uuid() AS row_id
         FROM people p JOIN catalog c ON c.k <= CASE WHEN p.i <= $1::int THEN 20 + p.i % 61 ELSE 20 END`,
      [ASN],
    );
    await q(
      `INSERT INTO enrollments (id, user_id, course_id, status, enrolled_at, completed_at)
       SELECT row_id, user_id, course_id, 'COMPLETED', (credited_on - (i + k) % 30)::timestamp AT TIME ZONE 'Asia/Jakarta' + interval '8 hours',
              credited_on::timestamp AT TIME ZONE 'Asia/Jakarta' + interval '10 hours'
         FROM plan WHERE source = 'COURSE'`,
    );
    await q(
      `INSERT INTO seminar_registrations (id, seminar_id, user_id, status, queue_number)
       SELECT row_id, seminar_id, user_id, 'CONFIRMED', i FROM plan WHERE source = 'SEMINAR'`,
    );
    await q(
      `INSERT INTO certificates (id, enrollment_id, seminar_registration_id, user_id, course_id, seminar_id, number, verification_code,
                                 holder_name, holder_nip, course_title, organizer_name, jp, issued_on)
       SELECT gen_random_uuid(), CASE WHEN source = 'COURSE' THEN row_id END, CASE WHEN source = 'SEMINAR' THEN row_id END, p.user_id,
              CASE WHEN source = 'COURSE' THEN course_id END, CASE WHEN source = 'SEMINAR' THEN seminar_id END,
              'BENCH/' || extract(year FROM credited_on) || '/' || lpad((row_number() OVER ())::text, 7, '0'), md5(row_id::text),
              u.name, u.nip, 'Pelatihan ' || k, CASE WHEN source = 'SEMINAR' THEN 'BKPSDM Kota Sibolga' END, jp, credited_on
         FROM plan p JOIN users u ON u.id = p.user_id WHERE source IN ('COURSE', 'SEMINAR')`,
    );
    await q(
      `INSERT INTO jp_ledger_entries (id, user_id, source, source_id, title, jp, credited_on)
       SELECT gen_random_uuid(), user_id, source, CASE WHEN source = 'CLASSROOM' THEN session_id ELSE row_id END,
              CASE WHEN source = 'SEMINAR' THEN 'Seminar Manajemen Pemerintahan ' ELSE 'Pelatihan Pelayanan Publik ' END || k, jp, credited_on
         FROM plan`,
    );
    // A pre- and post-test for a third of the course enrolments, post usually above pre.
    await q(
      `INSERT INTO quiz_attempts (id, quiz_material_id, user_id, number, status, submitted_at, question_ids, percent, score, max_score, passed)
       SELECT gen_random_uuid(), CASE WHEN t = 1 THEN pre_id ELSE post_id END, user_id, 1, 'SUBMITTED', now(), '[]',
              least(100, 20 + (i * 13 + k * 7) % 60 + CASE WHEN t = 2 THEN (i + k) % 30 ELSE 0 END), 1, 1, true
         FROM plan, generate_series(1, 2) t WHERE source = 'COURSE' AND k % 3 = 0`,
    );
    // As autovacuum leaves a live table: statistics, and the visibility map index-only scans need.
    await q('VACUUM ANALYZE');
    const [{ count }] = (await q(`SELECT count(*)::int AS count FROM jp_ledger_entries`)).rows;
    return { agencyId: agencyId as string, noiseId: noiseId as string, entries: count as number };
  });
  console.log(`seeded ${ASN} + ${NOISE} ASN, ${result.entries} ledger entries in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { ...result, headEmail };
}

const REPORT = `query ($id: ID!, $year: Int) {
  agencyJpReport(organizationId: $id, year: $year) {
    year target asnCount meetingTargetCount meetingTargetPercent averageJp totalJp
    learners(first: 20) { totalCount pageInfo { hasNextPage endCursor } edges { node { jp meetsTarget shortfall user { id name nip } } } }
    topCourses { course { id title } completions jp }
    courses { course { id title } enrolled completed withdrawn completionRate medianDaysToComplete }
    learningGain { course { id } learners averagePre averagePost averageGain }
  }
}`;
const HEADLINE = `query ($id: ID!, $year: Int) { agencyJpReport(organizationId: $id, year: $year) { asnCount meetingTargetCount averageJp totalJp } }`;

/** Each list of the report on its own, to see where the time goes. */
const PARTS = {
  learners: 'asnCount learners(first: 20) { totalCount edges { node { jp user { id name nip } } } }',
  topCourses: 'asnCount topCourses { course { id title } completions jp }',
  courses: 'asnCount courses { course { id } enrolled completed completionRate medianDaysToComplete }',
  learningGain: 'asnCount learningGain { course { id } learners averagePre averagePost averageGain }',
};

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { runs: sorted.length, median: at(0.5).toFixed(1), p95: at(0.95).toFixed(1), min: sorted[0].toFixed(1), max: sorted.at(-1)!.toFixed(1) };
}

async function time(url: string, token: string, query: string, variables: Record<string, unknown>) {
  for (let i = 0; i < 3; i += 1) await gql(url, token, query, variables);
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    await gql(url, token, query, variables);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/**
 * EXPLAIN ANALYZE of every statement the report's services run, captured by handing them an
 * EntityManager stand-in that records SQL instead of running it.
 */
async function explain(databaseUrl: string, agencyId: string, label: string) {
  // The services' `?` placeholders, run through pg's numbered ones.
  const direct = {
    execute: (sql: string, params: unknown[] = []) => {
      let n = 0;
      return withClient(databaseUrl, async (client) => (await client.query(sql.replace(/\?/g, () => `$${(n += 1)}`), params)).rows);
    },
  } as unknown as EntityManager;
  const scope = agencyScope(agencyId, await organizationSubtree(direct, agencyId));
  const period = reportYear(YEAR);
  const captured: { name: string; sql: string; params: unknown[] }[] = [];
  const recorder = (name: string) => ({ execute: async (sql: string, params: unknown[] = []) => (captured.push({ name, sql, params }), []) }) as unknown as EntityManager;
  await agencyFigures(recorder('figures'), scope, period, 20);
  await topCourses(recorder('topCourses'), scope, period, 5);
  await courseCompletion(recorder('courses'), scope, period);
  await learningGainByCourse(recorder('learningGain'), scope, period);
  await withClient(databaseUrl, async (client) => {
    for (const statement of captured) {
      let n = 0;
      const sql = statement.sql.replace(/\?/g, () => `$${(n += 1)}`);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, statement.params);
      console.log(`--- ${label}: ${statement.name}\n${rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n')}`);
    }
  });
}

/** Runs the export job in this process, sampling its RSS every 10 ms. */
async function measureExport(app: PelitaApp, label: string, exportId: string) {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  const outcome = await runJpExport(app.services.orm.em.fork(), app.services.storage, pino({ level: 'warn' }), exportId);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const rows = 'rowCount' in outcome ? (outcome.rowCount ?? 0) : 0;
  const bytes = 'bytes' in outcome ? (outcome.bytes ?? 0) : 0;
  console.log(
    `CSV export ${YEAR}, ${label}: ${rows} rows, ${(bytes / 1048576).toFixed(1)} MiB in ${seconds.toFixed(2)} s (${(rows / seconds).toFixed(0)} rows/s), ` +
      `peak RSS +${((peak - baseline) / 1048576).toFixed(1)} MiB over ${(baseline / 1048576).toFixed(0)} MiB${'failed' in outcome ? ' FAILED' : ''}`,
  );
}

async function main() {
  const environment = await startBenchEnvironment();
  try {
    const { agencyId, noiseId, headEmail } = await seed(environment.databaseUrl);
    if (options.explain) {
      await explain(environment.databaseUrl, agencyId, 'the agency');
      await explain(environment.databaseUrl, noiseId, 'the noise agency (2,000 ASN)');
    }
    const app = await environment.startApp();
    try {
      const login = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `mutation { login(email: "${headEmail}", password: "${HEAD_PASSWORD}") { accessToken } }` }),
      });
      const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
      const variables = { id: agencyId, year: YEAR };
      const answer = (await gql(app.url, token, REPORT, variables)).agencyJpReport;
      console.log(
        `report ${YEAR}: asnCount ${answer.asnCount}, totalJp ${answer.totalJp}, meeting ${answer.meetingTargetPercent} %, averageJp ${answer.averageJp}, ` +
          `${answer.courses.length} courses, ${answer.learningGain.length} with gain, learners page ${answer.learners.edges.length}/${answer.learners.totalCount}`,
      );
      console.log('agencyJpReport, full (aggregates + first 20 learners + top courses + courses + gain), ms:', await time(app.url, token, REPORT, variables));
      console.log('agencyJpReport, headline figures only, ms:', await time(app.url, token, HEADLINE, variables));
      for (const [name, selection] of Object.entries(PARTS)) {
        const query = `query ($id: ID!, $year: Int) { agencyJpReport(organizationId: $id, year: $year) { ${selection} } }`;
        console.log(`  headline + ${name}, ms:`, await time(app.url, token, query, variables));
      }

      const requested = await gql(app.url, token, `mutation ($id: ID!, $year: Int) { requestJpExport(organizationId: $id, year: $year) { id } }`, variables);
      const small = await withClient(environment.databaseUrl, async (client) =>
        client.query<{ id: string }>(
          `INSERT INTO jp_exports (id, organization_id, year, requested_by_id) SELECT gen_random_uuid(), $1, $2, id FROM users WHERE email = $3 RETURNING id`,
          [noiseId, YEAR, headEmail],
        ),
      );
      // The smaller export first: if memory followed the row count, the larger one would show it.
      await measureExport(app, 'noise agency (2,000 ASN)', small.rows[0].id);
      await measureExport(app, 'agency (10,000 ASN)', requested.requestJpExport.id as string);
    } finally {
      await app.stop();
    }
  } finally {
    // Kept: the embedded services would keep the process alive, so main's caller exits.
    if (options.keep) console.log(`kept ${environment.databaseUrl}`);
    else await environment.stop();
  }
}

main().then(
  () => options.keep && process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
