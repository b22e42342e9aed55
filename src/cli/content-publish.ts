import { parseArgs } from 'node:util';
import { ContentError, publishContent, PublishError } from '../content';
import type { Auth } from '../content/remote';

const USAGE = `Usage: npm run content:publish -- <folder>... --endpoint URL (--api-key KEY | --email EMAIL --password PASSWORD) [--dry-run] [--organization NAME_OR_ID]

  <folder>        a content root (each subfolder with course.yaml or seminar.yaml) or one item's folder
  --endpoint      the GraphQL endpoint, e.g. http://localhost:4000/graphql
  --api-key       a partner organization's API key (Authorization: ApiKey)
  --email/--password  sign in as a person (instructor, partner or admin)
  --organization  admins: the organization that owns the courses and organizes the seminars
  --dry-run       print the plan and change nothing

Exit codes: 0 done (or dry run), 1 the server refused or could not be reached, 2 bad usage, 3 the content has errors.`;

/** `npm run content:publish`: see content/README.md. Output on stdout, progress and errors on stderr. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        endpoint: { type: 'string' },
        'api-key': { type: 'string' },
        email: { type: 'string' },
        password: { type: 'string' },
        organization: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const auth: Auth | undefined = values['api-key']
    ? { apiKey: values['api-key'] }
    : values.email && values.password
      ? { email: values.email, password: values.password }
      : undefined;
  const usage = [
    !positionals.length && 'give at least one content folder',
    !values.endpoint && 'give --endpoint',
    !auth && 'give --api-key, or --email and --password',
    values['api-key'] && (values.email || values.password) && 'give either --api-key or --email/--password, not both',
  ].filter(Boolean);
  if (usage.length || !values.endpoint || !auth) {
    console.error(`${usage.join('; ')}\n\n${USAGE}`);
    return 2;
  }
  try {
    await publishContent({ folders: positionals, endpoint: values.endpoint, auth, dryRun: values['dry-run'], organization: values.organization });
    return 0;
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(`${error.message}\nNothing was sent to the server.`);
      return 3;
    }
    if (error instanceof PublishError) {
      console.error(`Publishing failed: ${error.message}`);
      return 1;
    }
    console.error(`Publishing failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
