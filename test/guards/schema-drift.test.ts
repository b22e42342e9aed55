import { readFile } from 'node:fs/promises';
import { emittedSchema, SCHEMA_FILE } from '../../src/cli/schema-emit';

describe('schema/schema.graphql', () => {
  it('matches the schema the resolvers build (run `npm run schema:emit` and commit it)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(committed).toBe(await emittedSchema());
  });
});
