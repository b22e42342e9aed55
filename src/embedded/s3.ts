import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { StorageEndpoint } from '../config';
import { createS3Server } from './s3-server';
import { importS3rverData } from './s3-import';
import { FileStore } from './s3-store';

export interface EmbeddedS3 {
  /** How this process reaches the store (loopback when it listens on every interface). */
  endpoint: StorageEndpoint;
  /** Where it listens, for the start-up banner. */
  listening: { host: string; port: number };
  /** Objects brought over from an earlier s3rver data folder on this start. */
  imported: number;
  stop(): Promise<void>;
}

export interface EmbeddedS3Options {
  bucket: string;
  region: string;
  /** Listen address: loopback by default; `0.0.0.0` serves the LAN. `localhost` means 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  onError?: (error: unknown, request: { method: string; path: string }) => void;
}

/**
 * The development object store: a small S3 server of Pelita's own (src/embedded/s3-server.ts)
 * with its objects under DATA_DIR/object-store. It checks Signature V4 with a key pair generated
 * once per DATA_DIR, so a store opened to the LAN cannot be written by anyone who guesses a key.
 * Pelita talks to it through the same minio client as to MinIO.
 */
export async function startEmbeddedS3(dataDir: string, options: EmbeddedS3Options): Promise<EmbeddedS3> {
  const root = path.join(dataDir, 'object-store');
  const store = new FileStore(root);
  await store.open();
  const imported = await importS3rverData(path.join(dataDir, 's3'), store);
  const keys = await readOrCreateKeys(path.join(dataDir, 'object-store.keys.json'));
  const server = createS3Server({ store, credentials: { ...keys, region: options.region }, onError: options.onError });
  const host = !options.host || options.host === 'localhost' ? '127.0.0.1' : options.host;
  const requestedPort = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`The embedded object store cannot listen on ${host}:${requestedPort}: the port is in use. Stop the other program, or set EMBEDDED_S3_PORT to a free port.`)
          : error,
      );
    };
    server.once('error', fail);
    server.listen(requestedPort, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const everyInterface = host === '0.0.0.0' || host === '::';
  return {
    endpoint: {
      endPoint: everyInterface ? '127.0.0.1' : host,
      port,
      useSSL: false,
      accessKey: keys.accessKey,
      secretKey: keys.secretKey,
      region: options.region,
      bucket: options.bucket,
    },
    listening: { host, port },
    imported,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readOrCreateKeys(file: string): Promise<{ accessKey: string; secretKey: string }> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as { accessKey: string; secretKey: string };
  const keys = {
    accessKey: `PELITA${randomBytes(7).toString('hex').toUpperCase()}`,
    secretKey: randomBytes(30).toString('base64url'),
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(keys)}\n`, { mode: 0o600 });
  return keys;
}
