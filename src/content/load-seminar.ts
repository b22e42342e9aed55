import { SeminarMaterialKind } from '../modules/seminar/seminar-material.entity';
import { canonicalTimeZone, DEFAULT_TIME_ZONE, LIMITS, seminarMaterialNames, seminarMaterialRules } from '../modules/seminar/seminar.rules';
import { formatLocated, type LocatedError } from './errors';
import { type LocalFile, localFile, markdown } from './files';
import { seminarSchema } from './manifest-schema';
import type { SeminarItem } from './model';
import { asArray, asRecord, asString } from './raw';
import type { YamlSource } from './yaml-source';
import { reportIssues } from './zod-issues';

const time = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : Number.NaN);

/** A seminar folder: the manifest's shape, then its files, its sessions' times and zones, unique titles. */
export async function loadSeminar(folder: string, source: YamlSource, errors: LocatedError[]): Promise<SeminarItem | undefined> {
  const before = errors.length;
  const parsed = seminarSchema.safeParse(source.value);
  if (!parsed.success) reportIssues(source, parsed.error, errors);
  const raw = asRecord(source.value) ?? {};

  const abstractPath = asString(raw.abstract);
  const abstract = abstractPath ? await markdown(folder, source, ['abstract'], abstractPath, LIMITS.abstract, errors) : '';

  const sessions = asArray(raw.sessions).map(asRecord);
  const refs = new Set<string>();
  sessions.forEach((session, index) => {
    if (!session) return;
    const at = (field: string, message: string) => errors.push(source.error(['sessions', index, field], message));
    const startsAt = time(session.startsAt);
    const endsAt = time(session.endsAt);
    if (endsAt <= startsAt) at('endsAt', 'must be after startsAt');
    else if (endsAt - startsAt > LIMITS.sessionHours * 3600_000) at('endsAt', `a session lasts at most ${LIMITS.sessionHours} hours (one session per day)`);
    const zone = asString(session.timeZone);
    if (zone && !canonicalTimeZone(zone)) at('timeZone', `"${zone}" is not an IANA time zone (e.g. Asia/Jakarta)`);
    const ref = asString(session.externalRef);
    if (ref && refs.has(ref)) at('externalRef', `another session has externalRef "${ref}"`);
    if (ref) refs.add(ref);
    if (!asString(session.venue) && !asString(session.onlineUrl) && !asString(raw.venue) && !asString(raw.onlineUrl)) {
      at('venue', 'give a venue or an online link, for the seminar or for this session');
    }
  });
  const firstSession = sessions
    .filter((session) => session && !Number.isNaN(time(session.startsAt)))
    .sort((a, b) => time(a?.startsAt) - time(b?.startsAt))[0];
  const closes = time(raw.registrationClosesAt);
  if (firstSession && !Number.isNaN(closes) && closes >= time(firstSession.endsAt)) {
    errors.push(source.error(['registrationClosesAt'], 'registration must close before the first session ends'));
  }

  const files = new Map<number, LocalFile>();
  const titles = new Set<string>();
  for (const [index, value] of asArray(raw.materials).entries()) {
    const material = asRecord(value);
    const title = asString(material?.title);
    if (title && titles.has(title)) errors.push(source.error(['materials', index, 'title'], `another material is titled "${title}"`));
    if (title) titles.add(title);
    const relative = asString(material?.file);
    const kind = material?.kind as SeminarMaterialKind;
    if (!relative || !Object.values(SeminarMaterialKind).includes(kind)) continue;
    const file = await localFile(folder, source, ['materials', index, 'file'], relative, seminarMaterialRules(kind), seminarMaterialNames(kind), errors);
    if (file) files.set(index, file);
  }

  if (!parsed.success || errors.length > before) return undefined;
  const seminar = parsed.data;
  const orNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  return {
    kind: 'seminar',
    folder,
    manifest: source.file,
    externalRef: seminar.externalRef,
    title: seminar.title,
    abstract: abstract ?? '',
    seminarKind: seminar.kind ?? 'SEMINAR',
    scope: seminar.scope ?? 'NATIONAL',
    jpOverride: seminar.jpOverride ?? null,
    capacity: seminar.capacity,
    waitlistLimit: seminar.waitlistLimit ?? null,
    registrationClosesAt: seminar.registrationClosesAt ?? null,
    status: seminar.status ?? 'PUBLISHED',
    venue: orNull(seminar.venue),
    onlineUrl: orNull(seminar.onlineUrl),
    speakers: (seminar.speakers ?? []).map((speaker) => ({ name: speaker.name, affiliation: orNull(speaker.affiliation), bio: orNull(speaker.bio) })),
    sessions: seminar.sessions.map((session) => ({
      externalRef: orNull(session.externalRef),
      title: orNull(session.title),
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      timeZone: canonicalTimeZone(session.timeZone ?? DEFAULT_TIME_ZONE) ?? DEFAULT_TIME_ZONE,
      venue: orNull(session.venue),
      onlineUrl: orNull(session.onlineUrl),
    })),
    audienceOrganizations: seminar.audience?.organizations ?? [],
    audienceLocations: (seminar.audience?.organizations ?? []).map((_, index) =>
      formatLocated(source.error(['audience', 'organizations', index], '')).replace(/: $/, ''),
    ),
    audiencePositions: [...new Set(seminar.audience?.positions ?? [])],
    materials: (seminar.materials ?? []).map((material, index) => ({ title: material.title, kind: material.kind, file: files.get(index) as LocalFile })),
  };
}
