import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { startInfrastructure } from '../infrastructure';
import { createLogger } from '../logger';
import { createPelitaOrm } from '../app-modules';
import { migrateWithLock } from '../db/migrate';

/**
 * `npm run migration:create -- <name>`: applies the existing migrations to the configured (or
 * embedded) database, writes a migration for whatever the entities add, and lists it in
 * migrations/index.ts.
 */
async function main() {
  const name = process.argv[2];
  // The name becomes part of a class name: snake_case keeps it a valid identifier.
  if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new Error('usage: npm run migration:create -- <snake_case_name>');
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const infra = await startInfrastructure(config, logger, { storage: false });
  const orm = await createPelitaOrm(infra.databaseUrl, logger);
  try {
    await migrateWithLock(orm);
    const migrationsDir = path.resolve(__dirname, '../../../migrations');
    const result = await orm.getMigrator().createMigration(migrationsDir, false, false, name);
    if (!result.diff.up.length) {
      console.log('Entities and migrations agree: nothing to create.');
      return;
    }
    await writeIndex(migrationsDir);
    console.log(`Created migrations/${result.fileName}`);
  } finally {
    await orm.close();
    await infra.stop();
  }
}

async function writeIndex(migrationsDir: string) {
  const files = (await readdir(migrationsDir)).filter((f) => /^Migration\d+.*\.ts$/.test(f)).sort();
  // The ORM names each migration class after its file.
  const names = files.map((file) => file.replace(/\.ts$/, ''));
  const source = `import type { MigrationObject } from '@mikro-orm/core';
${names.map((name) => `import { ${name} } from './${name}';`).join('\n')}

/**
 * Every migration, in order. Listed rather than discovered so the compiled app and the tests
 * run exactly the same set; \`npm run migration:create\` rewrites this file.
 */
export const migrationsList: MigrationObject[] = [
${names.map((name) => `  { name: '${name}', class: ${name} },`).join('\n')}
];
`;
  await writeFile(path.join(migrationsDir, 'index.ts'), source);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
