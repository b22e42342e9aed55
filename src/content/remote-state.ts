import { PublishError } from './errors';
import type { RemoteCourse } from './plan-course';
import type { RemoteSeminar } from './plan-seminar';
import * as Q from './queries';
import type { RemoteApi } from './remote';

export interface Viewer {
  kind: 'ANONYMOUS' | 'USER' | 'API_KEY';
  roles: string[];
  user: { id: string } | null;
  organization: { id: string; name: string } | null;
}

interface Organization {
  id: string;
  name: string;
  kind: string;
}

export async function viewerOf(api: RemoteApi): Promise<Viewer> {
  return (await api.query<{ viewer: Viewer }>(Q.VIEWER, {}, 'viewer')).viewer;
}

/** Every organization (of a kind), page by page. */
export async function allOrganizations(api: RemoteApi, kind?: string): Promise<Organization[]> {
  const found: Organization[] = [];
  let after: string | null = null;
  do {
    type Page = { organizations: { edges: { node: Organization }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const page: Page = await api.query<Page>(Q.ORGANIZATIONS, { kind, after }, 'organizations');
    found.push(...page.organizations.edges.map((edge) => edge.node));
    after = page.organizations.pageInfo.hasNextPage ? page.organizations.pageInfo.endCursor : null;
  } while (after);
  return found;
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('id') === b.trim().toLocaleLowerCase('id');

/** --organization: an id, or a name (case-insensitive); ambiguous and unknown names are errors. */
export async function resolveOrganization(api: RemoteApi, given: string): Promise<Organization> {
  const organizations = await allOrganizations(api);
  const byId = organizations.find((organization) => organization.id === given.trim());
  if (byId) return byId;
  const named = organizations.filter((organization) => sameName(organization.name, given));
  if (named.length === 1) return named[0];
  if (named.length > 1) throw new PublishError(`--organization "${given}": ${named.length} organizations have this name; give its id`);
  throw new PublishError(`--organization "${given}": no organization with this name or id`);
}

/** Agency names of seminar audiences → ids; unknown names are listed as problems. */
export async function agencyIds(api: RemoteApi, names: string[]): Promise<{ ids: Map<string, string>; unknown: string[] }> {
  const ids = new Map<string, string>();
  if (!names.length) return { ids, unknown: [] };
  const agencies = await allOrganizations(api, 'AGENCY');
  const unknown: string[] = [];
  for (const name of names) {
    const found = agencies.filter((agency) => sameName(agency.name, name));
    if (found.length === 1) ids.set(name, found[0].id);
    else unknown.push(found.length ? `"${name}" names ${found.length} agencies` : `no AGENCY organization is named "${name}"`);
  }
  return { ids, unknown };
}

/**
 * The course with this code as its authors see it. Its owner is asked first: another
 * organization's published course is visible, but its answer keys are not (FORBIDDEN), and the
 * plan only needs to know whose it is.
 */
export async function remoteCourse(api: RemoteApi, code: string, organizationId: string): Promise<RemoteCourse | null> {
  type Owner = { id: string; organization: { id: string; name: string } };
  const owner = (await api.query<{ course: Owner | null }>(Q.COURSE_OWNER, { code }, `course ${code}`)).course;
  if (!owner) return null;
  if (owner.organization.id !== organizationId) return { ...owner, modules: [] } as unknown as RemoteCourse;
  return (await api.query<{ course: RemoteCourse | null }>(Q.COURSE, { code }, `course ${code}`)).course;
}

export async function remoteSeminar(api: RemoteApi, organizerId: string, externalRef: string): Promise<RemoteSeminar | null> {
  const data = await api.query<{ seminars: { edges: { node: RemoteSeminar }[] } }>(Q.SEMINAR, { organizerId, externalRef }, `seminar ${externalRef}`);
  return data.seminars.edges.find((edge) => edge.node.externalRef === externalRef)?.node ?? null;
}
