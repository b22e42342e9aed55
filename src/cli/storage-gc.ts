import 'reflect-metadata';
import { loadConfig } from '../config';
import { createPelitaOrm, storageSweeps } from '../app-modules';
import { startInfrastructure } from '../infrastructure';
import { createLogger } from '../logger';
import { collectStorageGarbage, STORAGE_GC_GRACE_SECONDS } from '../modules/files/upload.jobs';
import { MinioStorage } from '../storage/minio.storage';

/**
 * `npm run storage:gc [-- --grace-seconds N]`: removes uploads never completed, submission files
 * nobody used and blobs nothing references, older than the grace period (24 h by default), from DATABASE_URL and MINIO_*
 * (or the embedded services). The hourly job does the same; running both at once is safe.
 */
async function main() {
  const graceSeconds = parseGraceSeconds(process.argv.slice(2));
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Any free port: the API may be running on the same DATA_DIR with the store's usual port.
  const infra = await startInfrastructure(config, logger, { storagePort: 0 });
  try {
    const orm = await createPelitaOrm(infra.databaseUrl, logger);
    try {
      const storage = new MinioStorage(infra.storage!);
      const removed = await collectStorageGarbage(orm.em.fork(), storage, storageSweeps, { graceSeconds });
      logger.info({ ...removed, graceSeconds }, 'storage cleanup done');
    } finally {
      await orm.close();
    }
  } finally {
    await infra.stop();
  }
}

function parseGraceSeconds(args: string[]): number {
  const index = args.indexOf('--grace-seconds');
  if (index === -1) return STORAGE_GC_GRACE_SECONDS;
  const value = Number(args[index + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error('--grace-seconds needs a whole number of seconds (0 or more)');
  return value;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
