import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobName } from './job-names';

/** Enqueues background jobs from an API process; the worker (inline or separate) runs them. */
export interface JobQueue {
  send(name: JobName, data: object, options?: PgBoss.SendOptions): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A producer only: no supervision, no cron, no workers (startJobWorker owns those). It connects
 * on the first send, so processes and tests that never enqueue open no extra pool.
 */
export function createJobQueue(databaseUrl: string, logger: Logger): JobQueue {
  let started: Promise<PgBoss> | undefined;
  const createdQueues = new Map<string, Promise<void>>();
  const boss = () =>
    (started ??= (async () => {
      const instance = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'pelita-api', max: 2, supervise: false, schedule: false });
      instance.on('error', (error) => logger.error({ err: error, component: 'jobs' }, 'job queue error'));
      try {
        await instance.start();
      } catch (error) {
        // A start the database cut short is tried again by the next send, not remembered as failed.
        started = undefined;
        await instance.stop({ graceful: false, wait: true }).catch(() => undefined);
        throw error;
      }
      return instance;
    })());
  return {
    async send(name, data, options = {}) {
      const instance = await boss();
      let created = createdQueues.get(name);
      if (!created) {
        created = instance.createQueue(name).catch((error: unknown) => {
          createdQueues.delete(name);
          throw error;
        });
        createdQueues.set(name, created);
      }
      await created;
      await instance.send(name, data, options);
    },
    async stop() {
      const instance = await started?.catch(() => undefined);
      if (instance) await instance.stop({ graceful: false, wait: true });
    },
  };
}
