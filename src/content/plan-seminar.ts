import type { SeminarItem } from './model';
import { Ids, type ItemPlan, type Publisher, type Step, uploadFile } from './plan';
import * as Q from './queries';

export interface RemoteSeminar {
  id: string;
  externalRef: string;
  title: string;
  abstract: string;
  kind: string;
  scope: string;
  jpOverride: number | null;
  capacity: number;
  waitlistLimit: number | null;
  registrationClosesAt: string;
  status: string;
  venue: string | null;
  onlineUrl: string | null;
  speakers: { name: string; affiliation: string | null; bio: string | null }[];
  sessions: { externalRef: string | null; title: string | null; startsAt: string; endsAt: string; timeZone: string; venue: string | null; onlineUrl: string | null }[];
  audience: { organizations: { id: string; name: string }[]; positions: string[] };
  materials: { id: string; title: string; kind: string; sha256: string }[];
}

const instant = (value: string) => new Date(value).getTime();
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The steps that make the server's seminar what seminar.yaml says: publishSeminar (an upsert by
 * organizer and externalRef) only when a field differs, compared as the API stores it (dates as
 * instants, defaults filled in); files matched by title and kind, skipped when the SHA-256 is
 * the same, else uploaded and the old one removed; files no longer listed removed.
 */
export function planSeminar(
  item: SeminarItem,
  remote: RemoteSeminar | null,
  publisher: Publisher,
  audienceIds: string[],
): { plan?: ItemPlan; problems: string[] } {
  const key = item.externalRef;
  if (remote?.status === 'CANCELLED') {
    return { problems: [`seminar ${key} (${item.manifest}): the seminar was cancelled; publish it under a new externalRef`] };
  }
  const ids = new Ids();
  if (remote) ids.set('seminar', remote.id);
  const steps: Step[] = [];
  const differing = remote ? differences(item, remote, audienceIds) : [];
  if (!remote || differing.length) {
    const input = seminarInput(item, publisher, audienceIds);
    const label = remote ? `publish seminar (changed: ${differing.join(', ')})` : `publish seminar "${item.title}"`;
    steps.push({
      label,
      run: async (run) => {
        const data = await run.api.mutate<{ publishSeminar: { id: string } }>(Q.PUBLISH_SEMINAR, { input }, `${key}: ${label}`);
        ids.set('seminar', data.publishSeminar.id);
      },
    });
  }
  let skippedFiles = 0;
  const unmatched = [...(remote?.materials ?? [])];
  const removals: Step[] = [];
  for (const material of item.materials) {
    const index = unmatched.findIndex((candidate) => candidate.title === material.title && candidate.kind === material.kind);
    const found = index >= 0 ? unmatched.splice(index, 1)[0] : undefined;
    if (found?.sha256 === material.file.sha256) {
      skippedFiles += 1;
      continue;
    }
    const label = `upload ${material.file.relativePath} as ${material.kind} "${material.title}"`;
    steps.push({
      label,
      upload: material.file,
      run: (run) =>
        uploadFile(run, material.file, `${key}: ${label}`, { mutation: Q.REQUEST_SEMINAR_UPLOAD, variables: { id: ids.get('seminar'), kind: material.kind } }, {
          mutation: Q.COMPLETE_SEMINAR_UPLOAD,
          variables: (uploadId) => ({ id: ids.get('seminar'), kind: material.kind, uploadId, title: material.title }),
        }),
    });
    // The old file goes once the new one is in, so learners always find one.
    if (found) removals.push(removal(key, found, 'replaced'));
  }
  for (const material of unmatched) removals.push(removal(key, material, 'no longer listed'));
  steps.push(...removals);
  const outcome = !remote ? 'created' : steps.length ? 'updated' : 'unchanged';
  return { plan: { item, key, outcome, steps, skippedFiles }, problems: [] };
}

function removal(key: string, material: { id: string; title: string; kind: string }, why: string): Step {
  const label = `remove seminar file ${material.kind} "${material.title}" (${why})`;
  return { label, run: async (run) => void (await run.api.mutate(Q.REMOVE_SEMINAR_MATERIAL, { id: material.id }, `${key}: ${label}`)) };
}

function seminarInput(item: SeminarItem, publisher: Publisher, audienceIds: string[]) {
  return {
    externalRef: item.externalRef,
    organizerId: publisher.admin ? publisher.organizationId : undefined,
    title: item.title,
    abstract: item.abstract,
    kind: item.seminarKind,
    scope: item.scope,
    jpOverride: item.jpOverride,
    capacity: item.capacity,
    waitlistLimit: item.waitlistLimit,
    registrationClosesAt: item.registrationClosesAt,
    status: item.status,
    venue: item.venue,
    onlineUrl: item.onlineUrl,
    speakers: item.speakers,
    sessions: item.sessions,
    audience: { organizationIds: audienceIds, positions: item.audiencePositions },
  };
}

/** Names of the fields whose stored value differs from the manifest's. */
function differences(item: SeminarItem, remote: RemoteSeminar, audienceIds: string[]): string[] {
  const firstStart = Math.min(...item.sessions.map((session) => instant(session.startsAt)));
  const closes = item.registrationClosesAt ? instant(item.registrationClosesAt) : firstStart;
  const sessionsMatch =
    item.sessions.length === remote.sessions.length &&
    item.sessions.every((session, index) => {
      const other = remote.sessions[index];
      return (
        session.externalRef === other.externalRef &&
        session.title === other.title &&
        instant(session.startsAt) === instant(other.startsAt) &&
        instant(session.endsAt) === instant(other.endsAt) &&
        session.timeZone === other.timeZone &&
        session.venue === other.venue &&
        session.onlineUrl === other.onlineUrl
      );
    });
  const checks: [string, boolean][] = [
    ['title', item.title === remote.title],
    ['abstract', item.abstract === remote.abstract],
    ['kind', item.seminarKind === remote.kind],
    ['scope', item.scope === remote.scope],
    ['jpOverride', item.jpOverride === remote.jpOverride],
    ['capacity', item.capacity === remote.capacity],
    ['waitlistLimit', item.waitlistLimit === remote.waitlistLimit],
    ['registrationClosesAt', closes === instant(remote.registrationClosesAt)],
    ['status', item.status === remote.status],
    ['venue', item.venue === remote.venue],
    ['onlineUrl', item.onlineUrl === remote.onlineUrl],
    ['speakers', sameJson(item.speakers, remote.speakers.map(({ name, affiliation, bio }) => ({ name, affiliation, bio })))],
    ['sessions', sessionsMatch],
    ['audience.organizations', sameJson([...new Set(audienceIds)].sort(), remote.audience.organizations.map((organization) => organization.id).sort())],
    ['audience.positions', sameJson(item.audiencePositions, remote.audience.positions)],
  ];
  return checks.filter(([, same]) => !same).map(([name]) => name);
}
