import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { AccessTokens } from './access-tokens';
import type { AppConfig } from './app-config';
import { QueryCounter } from './db/query-counter';
import type { Caller, RevokeSessions } from './identity';
import type { JobQueue } from './jobs/queue';
import type { ObjectStorage } from './storage/storage.port';

/** Long-lived collaborators shared by all requests of one API process (no request state). */
export interface AppServices {
  config: AppConfig;
  logger: Logger;
  orm: MikroORM;
  storage: ObjectStorage;
  accessTokens: AccessTokens;
  /** Enqueues background jobs (the worker runs them, inline or in its own process). */
  jobs: JobQueue;
  /** auth/'s session revocation, for modules below it (user/). */
  revokeSessions: RevokeSessions;
}

/**
 * The request's DataLoaders, by name. Empty here: each feature module adds its own loaders' type
 * in its manifest file (`declare module '../../context' { interface Loaders extends ... {} }`),
 * and the assembly checks at compile time that the manifests it lists build all of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Loaders {}

export interface Context {
  app: AppServices;
  /** The request's own unit of work; services use nothing else. */
  em: EntityManager;
  caller?: Caller;
  loaders: Loaders;
  requestId: string;
  clientIp: string;
  logger: Logger;
  queryCounter: QueryCounter;
}

/** What the assembly brings to every request: who is calling, and the modules' loaders. */
export interface RequestFeatures {
  authenticate(accessTokens: AccessTokens, em: EntityManager, authorization: string | undefined): Promise<Caller | undefined>;
  createLoaders(em: EntityManager): Loaders;
}

export async function createContext(
  app: AppServices,
  features: RequestFeatures,
  request: { requestId: string; clientIp: string; authorization?: string; logger: Logger },
): Promise<Context> {
  const queryCounter = new QueryCounter();
  const em = app.orm.em.fork({ loggerContext: { requestId: request.requestId, queryCounter } });
  const caller = await features.authenticate(app.accessTokens, em, request.authorization);
  return {
    app,
    em,
    caller,
    loaders: features.createLoaders(em),
    requestId: request.requestId,
    clientIp: request.clientIp,
    logger: request.logger,
    queryCounter,
  };
}
