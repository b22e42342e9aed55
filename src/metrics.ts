import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsConfig } from './config';
import { ErrorCode } from './errors';
import { JOBS } from './jobs/job-names';
import type { ObjectStorage } from './storage/storage.port';

/**
 * What one API (or worker) process tells Prometheus. Each app has its own registry, never
 * prom-client's global one: tests run several apps in one process. Recording is a few map
 * updates per request; anything that costs a query (queue depth) is read on scrape, cached.
 */

/** Operation names come from clients: only this many distinct ones get a series of their own. */
export const MAX_OPERATION_NAMES = 100;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Label values that are not operation names. */
export const OPERATION_LABELS = { anonymous: 'anonymous', other: 'other', unresolved: 'unresolved' } as const;
const QUEUE_DEPTH_CACHE_MS = 10_000;
const SCRAPE_QUERY_TIMEOUT_MS = 2_000;
const knownCodes = new Set<string>(Object.values(ErrorCode));

/** What a request ended as; filled by the GraphQL plugin and the context, recorded when the response closes. */
interface RequestOutcome {
  operation?: string;
  code?: string;
  queryCounter?: { count: number };
}

interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** Names that clients send, admitted up to a cap; the rest share one label. */
class OperationNames {
  private readonly known = new Set<string>();

  /** `admit`: the name belongs to an operation that parsed and validated against our schema. */
  label(name: string | null | undefined, admit: boolean): string {
    if (!name) return OPERATION_LABELS.anonymous;
    if (this.known.has(name)) return name;
    if (!admit || !OPERATION_NAME.test(name) || this.known.size >= MAX_OPERATION_NAMES) return OPERATION_LABELS.other;
    this.known.add(name);
    return name;
  }

  /** A name we have seen validate before, or undefined (for requests refused before parsing). */
  ifKnown(name: unknown): string | undefined {
    return typeof name === 'string' && this.known.has(name) ? name : undefined;
  }
}

export class AppMetrics {
  readonly registry = new Registry();
  private readonly operations = new OperationNames();
  /** Keyed by the request's query counter: Apollo hands plugins a shallow copy of the context, which keeps that reference. */
  private readonly outcomes = new WeakMap<object, RequestOutcome>();
  private readonly responses = new WeakMap<Response, RequestOutcome>();
  private readonly requests: Counter<'operation' | 'status' | 'code'>;
  private readonly duration: Histogram<'operation'>;
  private readonly sqlStatements: Histogram<'operation'>;
  private readonly storageErrors: Counter<'operation'>;
  private readonly jobFailures: Counter<'queue'>;
  private queueDepths?: { at: number; depths: Promise<QueueDepths | undefined> };

  /** `processMetrics`: prom-client's CPU, memory, GC and event-loop collectors, which watch the process all the time: only when someone can scrape. */
  constructor(orm: MikroORM, private readonly logger: Logger, options: { processMetrics: boolean }) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'pelita_graphql_requests_total',
      help: 'GraphQL requests by operation name, HTTP status and the first error code (ok when none)',
      labelNames: ['operation', 'status', 'code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'pelita_graphql_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to the end of its answer',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.sqlStatements = new Histogram({
      name: 'pelita_graphql_sql_statements',
      help: 'SQL statements one GraphQL request ran',
      labelNames: ['operation'],
      buckets: [0, 1, 2, 5, 10, 20, 50, 100, 200],
      registers,
    });
    this.storageErrors = new Counter({
      name: 'pelita_storage_errors_total',
      help: 'Calls to the object store that failed, by operation',
      labelNames: ['operation'],
      registers,
    });
    this.jobFailures = new Counter({
      name: 'pelita_job_failures_total',
      help: 'Background job attempts that failed in this process (pg-boss retries them up to its limit)',
      labelNames: ['queue'],
      registers,
    });
    for (const queue of Object.values(JOBS)) this.jobFailures.inc({ queue }, 0);

    const pool = () => (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
    new Gauge({
      name: 'pelita_db_pool_connections',
      help: 'Connections of the database pool, by state (used: lent to a request or job; idle: open and free)',
      labelNames: ['state'],
      registers,
      collect() {
        const current = pool();
        this.set({ state: 'used' }, current?.numUsed() ?? 0);
        this.set({ state: 'idle' }, current?.numFree() ?? 0);
      },
    });
    new Gauge({
      name: 'pelita_db_pool_waiting_requests',
      help: 'Requests for a database connection waiting for one to be free',
      registers,
      collect() {
        this.set(pool()?.numPendingAcquires() ?? 0);
      },
    });
    new Gauge({
      name: 'pelita_db_pool_max_connections',
      help: 'The most connections the database pool opens',
      registers,
      collect() {
        this.set(pool()?.max ?? 0);
      },
    });
    const depths = () => this.cachedQueueDepths(orm);
    new Gauge({
      name: 'pelita_job_queue_depth',
      help: 'Background jobs waiting to run (created or waiting to retry), by queue; read at most every 10 s',
      labelNames: ['queue'],
      registers,
      async collect() {
        fillQueueGauge(this, await depths(), 'queued');
      },
    });
    new Gauge({
      name: 'pelita_job_queue_active',
      help: 'Background jobs running now, by queue (any worker process); read at most every 10 s',
      labelNames: ['queue'],
      registers,
      async collect() {
        fillQueueGauge(this, await depths(), 'active');
      },
    });
  }

  /** Times every request to /graphql, including those refused before GraphQL sees them. */
  graphqlRequests(): RequestHandler {
    return (req, res, next) => {
      const started = performance.now();
      const outcome: RequestOutcome = {};
      this.responses.set(res, outcome);
      res.once('close', () => {
        const operation = outcome.operation ?? this.operations.ifKnown((req.body as { operationName?: unknown } | undefined)?.operationName) ?? OPERATION_LABELS.unresolved;
        // The client went away before the answer was sent: no status was seen by anyone.
        const code = !res.writableFinished ? 'aborted' : (outcome.code ?? codeForStatus(res.statusCode));
        this.requests.inc({ operation, status: String(res.statusCode), code });
        this.duration.observe({ operation }, (performance.now() - started) / 1000);
        if (outcome.queryCounter) this.sqlStatements.observe({ operation }, outcome.queryCounter.count);
      });
      next();
    };
  }

  /** Ties a request's GraphQL context to its response, so the plugin's findings reach the record. */
  track(context: { queryCounter: { count: number } }, res: Response): void {
    const outcome = this.responses.get(res);
    if (!outcome) return;
    outcome.queryCounter = context.queryCounter;
    this.outcomes.set(context.queryCounter, outcome);
  }

  /** A request refused while building its context (plugins never see those). */
  refused(res: Response, code: string): void {
    const outcome = this.responses.get(res);
    if (outcome) outcome.code = code;
  }

  /** Reads the operation and the first error code of each answer, as the client gets it. */
  graphqlPlugin(): ApolloServerPlugin<{ queryCounter?: object }> {
    const { outcomes, operations } = this;
    return {
      async requestDidStart() {
        return {
          async willSendResponse({ contextValue, response, operation, operationName, request }) {
            const outcome = contextValue.queryCounter && outcomes.get(contextValue.queryCounter);
            if (!outcome) return;
            // Only an operation that validated against the schema may claim a label of its own.
            outcome.operation = operation ? operations.label(operationName, true) : (operations.ifKnown(request.operationName) ?? OPERATION_LABELS.unresolved);
            const code = response.body.kind === 'single' ? response.body.singleResult.errors?.[0]?.extensions?.code : undefined;
            outcome.code = code === undefined ? 'ok' : knownCodes.has(String(code)) ? String(code) : 'other';
          },
        };
      },
    };
  }

  /** Counts failed calls to the store; answers are passed on untouched. */
  instrumentStorage(storage: ObjectStorage): ObjectStorage {
    const failed = (operation: string) => this.storageErrors.inc({ operation });
    return new Proxy(storage, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          try {
            const result: unknown = value.apply(target, args);
            return result instanceof Promise
              ? result.catch((error: unknown) => {
                  failed(property);
                  throw error;
                })
              : result;
          } catch (error) {
            failed(property);
            throw error;
          }
        };
      },
    });
  }

  jobFailed(queue: string): void {
    this.jobFailures.inc({ queue });
  }

  /** GET /metrics; with a token, only for `Authorization: Bearer <token>`. */
  handler(token: string | undefined): RequestHandler {
    const expected = token === undefined ? undefined : digest(token);
    return async (req, res) => {
      const given = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
      // Digests have one length, so the comparison takes the same time whatever was sent.
      if (expected && (given === undefined || !timingSafeEqual(digest(given), expected))) {
        res.status(401).set('www-authenticate', 'Bearer realm="metrics"').type('text/plain').send('Unauthorized\n');
        return;
      }
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }

  private cachedQueueDepths(orm: MikroORM) {
    const now = Date.now();
    if (!this.queueDepths || now - this.queueDepths.at > QUEUE_DEPTH_CACHE_MS) {
      this.queueDepths = { at: now, depths: readQueueDepths(orm).catch((error: unknown) => {
        this.logger.warn({ err: error, component: 'metrics' }, 'could not read the job queue depth');
        // Not cached: the next scrape asks again.
        this.queueDepths = undefined;
        return undefined;
      }) };
    }
    return this.queueDepths.depths;
  }
}

type QueueDepths = Map<string, { queued: number; active: number }>;

/** Known queues only (bounded labels); a queue that never had a job reads 0. A depth that could not be read is left out, not reported stale. */
function fillQueueGauge(gauge: Gauge<'queue'>, depths: QueueDepths | undefined, field: 'queued' | 'active') {
  gauge.reset();
  if (!depths) return;
  for (const queue of Object.values(JOBS)) gauge.set({ queue }, depths.get(queue)?.[field] ?? 0);
}

async function readQueueDepths(orm: MikroORM): Promise<QueueDepths> {
  const depths: QueueDepths = new Map();
  // Raw SQL: pg-boss's tables are not ORM entities. `state < 'active'` is the partial index pg-boss fetches with.
  const query = orm.em.getConnection().execute<{ name: string; queued: string; active: string }[]>(
    `select name, count(*) filter (where state < 'active') as queued, count(*) filter (where state = 'active') as active
       from pgboss.job where state <= 'active' group by name`,
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), SCRAPE_QUERY_TIMEOUT_MS);
  });
  try {
    for (const row of await Promise.race([query, timeout])) depths.set(row.name, { queued: Number(row.queued), active: Number(row.active) });
  } catch (error) {
    // No job was ever queued in this database: pg-boss has not created its schema yet.
    if ((error as { code?: string }).code !== '42P01') throw error;
  } finally {
    clearTimeout(timer);
  }
  return depths;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** For answers GraphQL never saw (body too large, not JSON, refused by Apollo before parsing). */
function codeForStatus(status: number): string {
  if (status < 400) return 'ok';
  if (status === 413) return ErrorCode.PAYLOAD_TOO_LARGE;
  if (status === 429) return ErrorCode.RATE_LIMITED;
  if (status === 503) return ErrorCode.SERVICE_UNAVAILABLE;
  return status < 500 ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL_SERVER_ERROR;
}

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

/** METRICS_PORT: /metrics alone on its own listener, loopback by default, like a node exporter. */
export async function serveMetrics(metrics: AppMetrics, config: MetricsConfig & { port: number }): Promise<MetricsListener> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics.handler(config.token));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
