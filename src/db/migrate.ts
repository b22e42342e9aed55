import type { MikroORM } from '@mikro-orm/postgresql';

/** Any fixed number: serialises migrations (and bootstrap) across API processes starting together. */
const MIGRATION_LOCK_KEY = 7_402_551_203;

/**
 * Applies pending migrations while holding a session advisory lock, so several API processes
 * starting at once on one database migrate it exactly once; `afterMigrations` runs under the
 * same lock.
 */
export async function migrateWithLock(orm: MikroORM, afterMigrations?: () => Promise<void>): Promise<string[]> {
  const knex = orm.em.getConnection().getKnex();
  const connection = await knex.client.acquireConnection();
  try {
    // raw SQL: a session-level advisory lock on one held connection; the ORM has no lock that outlives a transaction
    await connection.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await orm.getMigrator().up();
      await afterMigrations?.();
      return applied.map((migration) => migration.name);
    } finally {
      // raw SQL: releases that session-level advisory lock on the same connection
      await connection.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await knex.client.releaseConnection(connection);
  }
}

/** SQL that would bring the database in line with the entities; empty when migrations match. */
export async function pendingSchemaDiff(orm: MikroORM): Promise<string> {
  return (await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
}
