import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { COURSE_MANIFEST, SEMINAR_MANIFEST } from '../content/load-content';
import { publishContent } from '../content/publish';
import * as Q from '../content/queries';
import { RemoteApi } from '../content/remote';
import { type DemoAccount, upsertDemoAccounts } from './demo-accounts';
import { DEMO_API_KEY_NAME, DEMO_ORGANIZATIONS } from './demo-people';

/** The sample catalogue shipped with Pelita (dist/src/demo → the repository's content/). */
export const SAMPLE_CONTENT_DIR = path.resolve(__dirname, '../../../content');

export interface DemoCredentials {
  graphqlUrl: string;
  admin: DemoAccount;
  people: DemoAccount[];
  partnerApiKey: { organization: string; secret: string };
  courseCodes: string[];
  seminarRefs: string[];
}

/** Item folders of a content root, split by what their manifest says they are. */
export function sampleFolders(contentDir: string): { courses: string[]; seminars: string[] } {
  const folders = readdirSync(contentDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(contentDir, entry.name))
    .sort();
  return {
    courses: folders.filter((folder) => existsSync(path.join(folder, COURSE_MANIFEST))),
    seminars: folders.filter((folder) => existsSync(path.join(folder, SEMINAR_MANIFEST))),
  };
}

/**
 * Fills an empty Pelita with the Sibolga demo: people for every role, the sample courses written
 * by the widyaiswara and approved by the administrator, and the university's seminar published
 * with its API key. Everything but the accounts goes through the public GraphQL API, as a real
 * deployment's first week would; every step is an upsert, so running it again is harmless.
 */
export async function seedDemo(
  em: EntityManager,
  options: { graphqlUrl: string; contentDir?: string; logger: Logger },
): Promise<DemoCredentials> {
  const contentDir = options.contentDir ?? SAMPLE_CONTENT_DIR;
  const { courses, seminars } = sampleFolders(contentDir);
  const { admin, people, organizationIds } = await upsertDemoAccounts(em);
  const asAdmin = new RemoteApi(options.graphqlUrl, { email: admin.email, password: admin.password });
  await asAdmin.connect();

  const universityName = DEMO_ORGANIZATIONS.find((organization) => organization.key === 'university')?.name as string;
  const { createApiKey } = await asAdmin.mutate<{ createApiKey: { secret: string } }>(
    'mutation ($organizationId: ID!, $name: String!) { createApiKey(organizationId: $organizationId, name: $name) { secret } }',
    { organizationId: organizationIds.get('university'), name: DEMO_API_KEY_NAME },
    'createApiKey',
  );
  const apiKey = createApiKey.secret;

  const author = people.find((person) => person.roles.includes('INSTRUCTOR')) as DemoAccount;
  const output = (line: string) => options.logger.info({ component: 'demo' }, line);
  const courseRun = await publishContent({ folders: courses, endpoint: options.graphqlUrl, auth: { email: author.email, password: author.password }, output, progress: false });
  const seminarRun = await publishContent({ folders: seminars, endpoint: options.graphqlUrl, auth: { apiKey }, output, progress: false });

  // BKPSDM approves what its widyaiswara submitted.
  const courseCodes = courseRun.items.map((item) => item.key);
  for (const code of courseCodes) await approveCourse(asAdmin, code);

  return {
    graphqlUrl: options.graphqlUrl,
    admin,
    people,
    partnerApiKey: { organization: universityName, secret: apiKey },
    courseCodes,
    seminarRefs: seminarRun.items.map((item) => item.key),
  };
}

/** Publishes a course waiting for review; one already published is left as it is. */
async function approveCourse(asAdmin: RemoteApi, code: string): Promise<void> {
  const { course } = await asAdmin.query<{ course: { id: string; status: string } | null }>('query ($code: String) { course(code: $code) { id status } }', { code }, `course ${code}`);
  if (!course) throw new Error(`demo seeding: course ${code} was not published`);
  if (course.status === 'DRAFT') await asAdmin.mutate(Q.SUBMIT_COURSE, { id: course.id }, `submit ${code}`);
  if (course.status !== 'PUBLISHED') await asAdmin.mutate(Q.PUBLISH_COURSE, { id: course.id }, `publish ${code}`);
}

/** The one place the demo's secrets are shown: on the console of the first start, not in logs. */
export function formatDemoCredentials(credentials: DemoCredentials): string {
  const accounts = [credentials.admin, ...credentials.people];
  const width = (values: string[]) => Math.max(...values.map((value) => value.length));
  const labelWidth = width(accounts.map((account) => account.label));
  const emailWidth = width(accounts.map((account) => account.email));
  const lines = [
    '',
    '================ Pelita demo (DEMO=false turns it off) ================',
    `Sample catalogue: ${credentials.courseCodes.length} courses (${credentials.courseCodes.join(', ')}) and ${credentials.seminarRefs.length} seminar.`,
    'These passwords are shown only this once; delete DATA_DIR to start over with new ones.',
    '',
    ...accounts.map((account) => `  ${account.label.padEnd(labelWidth)}  ${account.email.padEnd(emailWidth)}  ${account.password}`),
    '',
    `  API key of ${credentials.partnerApiKey.organization}: ${credentials.partnerApiKey.secret}`,
    `  GraphQL endpoint: ${credentials.graphqlUrl}`,
    // The web app is served by the same server at / (when it was built: `npm start` builds it).
    `  Web app (log in as a learner): ${new URL('/', credentials.graphqlUrl).toString()}`,
    '=======================================================================',
    '',
  ];
  return lines.join('\n');
}
