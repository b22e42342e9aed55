import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { purgeExpiredIdempotencyKeys } from '../graphql/idempotency';
import { purgeIdlePersistedQueries } from '../graphql/persisted-queries';
import type { ObjectStorage } from '../storage/storage.port';
import type { JobDefinition } from '../module';
import { JOBS, type JobName } from './job-names';

export interface JobWorker {
  stop(): Promise<void>;
}

/** The kernel's own jobs; the features' jobs come from their manifests, through the assembly. */
export const KERNEL_JOBS: readonly JobDefinition[] = [
  {
    name: JOBS.purgeExpiredIdempotencyKeys,
    cron: '53 * * * *',
    run: async ({ orm }) => purgeExpiredIdempotencyKeys(orm.em.fork()),
  },
  {
    name: JOBS.purgeIdlePersistedQueries,
    cron: '7 3 * * *',
    run: async ({ orm }) => purgeIdlePersistedQueries(orm.em.fork()),
  },
];

/**
 * Background work on pg-boss (a PostgreSQL job queue): jobs survive restarts, run once across
 * any number of workers, and keep no state in the API processes.
 */
export async function startJobWorker(
  orm: MikroORM,
  storage: ObjectStorage,
  databaseUrl: string,
  logger: Logger,
  options: { publicBaseUrl: string; pollingIntervalSeconds?: number; onJobFailed?: (queue: JobName) => void },
  /** The modules' jobs, from their manifests (the kernel adds its own). */
  jobs: readonly JobDefinition[],
): Promise<JobWorker> {
  const log = logger.child({ component: 'jobs' });
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'pelita-worker', max: 4 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const definition of [...KERNEL_JOBS, ...jobs]) {
    await boss.createQueue(definition.name);
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: 'UTC' });
    await boss.work(definition.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
      for (const job of jobs) {
        let result: object;
        try {
          result = await definition.run({ orm, storage, logger: log, publicBaseUrl: options.publicBaseUrl }, (job.data ?? {}) as Record<string, unknown>);
        } catch (error) {
          // pg-boss records the failure and retries; the count is for alerting on it.
          options.onJobFailed?.(definition.name);
          throw error;
        }
        log.info({ job: definition.name, jobId: job.id, ...result }, 'job done');
      }
    });
  }
  let stopped: Promise<void> | undefined;
  return {
    // graceful: lets running jobs finish before the pool closes.
    stop: () => (stopped ??= boss.stop({ graceful: true, wait: true, timeout: 10_000 })),
  };
}
