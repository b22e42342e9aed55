import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printSchema } from 'graphql';
import { buildPelitaSchema } from '../schema';
import { resolvers } from '../app-modules';

export const SCHEMA_FILE = path.resolve(__dirname, '../../../schema/schema.graphql');
const HEADER = '# Emitted by `npm run schema:emit` from the type-graphql resolvers. Do not edit; a test fails on drift.\n\n';

export async function emittedSchema(): Promise<string> {
  return `${HEADER}${printSchema(await buildPelitaSchema(resolvers))}\n`;
}

async function main() {
  const schema = await emittedSchema();
  const current = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  if (current === schema) {
    console.log('schema/schema.graphql is up to date');
    return;
  }
  await writeFile(SCHEMA_FILE, schema);
  console.log('wrote schema/schema.graphql');
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
