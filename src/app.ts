import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from './app-config';
import { createPelitaOrm, jobs, requestFeatures, resolvers, revokeSessions } from './app-modules';
import { responseCompression } from './compression';
import { type AppServices, type Context, createContext } from './context';
import { migrateWithLock } from './db/migrate';
import { createErrorFormatter, databaseUnavailable, ErrorCode, errorLogPlugin, isAppError, isDatabaseOutage, RETRY_AFTER_SECONDS, retryAfterPlugin } from './errors';
import { idempotencyPlugin } from './graphql/idempotency';
import { inputGuardPlugin } from './graphql/input-guard';
import { graphqlGetCacheControl, PersistedQueryRegistry } from './graphql/persisted-queries';
import { QUERY_LIMITS, queryCostPlugin, queryLimitRules } from './graphql/limits';
import { createJobQueue } from './jobs/queue';
import { startJobWorker, type JobWorker } from './jobs/worker';
import { createLogger, serializeError } from './logger';
import { AppMetrics, type MetricsListener, serveMetrics } from './metrics';
import { AccessTokens } from './access-tokens';
import { bootstrapAdmin } from './modules/user/bootstrap-admin';
import { verificationPage } from './modules/certificate/verification-page';
import { calendarFeedRoutes } from './modules/calendar/calendar-feed.routes';
import { redactFeedToken } from './modules/calendar/calendar.links';
import { Throttle } from './modules/throttle/throttle';
import { buildPelitaSchema } from './schema';
import { webAssets } from './web-assets';
import { MinioStorage } from './storage/minio.storage';
import type { ObjectStorage } from './storage/storage.port';

export interface PelitaApp {
  url: string;
  port: number;
  /** Where METRICS_PORT serves /metrics, when it is set. */
  metricsUrl?: string;
  services: AppServices;
  /** Stops accepting, lets in-flight requests finish, then closes the pool. Idempotent. */
  stop(): Promise<void>;
}

const REQUEST_ID_PATTERN = /^[\w.:-]{1,100}$/;
const SHUTDOWN_GRACE_MS = 10_000;
const READINESS_TIMEOUT_MS = 3_000;

export async function buildApp(config: AppConfig, options: { logger?: Logger } = {}): Promise<PelitaApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const orm = await createPelitaOrm(config.databaseUrl, logger);
  try {
    const applied = await migrateWithLock(orm, () => bootstrapAdmin(orm.em.fork(), config.bootstrapAdmin, logger));
    if (applied.length) logger.info({ migrations: applied }, 'applied database migrations');
    const metrics = new AppMetrics(orm, logger, { processMetrics: Boolean(config.metrics?.token) || config.metrics?.port !== undefined });
    const storage = metrics.instrumentStorage(new MinioStorage(config.storage));
    await storage.ensureBucket();
    await allowBrowserAccess(storage, new URL(config.publicBaseUrl).origin, logger);
    const services: AppServices = { config, logger, orm, storage, accessTokens: new AccessTokens(config.jwtSecret), jobs: createJobQueue(config.databaseUrl, logger), revokeSessions };
    const worker =
      config.jobWorker === 'inline'
        ? await startJobWorker(orm, storage, config.databaseUrl, logger, { publicBaseUrl: config.publicBaseUrl, onJobFailed: (queue) => metrics.jobFailed(queue) }, jobs)
        : undefined;
    return await serve(services, worker, metrics);
  } catch (error) {
    await orm.close();
    throw error;
  }
}

/**
 * Instructors' browsers PUT files straight to the store from the app's origin, and learners' read
 * a material's bytes (GET) to keep it for offline use, which a store with bucket CORS (RADOS
 * Gateway, AWS) must allow. Credentials without that permission only cost these: the API starts
 * all the same, and says why uploads and offline copies from the app may fail.
 */
async function allowBrowserAccess(storage: ObjectStorage, origin: string, logger: Logger): Promise<void> {
  try {
    if ((await storage.allowBrowserAccess([origin])) === 'set') logger.info({ origin }, 'object store: browser uploads and reads allowed from the app (bucket CORS)');
  } catch (error) {
    logger.warn({ err: error, origin }, "object store: could not set the bucket's CORS rule; uploads and offline copies from the web app may be refused by the store");
  }
}

async function serve(services: AppServices, worker: JobWorker | undefined, metrics: AppMetrics): Promise<PelitaApp> {
  const { config, logger } = services;
  const schema = await buildPelitaSchema(resolvers);
  const expressApp = express();
  expressApp.disable('x-powered-by');
  expressApp.set('trust proxy', config.trustProxy);
  // Idle keep-alive connections stay open longer than clients and proxies keep them (undici: 4 s,
  // load balancers: about 60 s). With Node's 5 s default, a client reusing a connection just as
  // the server closed it got ECONNRESET instead of an answer (seen under load in the schema fuzzer),
  // and a proxy in front answers 502 for the same race.
  const httpServer = http.createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, expressApp);
  let stopping = false;
  const throttle = config.throttle.enabled ? new Throttle(services.orm, services.accessTokens, config.throttle, config.maxRequestBytes, logger) : undefined;

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    // Automatic persisted queries, registered in PostgreSQL for every replica; bounded there (see the registry).
    persistedQueries: { cache: new PersistedQueryRegistry(services.orm, logger), ttl: null },
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(),
    validationRules: queryLimitRules(),
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: SHUTDOWN_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL answers here; the plugin would wrap every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      inputGuardPlugin(),
      errorLogPlugin(logger),
      retryAfterPlugin(),
      queryCostPlugin(schema, throttle?.chargeOperation),
      ...(throttle ? [throttle.plugin] : []),
      metrics.graphqlPlugin(),
      idempotencyPlugin<Context>(schema, ({ caller }) => (caller?.kind === 'user' ? `user:${caller.userId}` : caller?.kind === 'apiKey' ? `apiKey:${caller.apiKeyId}` : undefined)),
      ...(config.exposeQueryStats ? [queryStatsPlugin()] : []),
    ],
  });
  await apollo.start();

  expressApp.use((req, res, next) => {
    const incoming = req.header('x-request-id');
    const requestId = incoming && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    (req as typeof req & { id: string }).id = requestId;
    next();
  });
  // Before the request log and the body parser: an over-budget principal is refused without its
  // body being parsed, and a flood of refusals is logged once per principal, not once per request.
  // Counted first, so requests the throttle refuses before parsing show in the metrics too.
  expressApp.use('/graphql', metrics.graphqlRequests());
  if (throttle) expressApp.use('/graphql', throttle.middleware);
  // After the throttle, so a flood's refusals stay the cheap answers they are; before every route that answers JSON.
  expressApp.use(responseCompression());
  expressApp.use(
    pinoHttp({
      logger,
      genReqId: (req) => (req as typeof req & { id: string }).id,
      // Only what identifies the request: headers may carry tokens and keys, and a personal feed's URL is its key.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactFeedToken(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
    }),
  );

  expressApp.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  expressApp.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const [database, storage] = await Promise.all([
      // raw SQL: a readiness ping that touches no table
      check(() => services.orm.em.getConnection().execute('select 1')),
      check(() => services.storage.ping()),
    ]);
    const ready = database === 'ok' && storage === 'ok';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', database, storage });
  });

  // Never public by default: only with a token here, or on its own (loopback) listener below.
  if (config.metrics?.token) expressApp.get('/metrics', metrics.handler(config.metrics.token));

  expressApp.use(verificationPage(services));
  expressApp.use(calendarFeedRoutes(services));

  expressApp.use(
    '/graphql',
    express.json({ limit: config.maxRequestBytes }),
    graphqlGetCacheControl,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          const context = await createContext(services, requestFeatures, {
            requestId: (req as typeof req & { id: string }).id,
            clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
            authorization: req.header('authorization'),
            logger: req.log,
          });
          metrics.track(context, res);
          throttle?.bind(res, context);
          return context;
        } catch (error) {
          metrics.refused(res, isDatabaseOutage(error) ? ErrorCode.SERVICE_UNAVAILABLE : isAppError(error) ? String(error.extensions.code) : ErrorCode.INTERNAL_SERVER_ERROR);
          // Apollo hands context failures to the formatter only, never to plugins: logged here, with the request's id.
          if (isDatabaseOutage(error)) {
            req.log.warn({ err: error }, 'the database is unreachable; answered SERVICE_UNAVAILABLE');
            // Plugins never see context failures, so the answer carries its own status and Retry-After.
            throw databaseUnavailable({ http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } });
          }
          if (!isAppError(error)) req.log.error({ err: error }, 'unexpected error while answering a request');
          throw error;
        }
      },
    }),
  );
  // Last of the routes: the web app at / can shadow none of the server's own.
  // Presigned URLs name the store's public address when it has one (what browsers reach).
  const files = config.storage.publicAddress ?? config.storage;
  const host = files.endPoint.includes(':') ? `[${files.endPoint}]` : files.endPoint; // an IPv6 address
  expressApp.use(webAssets(logger, undefined, { fileOrigin: new URL(`${files.useSSL ? 'https' : 'http'}://${host}:${files.port}`).origin }));
  expressApp.use(bodyErrorHandler(config.maxRequestBytes));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  let metricsListener: MetricsListener | undefined;
  if (config.metrics?.port !== undefined) {
    try {
      metricsListener = await serveMetrics(metrics, { ...config.metrics, port: config.metrics.port });
    } catch (error) {
      httpServer.close();
      throw error;
    }
  }
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    metricsUrl: metricsListener?.url,
    services,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        await metricsListener?.close();
        await apollo.stop();
        await worker?.stop();
        await services.jobs.stop();
        await services.orm.close();
      })()),
  };
}

async function check(probe: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), READINESS_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return 'ok';
  } catch (error) {
    return `unavailable: ${error instanceof Error ? error.message : 'unknown error'}`;
  } finally {
    clearTimeout(timer);
  }
}

/** Body-parser failures answered in GraphQL's error shape, with our codes. */
function bodyErrorHandler(maxBytes: number): ErrorRequestHandler {
  return (error, _req, res, next) => {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') {
      res.status(413).json({
        errors: [
          { message: `Request body exceeds ${maxBytes} bytes`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE, maxBytes } },
        ],
      });
      return;
    }
    if (type === 'entity.parse.failed' || type === 'charset.unsupported') {
      res.status(400).json({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      return;
    }
    if (type === 'encoding.unsupported') {
      res.status(415).json({
        errors: [{ message: 'Content-Encoding not supported: send the body as it is, or as gzip, deflate or br', extensions: { code: ErrorCode.BAD_USER_INPUT } }],
      });
      return;
    }
    // A body that does not inflate as its Content-Encoding says: zlib's Z_DATA_ERROR or Z_BUF_ERROR
    // (gzip, deflate), brotli's ERR__ERROR_…, zstd's ZSTD_error_… (Node 22 reads zstd too).
    if (/^(Z_|ERR__ERROR_|ZSTD_error_)/.test(String((error as { code?: unknown }).code ?? ''))) {
      res.status(400).json({ errors: [{ message: 'Request body could not be decoded as its Content-Encoding says', extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
      return;
    }
    next(error);
  };
}

/** Development aid (and what the N+1 tests read): SQL statements per request in `extensions`. */
function queryStatsPlugin() {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }: { response: { body: { kind: string; singleResult?: { extensions?: Record<string, unknown> } } }; contextValue: Context }) {
          if (response.body.kind !== 'single' || !response.body.singleResult || !contextValue?.queryCounter) return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            sqlStatements: contextValue.queryCounter.count,
          };
        },
      };
    },
  };
}
