import 'reflect-metadata';
import { buildApp, type PelitaApp } from './app';
import { ConfigError, loadConfig } from './config';
import { resolveJwtSecret, startInfrastructure, type Infrastructure } from './infrastructure';
import { seedDemoOnFirstStart } from './demo/demo-first-start';
import { exitOnUnexpectedRejections } from './errors';
import { createLogger } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const startedAt = performance.now();

  let infrastructure: Infrastructure | undefined;
  let app: PelitaApp | undefined;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    try {
      await app?.stop();
      await infrastructure?.stop();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A bug that escapes every handler: log it and exit; the exit hook stops an embedded PostgreSQL.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  exitOnUnexpectedRejections(logger);

  try {
    infrastructure = await startInfrastructure(config, logger);
    if (!infrastructure.storage) throw new Error('object storage was not started');
    app = await buildApp(
      {
        ...config,
        databaseUrl: infrastructure.databaseUrl,
        storage: infrastructure.storage,
        jwtSecret: await resolveJwtSecret(config, logger),
      },
      { logger },
    );
  } catch (error) {
    logger.fatal({ err: error }, 'Pelita could not start');
    await infrastructure?.stop().catch(() => undefined);
    process.exit(1);
  }
  logger.info(
    {
      url: app.url,
      database: infrastructure.description.database,
      storage: infrastructure.description.storage,
      startupMs: Math.round(performance.now() - startedAt),
    },
    `Pelita is ready at ${app.url}`,
  );
  // Only on an embedded database: a configured one belongs to a real deployment.
  if (config.demo && !config.databaseUrl) {
    await seedDemoOnFirstStart(app.services.orm.em.fork(), {
      dataDir: config.dataDir,
      graphqlUrl: app.url,
      logger,
      print: (text) => process.stdout.write(text),
    });
  }
}

void main();
