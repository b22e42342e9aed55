/**
 * Benchmark: how much 8 attacking clients slow down normal ones, with throttling on and off, in
 * one run on one database. Per setting: a control phase (only the normal clients: cheap `me`
 * queries at a fixed pace) and an attack phase (the same normal load plus 8 attackers sending as
 * fast as they can: 4 signed-in people with queries just under the cost limit and too-deep
 * queries, 4 anonymous clients, each on its own address, with documents that fail at the token
 * limit and too-deep queries). Reports normal latency p50/p95/p99 per phase, the attack/control
 * p99 ratio (goal: at most 2 with throttling on) and what the attackers got.
 *
 *   npm run bench:throttle [-- --seconds 10 --normal 4 --rate 25 --attackers 8 --slowest]
 *
 * The API runs in this process (as in the other benchmarks); normal clients and attackers run in
 * two child processes, so their HTTP and JSON work is not done on the API's event loop (on one
 * machine it still takes CPU, as an attacker's traffic would take network and kernel time).
 * Uses TEST_DATABASE_URL when set, else an embedded PostgreSQL under data/bench.
 */
import './production-mode';
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { THROTTLE_DEFAULTS } from '../../src/config';
import { QUERY_LIMITS } from '../../src/graphql/limits';
import { graphqlClient } from '../support/graphql-client';
import { startBenchEnvironment } from './bench-environment';

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    normal: { type: 'string', default: '4' },
    rate: { type: 'string', default: '25' },
    attackers: { type: 'string', default: '8' },
    /** Also print the slowest normal requests under attack, with when they were sent. */
    slowest: { type: 'boolean', default: false },
    role: { type: 'string' },
  },
});

const NORMAL_QUERY = JSON.stringify({ query: '{ me { id name organization { id name } } }' });

/** Four aliased pages of 100 organizations with two parents each: cost 4,404, just under the limit. */
const MAX_COST_QUERY = JSON.stringify({
  query: `{ ${['a', 'b', 'c', 'd'].map((alias) => `${alias}: organizations(first: 100) { edges { node { id name kind parent { id name parent { id name } } } } }`).join(' ')} }`,
});
/** Deeper than the depth limit: refused by validation after parsing. */
const DEEP_QUERY = JSON.stringify({ query: `{ me { ${'organization { parent { '.repeat(8)}id${' } }'.repeat(8)} } }` });
/** Just under the token limit, then broken: parsed to the end before it is refused. */
const HUGE_INVALID_DOCUMENT = JSON.stringify({ query: `{ me { ${'id '.repeat(QUERY_LIMITS.maxTokens - 10)} ` });

interface Target {
  url: string;
  headers: Record<string, string>;
}

interface LoadPlan {
  role: 'normal' | 'attack';
  url: string;
  durationMs: number;
  clients: { headers: Record<string, string>; bodies: string[] }[];
  /** Requests per second per client (normal); attackers send back to back. */
  rate?: number;
}

interface LoadResult {
  latenciesMs: number[];
  /** Milliseconds since the phase started, per latency. */
  sentAtMs: number[];
  /** CPU time the client process used (user + system), in ms. */
  cpuMs: number;
  statuses: Record<string, number>;
  failures: number;
}

/** One POST over a kept-alive connection; answers status and latency. */
function post(agent: http.Agent, target: Target, body: string): Promise<{ status: number; ms: number; body: string }> {
  const url = new URL(target.url);
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The child's side: runs one plan and sends back what it measured. */
async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const result: LoadResult = { latenciesMs: [], sentAtMs: [], cpuMs: 0, statuses: {}, failures: 0 };
  const startedAt = Date.now();
  const cpu = process.cpuUsage();
  const endAt = startedAt + plan.durationMs;
  await Promise.all(
    plan.clients.map(async (client, index) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const target = { url: plan.url, headers: client.headers };
      // Normal clients start spread over one interval, then keep a fixed pace (or send at once when late).
      const interval = plan.rate ? 1000 / plan.rate : 0;
      let next = Date.now() + (interval * index) / plan.clients.length;
      for (let n = 0; Date.now() < endAt; n += 1) {
        if (interval) {
          await sleep(Math.max(0, next - Date.now()));
          next += interval;
        }
        const sentAt = Date.now() - startedAt;
        try {
          const answer = await post(agent, target, client.bodies[n % client.bodies.length]);
          const code = /"code":"(\w+)"/.exec(answer.body)?.[1];
          const label = `${answer.status}${code ? ` ${code}` : ''}`;
          result.statuses[label] = (result.statuses[label] ?? 0) + 1;
          if (plan.role === 'normal') {
            result.latenciesMs.push(answer.ms);
            result.sentAtMs.push(sentAt);
            if (answer.status !== 200 || code) result.failures += 1;
          }
        } catch {
          result.failures += 1;
        }
      }
      agent.destroy();
    }),
  );
  const used = process.cpuUsage(cpu);
  result.cpuMs = (used.user + used.system) / 1000;
  return result;
}

function startLoad(plan: LoadPlan): Promise<LoadResult> {
  const child = fork(__filename, ['--role', plan.role], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.send(plan);
  return (once(child, 'message') as Promise<[LoadResult]>).then(([result]) => {
    child.disconnect();
    return result;
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface PhaseSummary {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  failures: number;
  /** p99 of the requests sent after the first 2 s (the attackers' first budget is spent by then). */
  p99After2s: number;
  apiCpuMs: number;
  attackerCpuMs?: number;
  attackerStatuses?: Record<string, number>;
}

function summarize(apiCpuMs: number, normal: LoadResult, attack?: LoadResult): PhaseSummary {
  const sorted = [...normal.latenciesMs].sort((a, b) => a - b);
  const later = normal.latenciesMs.filter((_, i) => normal.sentAtMs[i] >= 2_000).sort((a, b) => a - b);
  return {
    requests: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    failures: normal.failures,
    p99After2s: percentile(later, 99),
    apiCpuMs,
    attackerCpuMs: attack?.cpuMs,
    attackerStatuses: attack?.statuses,
  };
}

/** Runs a phase and answers the API's CPU time over it (this process serves the API). */
async function measured<T>(run: () => Promise<T>): Promise<[number, T]> {
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  return [(used.user + used.system) / 1000, result];
}

async function coordinator(): Promise<void> {
  const seconds = Number(options.seconds);
  const normalCount = Number(options.normal);
  const rate = Number(options.rate);
  const attackerCount = Number(options.attackers);
  const env = await startBenchEnvironment();
  const admin = { email: 'admin@bench.pelita.test', password: 'kata-sandi-admin-bench' };
  const jwtSecret = randomBytes(32).toString('hex');
  // The bench sends X-Forwarded-For from loopback to give each anonymous attacker an address of its own.
  const common = { jwtSecret, bootstrapAdmin: admin, trustProxy: 'loopback' };
  const results: Record<string, { control: PhaseSummary; attack: PhaseSummary }> = {};
  try {
    let app = await env.startApp({ ...common, throttle: THROTTLE_DEFAULTS });
    const api = graphqlClient(app.url);
    const adminToken = (await api.login(admin.email, admin.password)).accessToken;
    const asAdmin = { token: adminToken };
    const root = await api.ok<{ createOrganization: { id: string } }>(`mutation { createOrganization(input: { name: "Pemerintah Kota Sibolga", kind: AGENCY }) { id } }`, {}, asAdmin);
    let parentId = root.createOrganization.id;
    // 120 organizations in chains of three, so the attackers' pages are full and their parents load.
    for (let i = 0; i < 120; i += 1) {
      const created = await api.ok<{ createOrganization: { id: string } }>(
        `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { name: `Unit Kerja ${i + 1}`, kind: 'AGENCY', parentId: i % 3 === 0 ? root.createOrganization.id : parentId } },
        asAdmin,
      );
      parentId = created.createOrganization.id;
    }
    const signedInAttackers = Math.ceil(attackerCount / 2);
    const tokens: string[] = [];
    for (let i = 0; i < normalCount + signedInAttackers; i += 1) {
      const email = `pegawai${i}@bench.pelita.test`;
      const password = `sandi-bench-${i}-rahasia`;
      await api.ok(
        `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
        { input: { name: `Pegawai ${i}`, email, nip: null, organizationId: root.createOrganization.id, roles: ['LEARNER'], password } },
        asAdmin,
      );
      tokens.push((await api.login(email, password)).accessToken);
    }
    const normalClients = tokens.slice(0, normalCount).map((token) => ({ headers: { authorization: `Bearer ${token}` }, bodies: [NORMAL_QUERY] }));
    const attackers = [
      ...tokens.slice(normalCount).map((token, i) => ({ headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `10.66.0.${i + 1}` }, bodies: [MAX_COST_QUERY, MAX_COST_QUERY, DEEP_QUERY] })),
      ...Array.from({ length: attackerCount - signedInAttackers }, (_, i) => ({ headers: { 'x-forwarded-for': `10.66.1.${i + 1}` }, bodies: [HUGE_INVALID_DOCUMENT, DEEP_QUERY] })),
    ];

    for (const setting of ['on', 'off'] as const) {
      if (setting === 'off') {
        await app.stop();
        app = await env.startApp({ ...common, throttle: { ...THROTTLE_DEFAULTS, enabled: false } });
      }
      const normalPlan = (durationMs: number): LoadPlan => ({ role: 'normal', url: app.url, durationMs, clients: normalClients, rate });
      await startLoad(normalPlan(2_000)); // warm-up
      const [controlCpu, controlLoad] = await measured(() => startLoad(normalPlan(seconds * 1000)));
      const [attackCpu, [normal, attack]] = await measured(() =>
        Promise.all([startLoad(normalPlan(seconds * 1000)), startLoad({ role: 'attack', url: app.url, durationMs: seconds * 1000, clients: attackers })]),
      );
      results[setting] = { control: summarize(controlCpu, controlLoad), attack: summarize(attackCpu, normal, attack) };
      if (options.slowest) {
        const slowest = normal.latenciesMs.map((latency, i) => [Math.round(normal.sentAtMs[i]), Math.round(latency)]).sort((a, b) => b[1] - a[1]).slice(0, 15);
        console.log(setting, 'slowest under attack [sent at ms, latency ms]:', JSON.stringify(slowest));
      }
    }
    await app.stop();
  } finally {
    await env.stop();
  }

  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  const ms = (value: number) => value.toFixed(1);
  console.log(`\n${normalCount} normal clients at ${rate} req/s each (\`me\`), ${attackerCount} attackers back to back, ${seconds} s per phase\n`);
  console.log(row(['throttling', 'phase', 'normal requests', 'p50 ms', 'p95 ms', 'p99 ms', 'p99 attack/control', 'p99 after 2 s', 'normal failures', 'API CPU s', 'attackers\' CPU s']));
  console.log(row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  const cpu = (value?: number) => (value === undefined ? '' : (value / 1000).toFixed(1));
  for (const [setting, { control, attack }] of Object.entries(results)) {
    console.log(row([setting, 'control', control.requests, ms(control.p50), ms(control.p95), ms(control.p99), '', ms(control.p99After2s), control.failures, cpu(control.apiCpuMs), '']));
    console.log(row([setting, 'under attack', attack.requests, ms(attack.p50), ms(attack.p95), ms(attack.p99), `${(attack.p99 / control.p99).toFixed(2)}×`, ms(attack.p99After2s), attack.failures, cpu(attack.apiCpuMs), cpu(attack.attackerCpuMs)]));
  }
  console.log('\nWhat the attackers got (status and error code: count)');
  for (const [setting, { attack }] of Object.entries(results)) {
    const statuses = attack.attackerStatuses ?? {};
    const total = Object.values(statuses).reduce((sum, count) => sum + count, 0);
    const refused = Object.entries(statuses).filter(([label]) => label.endsWith('RATE_LIMITED')).reduce((sum, [, count]) => sum + count, 0);
    console.log(`  throttling ${setting}: ${total} requests, ${refused} RATE_LIMITED; ${JSON.stringify(statuses)}`);
  }
}

if (options.role) {
  process.once('message', (plan: LoadPlan) => {
    void runLoad(plan).then((result) => process.send?.(result));
  });
} else {
  coordinator().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
