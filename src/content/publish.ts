import { displayPath, ContentError, PublishError } from './errors';
import { loadContent } from './load-content';
import type { ContentItem } from './model';
import type { ItemPlan, Publisher, RunContext } from './plan';
import { planCourse } from './plan-course';
import { planSeminar } from './plan-seminar';
import { formatBytes, UploadProgress } from './progress';
import { type Auth, RemoteApi } from './remote';
import { agencyIds, remoteCourse, remoteSeminar, resolveOrganization, viewerOf } from './remote-state';

export interface PublishOptions {
  folders: string[];
  endpoint: string;
  auth: Auth;
  dryRun?: boolean;
  /** Name or id; admins must give it, others publish for their own organization. */
  organization?: string;
  output?: (line: string) => void;
  /**
   * true: a progress bar on stderr; false: a line per uploaded file through `output`; left out
   * (the CLI): a bar when stderr is a terminal, else a line per file on stderr.
   */
  progress?: boolean;
}

export interface PublishSummary {
  items: { folder: string; kind: 'course' | 'seminar'; key: string; outcome: 'created' | 'updated' | 'unchanged'; actions: string[] }[];
  mutations: number;
  uploadedFiles: number;
  uploadedBytes: number;
  skippedFiles: number;
}

/**
 * Publishes content folders through the public GraphQL API: checks every file first (a
 * ContentError lists all problems, nothing is sent), reads what the server has, plans every
 * item (a PublishError lists all problems, nothing is changed), prints the plan, then applies
 * it unless dryRun. Everything is compared with the server's state, so running it again after
 * an interruption finishes the work and a run without changes sends no mutation.
 */
export async function publishContent(options: PublishOptions): Promise<PublishSummary> {
  const output = options.output ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { items, errors } = await loadContent(options.folders);
  if (errors.length) throw new ContentError(errors);

  const api = new RemoteApi(options.endpoint, options.auth);
  await api.connect();
  const publisher = await whoPublishes(api, options.organization, items);
  const plans = await planAll(api, publisher, items);

  output(`Plan (${options.dryRun ? 'dry run, nothing is changed' : 'applying'}):`);
  for (const plan of plans) {
    output(`  ${plan.item.kind} ${plan.key} (${displayPath(plan.item.folder)}): ${plan.outcome === 'created' ? 'create' : plan.outcome === 'updated' ? 'update' : 'unchanged'}`);
    for (const step of plan.steps) output(`    - ${step.label}`);
  }
  const summary: PublishSummary = {
    items: plans.map((plan) => ({
      folder: plan.item.folder,
      kind: plan.item.kind,
      key: plan.key,
      outcome: plan.outcome,
      actions: plan.steps.map((step) => step.label),
    })),
    mutations: 0,
    uploadedFiles: 0,
    uploadedBytes: 0,
    skippedFiles: plans.reduce((sum, plan) => sum + plan.skippedFiles, 0),
  };
  if (options.dryRun) {
    output(`Dry run: ${plans.filter((plan) => plan.steps.length).length} of ${plans.length} item(s) would change; ${summary.skippedFiles} file(s) unchanged.`);
    return summary;
  }

  const total = plans.flatMap((plan) => plan.steps).reduce((sum, step) => sum + (step.upload?.size ?? 0), 0);
  const tty = options.progress ?? Boolean(process.stderr.isTTY);
  const write = options.progress === false ? (text: string) => output(text.trimEnd()) : (text: string) => void process.stderr.write(text);
  const run: RunContext = { api, progress: new UploadProgress(total, tty, write), stats: { uploadedFiles: 0, uploadedBytes: 0 } };
  try {
    for (const plan of plans) for (const step of plan.steps) await step.run(run);
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    const sent = `${api.mutations} mutation(s) were sent before this; publishing again compares with the server and finishes the work.`;
    throw new PublishError(`${error.message}\n${sent}`, error.code, error.fields);
  } finally {
    run.progress.end();
    summary.mutations = api.mutations;
    summary.uploadedFiles = run.stats.uploadedFiles;
    summary.uploadedBytes = run.stats.uploadedBytes;
  }
  const count = (outcome: string) => plans.filter((plan) => plan.outcome === outcome).length;
  output(
    `Done: ${plans.length} item(s) (${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged); ` +
      `${summary.mutations} mutation(s), ${summary.uploadedFiles} file(s) uploaded (${formatBytes(summary.uploadedBytes)}), ${summary.skippedFiles} file(s) skipped as unchanged.`,
  );
  return summary;
}

async function whoPublishes(api: RemoteApi, organization: string | undefined, items: ContentItem[]): Promise<Publisher> {
  const viewer = await viewerOf(api);
  if (viewer.kind === 'ANONYMOUS') throw new PublishError('not signed in: give --api-key, or --email and --password');
  const admin = viewer.roles.includes('ADMIN');
  const problems: string[] = [];
  if (!admin) {
    if (items.some((item) => item.kind === 'course') && !viewer.roles.some((role) => role === 'INSTRUCTOR' || role === 'PARTNER')) {
      problems.push('publishing courses needs an INSTRUCTOR or PARTNER account, an API key or an admin');
    }
    if (items.some((item) => item.kind === 'seminar') && !viewer.roles.includes('PARTNER')) {
      problems.push('publishing seminars needs a PARTNER account or API key, or an admin');
    }
  }
  if (problems.length) throw new PublishError(problems.join('\n'), 'FORBIDDEN');
  if (admin) {
    if (!organization) throw new PublishError('an admin publishes for an organization: give --organization <name or id> (the courses\' owner and the seminars\' organizer)');
    return { admin, organizationId: (await resolveOrganization(api, organization)).id };
  }
  const own = viewer.organization;
  if (!own) throw new PublishError('the caller belongs to no organization');
  if (organization && organization.trim() !== own.id && organization.trim().toLowerCase() !== own.name.toLowerCase()) {
    throw new PublishError(`--organization "${organization}": you publish for your own organization (${own.name}) only`, 'FORBIDDEN');
  }
  return { admin, organizationId: own.id };
}

/** Reads the server's state of every item and plans them all, so a problem anywhere stops the run before any change. */
async function planAll(api: RemoteApi, publisher: Publisher, items: ContentItem[]): Promise<ItemPlan[]> {
  const names = [...new Set(items.flatMap((item) => (item.kind === 'seminar' ? item.audienceOrganizations : [])))];
  const agencies = await agencyIds(api, names);
  const problems: string[] = [];
  const plans: ItemPlan[] = [];
  for (const item of items) {
    let result: { plan?: ItemPlan; problems: string[] };
    if (item.kind === 'course') {
      result = planCourse(item, await remoteCourse(api, item.code, publisher.organizationId), publisher);
    } else {
      const unknown = item.audienceOrganizations.flatMap((name, index) => {
        if (agencies.ids.has(name)) return [];
        const why = agencies.unknown.find((message) => message.includes(`"${name}"`)) ?? `no AGENCY organization is named "${name}"`;
        return [`${item.audienceLocations[index]}: ${why}`];
      });
      if (unknown.length) {
        problems.push(...unknown);
        continue;
      }
      const audience = item.audienceOrganizations.map((name) => agencies.ids.get(name) as string);
      result = planSeminar(item, await remoteSeminar(api, publisher.organizationId, item.externalRef), publisher, audience);
    }
    problems.push(...result.problems);
    if (result.plan) plans.push(result.plan);
  }
  if (problems.length) throw new PublishError(`Nothing was changed:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  return plans;
}
