import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config, StorageEndpoint } from './config';
import { startEmbeddedPostgres } from './embedded/postgres';
import { startEmbeddedS3 } from './embedded/s3';
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
  options: { storage?: boolean } = {},
): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stops.reverse()) await stopOne();
  };
  try {
    let databaseUrl = config.databaseUrl;
    let databaseDescription = databaseUrl ? describeDatabaseUrl(databaseUrl) : '';
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(config.dataDir, logger);
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
      databaseDescription = `embedded PostgreSQL, ${describeDatabaseUrl(embedded.url)} (files in ${path.join(config.dataDir, 'postgres')})`;
    }

    let storage = config.storage;
    let storageDescription = storage ? `${endpointUrl(storage)} bucket ${storage.bucket}` : 'none';
    if (!storage && options.storage !== false) {
      const embedded = await startEmbeddedS3(config.dataDir, { bucket: config.storageBucket, region: config.storageRegion });
      stops.push(embedded.stop);
      storage = embedded.endpoint;
      storageDescription = `embedded S3-compatible endpoint ${endpointUrl(storage)} bucket ${storage.bucket} (files in ${path.join(config.dataDir, 's3')})`;
    }

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

function endpointUrl(endpoint: StorageEndpoint): string {
  return `${endpoint.useSSL ? 'https' : 'http'}://${endpoint.endPoint}:${endpoint.port}`;
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
