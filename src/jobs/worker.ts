import type { MikroORM } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { purgeExpiredIdempotencyKeys } from '../graphql/idempotency';
import { purgeIdlePersistedQueries } from '../graphql/persisted-queries';
import { purgeExpiredIdentityRecords } from '../modules/auth/auth.jobs';
import { renderAndStoreCertificate } from '../modules/certificate/certificate.pdf';
import { runJpExport } from '../modules/report/jp-export.job';
import { purgeIdleQueryBudgets } from '../modules/throttle/throttle.jobs';
import { collectStorageGarbage } from '../modules/upload/upload.jobs';
import type { ObjectStorage } from '../storage/storage.port';
import { JOBS, type JobName } from './job-names';

export interface JobWorker {
  stop(): Promise<void>;
}

interface JobDefinition {
  name: JobName;
  /** Cron in UTC; pg-boss makes sure one instance enqueues each tick, however many workers run. */
  cron?: string;
  run(deps: JobDeps, data: Record<string, unknown>): Promise<object>;
}

interface JobDeps {
  orm: MikroORM;
  storage: ObjectStorage;
  logger: Logger;
  publicBaseUrl: string;
}

const definitions: JobDefinition[] = [
  {
    name: JOBS.purgeExpiredIdentityRecords,
    cron: '17 * * * *',
    run: async ({ orm }) => purgeExpiredIdentityRecords(orm.em.fork()),
  },
  {
    name: JOBS.purgeIdleQueryBudgets,
    cron: '29 * * * *',
    run: async ({ orm }) => purgeIdleQueryBudgets(orm.em.fork()),
  },
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
  {
    name: JOBS.collectStorageGarbage,
    cron: '41 * * * *',
    run: async ({ orm, storage }) => collectStorageGarbage(orm.em.fork(), storage),
  },
  {
    name: JOBS.renderCertificatePdf,
    run: async ({ orm, storage, publicBaseUrl }, data) => renderAndStoreCertificate(orm.em.fork(), storage, publicBaseUrl, String(data.certificateId)),
  },
  {
    name: JOBS.exportJpRecords,
    run: async ({ orm, storage, logger }, data) => runJpExport(orm.em.fork(), storage, logger, String(data.exportId)),
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
): Promise<JobWorker> {
  const log = logger.child({ component: 'jobs' });
  const boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'pelita-worker', max: 4 });
  boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const definition of definitions) {
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
