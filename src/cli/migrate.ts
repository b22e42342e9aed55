import 'reflect-metadata';
import { loadConfig } from '../config';
import { migrateWithLock } from '../db/migrate';
import { createPelitaOrm } from '../app-modules';
import { startInfrastructure } from '../infrastructure';
import { createLogger } from '../logger';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const infra = await startInfrastructure(config, logger, { storage: false });
  try {
    const orm = await createPelitaOrm(infra.databaseUrl, logger);
    try {
      const applied = await migrateWithLock(orm);
      logger.info({ migrations: applied }, applied.length ? 'applied migrations' : 'database is up to date');
    } finally {
      await orm.close();
    }
  } finally {
    await infra.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
