import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import type { ClientBase } from 'pg';
import type { Logger } from 'pino';
import { JOBS, type JobName } from './job-names';

/** Enqueues background jobs from an API process; the worker (inline or separate) runs them. */
export interface JobQueue {
  /**
   * Inserts the job inside the transaction `em` is in, so it exists if and only if that
   * transaction commits: a rollback leaves no job, and a crash after COMMIT loses none (there is
   * nothing left to do after it). Throws if `em` is in no transaction.
   */
  sendInTransaction(em: EntityManager, name: JobName, data: object, options?: Omit<PgBoss.SendOptions, 'db'>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A producer only: no supervision, no cron, no workers (startJobWorker owns those). It connects
 * on the first send, so processes and tests that never enqueue open no extra pool; its pool only
 * creates the queues, the jobs themselves are written on the caller's transaction.
 */
export function createJobQueue(databaseUrl: string, logger: Logger): JobQueue {
  let started: Promise<PgBoss> | undefined;
  const boss = () =>
    (started ??= (async () => {
      const instance = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', application_name: 'pelita-api', max: 2, supervise: false, schedule: false });
      instance.on('error', (error) => logger.error({ err: error, component: 'jobs' }, 'job queue error'));
      try {
        await instance.start();
        // Every known queue, on pg-boss's own connection and committed: a job insert into a queue
        // that does not exist inserts nothing, and creating one inside the caller's transaction
        // would roll it back with that transaction.
        for (const name of Object.values(JOBS)) await instance.createQueue(name);
      } catch (error) {
        // A start the database cut short is tried again by the next send, not remembered as failed.
        started = undefined;
        await instance.stop({ graceful: false, wait: true }).catch(() => undefined);
        throw error;
      }
      return instance;
    })());
  return {
    async sendInTransaction(em, name, data, options = {}) {
      const db = await transactionDb(em);
      const instance = await boss();
      const id = await instance.send(name, data, { ...options, db });
      // Null means no row was written (an unknown queue); a job that silently went nowhere is the
      // loss this method exists to prevent.
      if (id === null) throw new Error(`job ${name} was not enqueued`);
    },
    async stop() {
      const instance = await started?.catch(() => undefined);
      if (instance) await instance.stop({ graceful: false, wait: true });
    },
  };
}

/**
 * pg-boss's statements on the connection of `em`'s open transaction. Raw on the pg client, not
 * through knex: pg-boss's SQL uses $n placeholders (some repeated), which knex.raw would not bind.
 */
async function transactionDb(em: EntityManager): Promise<PgBoss.Db> {
  const trx = em.getTransactionContext<Knex.Transaction>();
  // No fallback to a connection of its own: that is the job that outlives a rollback.
  if (!trx || trx.isCompleted()) throw new Error('a job is enqueued inside the transaction of the rows it concerns; none is open');
  const connection = (await trx.client.acquireConnection()) as ClientBase;
  return {
    executeSql: async (text, values) => {
      if (trx.isCompleted()) throw new Error('the transaction of this job has already ended');
      // raw SQL: pg-boss's own statements ($n placeholders), run on the transaction's connection
      return connection.query(text, values);
    },
  };
}
