import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { formatDemoCredentials, seedDemo } from './demo-seed';

/**
 * Nothing a newcomer could lose: no course, no seminar and nobody but administrators. A database
 * someone has started to use is never touched.
 */
async function isEmpty(em: EntityManager): Promise<boolean> {
  // raw SQL: three EXISTS probes in one round trip, across tables of different modules
  const [row] = await em.getConnection().execute<{ used: boolean }[]>(
    `select exists (select 1 from courses) or exists (select 1 from seminars)
         or exists (select 1 from users where not ('ADMIN' = any (roles))) as used`,
  );
  return !row.used;
}

/**
 * The demo on the first start of an embedded database. A marker in DATA_DIR survives an
 * interrupted seeding, so the next start finishes it (every step is an upsert) and prints
 * fresh credentials.
 */
export async function seedDemoOnFirstStart(
  em: EntityManager,
  options: { dataDir: string; graphqlUrl: string; logger: Logger; print: (text: string) => void },
): Promise<void> {
  const marker = path.join(options.dataDir, 'demo.pending');
  if (!existsSync(marker) && !(await isEmpty(em))) {
    options.logger.info('demo skipped: the database already holds data');
    return;
  }
  await writeFile(marker, 'The demo seeding started and has not finished; the next start runs it again.\n');
  const startedAt = performance.now();
  try {
    const credentials = await seedDemo(em, { graphqlUrl: options.graphqlUrl, logger: options.logger });
    await rm(marker, { force: true });
    options.print(formatDemoCredentials(credentials));
    options.logger.info(
      { courses: credentials.courseCodes.length, seminars: credentials.seminarRefs.length, accounts: credentials.people.length + 1, ms: Math.round(performance.now() - startedAt) },
      'demo data ready (DEMO=false turns it off)',
    );
  } catch (error) {
    options.logger.error({ err: error }, 'demo seeding failed; the next start tries again (DEMO=false turns it off)');
  }
}
