import 'reflect-metadata';
import { createPelitaOrm, jobs } from './app-modules';
import { ConfigError, loadConfig } from './config';
import { exitOnUnexpectedRejections } from './errors';
import { startJobWorker } from './jobs/worker';
import { createLogger } from './logger';
import { AppMetrics, serveMetrics } from './metrics';
import { MinioStorage } from './storage/minio.storage';

/**
 * A process that only runs background jobs, for deployments that keep the API processes
 * (`JOB_WORKER=off`) and the workers apart. Needs DATABASE_URL and MINIO_ENDPOINT: it never starts
 * embedded services.
 */
async function main() {
  let config;
  try {
    config = loadConfig();
    const missing = [
      ...(config.databaseUrl ? [] : ['DATABASE_URL: is required by the worker process']),
      ...(config.storage ? [] : ['MINIO_ENDPOINT: is required by the worker process (storage cleanup)']),
    ];
    if (missing.length) throw new ConfigError(missing);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  exitOnUnexpectedRejections(logger);
  const orm = await createPelitaOrm(config.databaseUrl!, logger);
  const metrics = new AppMetrics(orm, logger, { processMetrics: config.metrics?.port !== undefined });
  const storage = metrics.instrumentStorage(new MinioStorage(config.storage!));
  const worker = await startJobWorker(orm, storage, config.databaseUrl!, logger, {
    publicBaseUrl: config.publicBaseUrl,
    onJobFailed: (queue) => metrics.jobFailed(queue),
  }, jobs);
  // The worker has no public port: METRICS_PORT is the only way to its metrics.
  const metricsListener = config.metrics?.port !== undefined ? await serveMetrics(metrics, { ...config.metrics, port: config.metrics.port }) : undefined;
  logger.info({ metrics: metricsListener?.url }, 'Pelita job worker is running');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'stopping the job worker: finishing running jobs');
    await worker.stop();
    await metricsListener?.close();
    await orm.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
