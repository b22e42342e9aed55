import type { Config, StorageEndpoint } from './config';

/** A Config whose services are resolved: what buildApp needs (tests build one directly). */
export type AppConfig = Config & {
  databaseUrl: string;
  storage: StorageEndpoint;
  jwtSecret: string;
};
