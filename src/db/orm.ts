import { FlushMode, MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Logger } from 'pino';
import { migrationsList } from '../../migrations';
import type { EntityClass } from '@mikro-orm/core';
import { IdempotencyKey } from './idempotency-key.entity';
import { PersistedQuery } from './persisted-query.entity';
import { PelitaPostgreSqlDriver } from './commit-outcome';
import { CountingLogger } from './query-counter';

/** The kernel's own tables; the features' entities come from their manifests, through the assembly. */
const KERNEL_ENTITIES: readonly EntityClass<object>[] = [IdempotencyKey, PersistedQuery];

export function ormOptions(databaseUrl: string, entities: readonly EntityClass<object>[], logger?: Logger): Options {
  return {
    clientUrl: databaseUrl,
    driver: PelitaPostgreSqlDriver,
    entities: [...KERNEL_ENTITIES, ...entities],
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      path: 'migrations',
      pathTs: 'migrations',
    },
    forceUtcTimezone: true,
    // Nothing reaches the database before a service's explicit flush: a lookup made while
    // validating must never write a half-changed entity (AUTO mode would flush before it).
    flushMode: FlushMode.COMMIT,
    allowGlobalContext: false,
    // Entities are listed explicitly and every property names its type: no reflection needed.
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    pool: { min: 0, max: 10 },
    // Statements only, never their parameters: those include password hashes.
    debug: logger?.isLevelEnabled('trace') ? ['query'] : false,
    loggerFactory: (options) => new CountingLogger(options),
    logger: (message) => logger?.trace({ component: 'orm' }, message),
    // knex's own warnings (e.g. "Connection Error" while the database restarts) into the JSON log
    // instead of bare lines on stdout; its messages carry errors, never statement values.
    driverOptions: {
      log: {
        warn: (message: unknown) => logger?.warn({ component: 'knex' }, String(message)),
        error: (message: unknown) => logger?.error({ component: 'knex' }, String(message)),
        deprecate: (method: unknown, alternative: unknown) => logger?.debug({ component: 'knex' }, `${String(method)} is deprecated; use ${String(alternative)}`),
        debug: () => undefined,
      },
    },
  };
}

export function createOrm(databaseUrl: string, entities: readonly EntityClass<object>[], logger?: Logger): Promise<MikroORM> {
  return MikroORM.init(ormOptions(databaseUrl, entities, logger));
}

export { MikroORM };
