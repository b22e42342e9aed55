import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { JobName } from './jobs/job-names';
import type { ObjectStorage } from './storage/storage.port';

/** What a background job may use; the worker gives each run a fresh EntityManager fork. */
export interface JobDeps {
  orm: MikroORM;
  storage: ObjectStorage;
  logger: Logger;
  publicBaseUrl: string;
}

export interface JobDefinition {
  name: JobName;
  /** Cron in UTC; pg-boss makes sure one instance enqueues each tick, however many workers run. */
  cron?: string;
  run(deps: JobDeps, data: Record<string, unknown>): Promise<object>;
}

/**
 * What a feature module brings to the application (issue 15: the kernel imports no feature). Each
 * module exports one manifest from `<feature>.module.ts`; the assembly (app-modules.ts) lists
 * them and hands their parts to the ORM, the schema, the per-request context and the worker.
 *
 * A module with loaders also adds their type to the kernel's `Loaders` interface (declaration
 * merging in its manifest file), so `ctx.loaders.x` is typed without the kernel importing it.
 */
export interface PelitaModule<L extends object = object> {
  name: string;
  /** MikroORM entity classes whose tables this module owns. */
  entities?: readonly EntityClass<object>[];
  /** type-graphql resolver classes. */
  resolvers?: readonly (new (...args: never[]) => object)[];
  /** Per-request DataLoaders, built on the request's EntityManager. */
  loaders?(em: EntityManager): L;
  /** Background jobs this module runs on the worker. */
  jobs?: readonly JobDefinition[];
}

/** Keeps the loaders' own type (for the assembly's check that every declared loader is built). */
export function defineModule<L extends object = object>(module: PelitaModule<L>): PelitaModule<L> {
  return module;
}
