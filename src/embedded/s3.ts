import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';
import type { StorageEndpoint } from '../config';

export interface EmbeddedS3 {
  endpoint: StorageEndpoint;
  stop(): Promise<void>;
}

/** s3rver's built-in account: it accepts only this key pair. */
const EMBEDDED_KEY = 'S3RVER';

/**
 * A local S3-compatible endpoint for development, bound to loopback and keeping its objects
 * under DATA_DIR/s3. Pelita talks to it through the same minio client as to MinIO.
 */
export async function startEmbeddedS3(
  dataDir: string,
  options: { bucket: string; region: string; port?: number },
): Promise<EmbeddedS3> {
  const directory = path.join(dataDir, 's3');
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory,
    silent: true,
    vhostBuckets: false,
  });
  const address = await server.run();
  return {
    endpoint: {
      endPoint: '127.0.0.1',
      port: address.port,
      useSSL: false,
      accessKey: EMBEDDED_KEY,
      secretKey: EMBEDDED_KEY,
      region: options.region,
      bucket: options.bucket,
    },
    stop: () => server.close(),
  };
}
