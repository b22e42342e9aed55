import path from 'node:path';
import { z } from 'zod';

/** The only reader of process.env: everything else receives a parsed Config. */

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/**
 * `me` costs 2–6, a page of 100 courses 301, the costliest query allowed 5,000; the busiest admin
 * of the test suite (paging lists of 100 people) spends about 16,000 within seconds. A script
 * looping over expensive queries spends 20,000 in a few requests. Anonymous requests share their
 * address's budget (an office behind one NAT address mostly signs in, and signed-in requests are
 * charged to the person only).
 */
export const THROTTLE_DEFAULTS: ThrottleConfig = { enabled: true, costPerWindow: 20_000, anonymousCostPerWindow: 5_000, windowSeconds: 60 };

const envSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'test', 'production']).default('development')),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(4000)),
    HOST: z.preprocess(emptyAsUndefined, z.string().default('localhost')),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
        .optional(),
    ),
    MINIO_ENDPOINT: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL such as http://minio:9000' }).optional(),
    ),
    MINIO_PUBLIC_URL: z.preprocess(
      emptyAsUndefined,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s):// URL such as http://192.168.1.10:9000' })
        .refine((value) => {
          const url = new URL(value);
          return url.pathname === '/' && !url.search && !url.hash && !url.username;
        }, 'must name only scheme, host and port (path-style S3 URLs are signed for the host)')
        .optional(),
    ),
    EMBEDDED_S3_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
    MINIO_ACCESS_KEY: optionalString,
    MINIO_SECRET_KEY: optionalString,
    MINIO_BUCKET: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
        .default('pelita'),
    ),
    MINIO_REGION: z.preprocess(emptyAsUndefined, z.string().default('us-east-1')),
    JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    BOOTSTRAP_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email().optional()),
    BOOTSTRAP_ADMIN_PASSWORD: z.preprocess(
      emptyAsUndefined,
      z.string().min(12, 'must be at least 12 characters').optional(),
    ),
    JOB_WORKER: z.preprocess(emptyAsUndefined, z.enum(['inline', 'off']).default('inline')),
    TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().default('loopback')),
    MAX_REQUEST_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1024).default(1_000_000)),
    PUBLIC_BASE_URL: z.preprocess(
      emptyAsUndefined,
      z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL such as https://pelita.sibolgakota.go.id' }).default('http://localhost:4000'),
    ),
    JP_TARGET_PER_YEAR: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(1000).default(20)),
    METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
    METRICS_HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
    THROTTLE: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
      z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
    ),
    THROTTLE_COST_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(THROTTLE_DEFAULTS.costPerWindow)),
    THROTTLE_ANONYMOUS_COST_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).default(THROTTLE_DEFAULTS.anonymousCostPerWindow)),
    DEMO: z.preprocess(
      (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : value),
      z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }).default('true'),
    ),
  })
  .superRefine((env, ctx) => {
    const minioKeysMissing = env.MINIO_ENDPOINT && (!env.MINIO_ACCESS_KEY || !env.MINIO_SECRET_KEY);
    if (minioKeysMissing) {
      for (const key of ['MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MINIO_ENDPOINT is set' });
      }
    }
    if (Boolean(env.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(env.BOOTSTRAP_ADMIN_PASSWORD)) {
      const missing = env.BOOTSTRAP_ADMIN_EMAIL ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'must be set together with its pair' });
    }
    if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      ctx.addIssue({ code: 'custom', path: ['METRICS_PORT'], message: 'must differ from PORT (set METRICS_TOKEN to serve /metrics on the API port)' });
    }
    if (env.NODE_ENV === 'production') {
      for (const key of ['JWT_SECRET', 'DATABASE_URL', 'MINIO_ENDPOINT'] as const) {
        if (!env[key]) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is required in production (embedded services and generated secrets are for development only)',
          });
        }
      }
    }
  });

export interface StorageAddress {
  endPoint: string;
  port: number;
  useSSL: boolean;
}

/** Where the API reaches the store; `publicAddress` is what presigned URLs name for browsers and phones. */
export interface StorageEndpoint extends StorageAddress {
  /** Unset: presigned URLs name the address above. */
  publicAddress?: StorageAddress;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  port: number;
  host: string;
  dataDir: string;
  /** Unset: start the embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  /** Unset: start the embedded S3-compatible endpoint under dataDir. */
  storage?: StorageEndpoint;
  /** MINIO_PUBLIC_URL: the store's address as clients reach it (presigned URLs are signed for it). */
  storagePublicUrl?: string;
  /** Port of the embedded store (0: any free port); it listens on `host`, like the API. */
  embeddedStoragePort: number;
  storageBucket: string;
  storageRegion: string;
  /** Unset outside production: a random secret per start (tokens do not survive a restart). */
  jwtSecret?: string;
  bootstrapAdmin?: { email: string; password: string };
  maxRequestBytes: number;
  /** Express `trust proxy`: which proxies may set X-Forwarded-For (the client address login throttling uses). */
  trustProxy: string;
  /** `inline`: this process also runs the background job worker; `off`: a separate `worker` process does. */
  jobWorker: 'inline' | 'off';
  introspection: boolean;
  /** Where people open Pelita; certificate QR codes point at `${publicBaseUrl}/verify/<code>`. */
  publicBaseUrl: string;
  /** JP an ASN should earn per calendar year (PP 11/2017: 20). */
  jpTargetPerYear: number;
  /** Adds the number of SQL statements of a request to the response extensions (dev and test only). */
  exposeQueryStats: boolean;
  /** Query cost each principal may spend per window, counted in PostgreSQL across API processes. */
  throttle: ThrottleConfig;
  /** Fill a new embedded database with the Sibolga demo (sample catalogue and demo accounts). */
  demo: boolean;
  /** Where GET /metrics answers; unset or empty: nowhere (it is never public by default). */
  metrics?: MetricsConfig;
}

export interface MetricsConfig {
  /** METRICS_TOKEN: /metrics wants `Authorization: Bearer <token>`, on the public port too. */
  token?: string;
  /** METRICS_PORT: a listener of its own (0: any free port) on `host`, loopback unless told. */
  port?: number;
  host: string;
}

export interface ThrottleConfig {
  enabled: boolean;
  /** Per signed-in person or API key. */
  costPerWindow: number;
  /** Per client address, for requests without (valid) credentials. */
  anonymousCostPerWindow: number;
  /** 60 outside tests: the budgets are per minute. */
  windowSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseStorageAddress(url: string): StorageAddress {
  const parsed = new URL(url);
  const useSSL = parsed.protocol === 'https:';
  return {
    // URL keeps the brackets of an IPv6 literal; the minio client wants the bare address.
    endPoint: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port ? Number(parsed.port) : useSSL ? 443 : 80,
    useSSL,
  };
}

export function parseStorageEndpoint(
  url: string,
  keys: { accessKey: string; secretKey: string; region: string; bucket: string },
  publicUrl?: string,
): StorageEndpoint {
  return {
    ...parseStorageAddress(url),
    ...(publicUrl ? { publicAddress: parseStorageAddress(publicUrl) } : {}),
    ...keys,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = result.data;
  const isProduction = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    storage: e.MINIO_ENDPOINT
      ? parseStorageEndpoint(e.MINIO_ENDPOINT, {
          accessKey: e.MINIO_ACCESS_KEY ?? '',
          secretKey: e.MINIO_SECRET_KEY ?? '',
          region: e.MINIO_REGION,
          bucket: e.MINIO_BUCKET,
        }, e.MINIO_PUBLIC_URL)
      : undefined,
    storagePublicUrl: e.MINIO_PUBLIC_URL,
    // Next to the API's own port by default, so an office's firewall rule and bookmarks stay valid.
    embeddedStoragePort: e.EMBEDDED_S3_PORT ?? (e.PORT === 0 || e.PORT === 65535 ? 0 : e.PORT + 1),
    storageBucket: e.MINIO_BUCKET,
    storageRegion: e.MINIO_REGION,
    jwtSecret: e.JWT_SECRET,
    bootstrapAdmin:
      e.BOOTSTRAP_ADMIN_EMAIL && e.BOOTSTRAP_ADMIN_PASSWORD
        ? { email: e.BOOTSTRAP_ADMIN_EMAIL, password: e.BOOTSTRAP_ADMIN_PASSWORD }
        : undefined,
    maxRequestBytes: e.MAX_REQUEST_BYTES,
    trustProxy: e.TRUST_PROXY,
    jobWorker: e.JOB_WORKER,
    introspection: !isProduction,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    jpTargetPerYear: e.JP_TARGET_PER_YEAR,
    exposeQueryStats: !isProduction,
    throttle: {
      enabled: e.THROTTLE === 'on',
      costPerWindow: e.THROTTLE_COST_PER_MINUTE,
      anonymousCostPerWindow: e.THROTTLE_ANONYMOUS_COST_PER_MINUTE,
      windowSeconds: THROTTLE_DEFAULTS.windowSeconds,
    },
    demo: ['true', '1', 'yes'].includes(e.DEMO),
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
  };
}
