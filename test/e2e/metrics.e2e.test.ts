import { randomBytes, randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { JOBS } from '../../src/jobs/job-names';
import { MAX_OPERATION_NAMES } from '../../src/metrics';
import { buildUser } from '../builders/identity';
import { errorCode } from '../support/graphql-client';
import { forwardTcp, type TcpForward } from '../support/tcp-forward';
import { startTestApp, testStorageEndpoint, type TestApp } from '../support/test-app';

/** One sample of Prometheus text: `name{label="value",…} number`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseSamples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labelText = '', value] = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line) ?? [];
      const labels = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, text]) => [key, text]));
      return { name, labels, value: Number(value) };
    });
}

/** The value of the one sample with this name and these labels (others may differ); undefined when absent. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
  return found.length ? found.reduce((sum, s) => sum + s.value, 0) : undefined;
}

const origin = (t: TestApp) => t.url.replace(/\/graphql$/, '');

async function enqueue(databaseUrl: string, name: string, data: object) {
  const producer = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', supervise: false, schedule: false });
  await producer.start();
  try {
    await producer.createQueue(name);
    await producer.send(name, data, { retryLimit: 0 });
  } finally {
    await producer.stop({ graceful: false, wait: true });
  }
}

describe('an office without metrics configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('does not serve /metrics to anyone on the public port', async () => {
    expect((await fetch(`${origin(t)}/metrics`)).status).toBe(404);
    expect(t.app.metricsUrl).toBeUndefined();
  });
});

describe('an operator who scrapes /metrics with a token', () => {
  const token = randomBytes(24).toString('hex');
  let t: TestApp;
  let store: TcpForward;
  const scrape = async () => {
    const response = await fetch(`${origin(t)}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    const endpoint = testStorageEndpoint();
    // The store behind a link the test can cut, as a network fault would.
    store = await forwardTcp('127.0.0.1', { host: endpoint.endPoint, port: endpoint.port });
    t = await startTestApp({
      jobWorker: 'inline',
      storage: { ...endpoint, endPoint: '127.0.0.1', port: store.port },
      metrics: { token, host: '127.0.0.1' },
    });
  });
  afterAll(async () => {
    await t.stop();
    await store.close();
  });

  it('is refused without the token, with another token or another scheme', async () => {
    const url = `${origin(t)}/metrics`;
    for (const authorization of [undefined, `Bearer ${randomBytes(24).toString('hex')}`, `Bearer ${token}x`, `Basic ${token}`]) {
      const response = await fetch(url, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('pelita_');
    }
  });

  it('is answered in the Prometheus text format with the token, process metrics included', async () => {
    const response = await fetch(`${origin(t)}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseSamples(await response.text());
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts GraphQL requests by operation, status and first error code, with their latency and SQL statements', async () => {
    const user = await buildUser(t);
    // Building the user sent requests of its own: what follows is read against this.
    const before = parseSamples(await scrape());
    const session = await user.login();
    const me = 'query MetricsMe { me { id } }';
    expect((await t.gql(me, {}, { token: session.accessToken })).errors).toBeUndefined();
    expect((await t.gql(me)).errors).toBeUndefined();
    expect((await t.gql('{ me { id } }')).errors).toBeUndefined();
    const badDate = await t.gql('query MetricsSchedule($to: DateTime) { mySchedule(to: $to) { sessionId } }', { to: 'bukan-tanggal' }, { token: session.accessToken });
    expect(errorCode(badDate)).toBe('BAD_USER_INPUT');
    const invalid = await t.gql('query MetricsNoSuchField { tidakAda }');
    expect(errorCode(invalid)).toBe('BAD_USER_INPUT');

    const samples = parseSamples(await scrape());
    const requests = (labels: Record<string, string>) => {
      const now = valueOf(samples, 'pelita_graphql_requests_total', labels);
      return now === undefined ? undefined : now - (valueOf(before, 'pelita_graphql_requests_total', labels) ?? 0);
    };
    expect(requests({ operation: 'MetricsMe', status: '200', code: 'ok' })).toBe(2);
    expect(requests({ operation: 'anonymous', status: '200', code: 'ok' })).toBe(1);
    expect(requests({ operation: 'MetricsSchedule', status: String(badDate.status), code: 'BAD_USER_INPUT' })).toBe(1);
    expect(requests({ operation: 'Login', status: '200', code: 'ok' })).toBe(1);
    // A document that does not validate claims no label of its own.
    expect(requests({ operation: 'MetricsNoSuchField' })).toBeUndefined();
    expect(requests({ operation: 'unresolved', status: String(invalid.status), code: 'BAD_USER_INPUT' })).toBe(1);

    expect(valueOf(samples, 'pelita_graphql_request_duration_seconds_count', { operation: 'MetricsMe' })).toBe(2);
    expect(valueOf(samples, 'pelita_graphql_request_duration_seconds_bucket', { operation: 'MetricsMe', le: '+Inf' })).toBe(2);
    expect(valueOf(samples, 'pelita_graphql_request_duration_seconds_sum', { operation: 'MetricsMe' })).toBeGreaterThan(0);
    // Logging in reads the account and writes a session: SQL every time.
    expect(valueOf(samples, 'pelita_graphql_sql_statements_count', { operation: 'Login' })).toBeGreaterThanOrEqual(2);
    expect(valueOf(samples, 'pelita_graphql_sql_statements_sum', { operation: 'Login' })).toBeGreaterThan(0);
  });

  it('counts a body too large for GraphQL to read', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } } # ${'x'.repeat(t.config.maxRequestBytes)}` }),
    });
    expect(response.status).toBe(413);
    const samples = parseSamples(await scrape());
    expect(valueOf(samples, 'pelita_graphql_requests_total', { operation: 'unresolved', status: '413', code: 'PAYLOAD_TOO_LARGE' })).toBe(1);
  });

  it('keeps operation labels bounded, whatever names clients make up', async () => {
    const made = Array.from({ length: MAX_OPERATION_NAMES + 5 }, (_, i) => `query Karangan${i} { __typename }`);
    made.push(`query ${'Panjang'.repeat(40)} { __typename }`);
    for (const query of made) expect((await t.gql(query)).errors).toBeUndefined();

    const samples = parseSamples(await scrape()).filter((s) => s.name === 'pelita_graphql_requests_total');
    const operations = new Set(samples.map((s) => s.labels.operation));
    operations.delete('anonymous');
    operations.delete('unresolved');
    operations.delete('other');
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES);
    expect(valueOf(samples, 'pelita_graphql_requests_total', { operation: 'other' })).toBeGreaterThanOrEqual(6);
  });

  it('shows the database pool and the job queues', async () => {
    const samples = parseSamples(await scrape());
    expect(valueOf(samples, 'pelita_db_pool_connections', { state: 'used' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'pelita_db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'pelita_db_pool_waiting_requests')).toBe(0);
    expect(valueOf(samples, 'pelita_db_pool_max_connections')).toBe(10);
    for (const queue of Object.values(JOBS)) {
      expect(valueOf(samples, 'pelita_job_queue_depth', { queue })).toBeGreaterThanOrEqual(0);
      expect(valueOf(samples, 'pelita_job_queue_active', { queue })).toBeGreaterThanOrEqual(0);
      expect(valueOf(samples, 'pelita_job_failures_total', { queue })).toBe(0);
    }
  });

  it('counts a background job that fails', async () => {
    await enqueue(t.databaseUrl, JOBS.renderCertificatePdf, { certificateId: randomUUID() });
    const deadline = Date.now() + 20_000;
    let failures: number | undefined;
    while (!(failures = valueOf(parseSamples(await scrape()), 'pelita_job_failures_total', { queue: JOBS.renderCertificatePdf }))) {
      if (Date.now() > deadline) throw new Error('the failing job was not counted within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(failures).toBe(1);
  });

  it('counts failed calls to the object store by operation', async () => {
    await store.close();
    expect((await fetch(`${origin(t)}/readyz`)).status).toBe(503);
    expect(valueOf(parseSamples(await scrape()), 'pelita_storage_errors_total', { operation: 'ping' })).toBe(1);
  });

  it('never shows an e-mail address, a token or a password', async () => {
    const user = await buildUser(t);
    const session = await user.login();
    await t.gql('query MetricsMe { me { id email } }', {}, { token: session.accessToken });
    const text = await scrape();
    for (const secret of [user.email, user.password, session.accessToken, session.refreshToken, token, t.admin.email]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/@/);
  });
});

describe('an operator who scrapes /metrics on its own port', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ metrics: { port: 0, host: '127.0.0.1' } });
    // Waiting work, with no worker in this process to take it.
    await enqueue(t.databaseUrl, JOBS.exportJpRecords, { exportId: randomUUID() });
  });
  afterAll(() => t.stop());

  it('finds it on the loopback listener only, not on the public port', async () => {
    expect((await fetch(`${origin(t)}/metrics`)).status).toBe(404);
    expect(t.app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(t.app.metricsUrl!);
    expect(response.status).toBe(200);
    const samples = parseSamples(await response.text());
    expect(valueOf(samples, 'pelita_job_queue_depth', { queue: JOBS.exportJpRecords })).toBe(1);
    expect(valueOf(samples, 'pelita_job_queue_depth', { queue: JOBS.renderCertificatePdf })).toBe(0);
  });
});
