import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { migrationsList } from '../../migrations';
import { pendingSchemaDiff } from '../../src/db/migrate';
import { createPelitaOrm } from '../../src/app-modules';
import { cloneDatabase } from '../support/test-app';

const MIGRATIONS_DIR = path.resolve(__dirname, '../../../migrations');

describe('migrations', () => {
  it('bring a database exactly to what the entities describe (else: npm run migration:create -- <snake_case_name>)', async () => {
    const database = await cloneDatabase();
    const orm = await createPelitaOrm(database.url);
    try {
      expect(await pendingSchemaDiff(orm)).toBe('');
    } finally {
      await orm.close();
      await database.drop();
    }
  });

  it('are all listed in migrations/index.ts, in order', async () => {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^Migration\d+.*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, ''));
    expect(migrationsList.map((m) => m.name)).toEqual(files.sort());
  });
});
