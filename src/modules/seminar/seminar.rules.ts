import type { FieldProblem } from '../../errors';
import { canonicalTimeZone } from '../../time-zone';
import { MaterialKind } from '../material/material.entity';
import type { FileRules } from '../files/upload.rules';
import { fileRulesFor } from '../material/material-file.rules';
import { SeminarMaterialKind } from './seminar-material.entity';
import { SeminarKind, SeminarScope, SeminarStatus } from './seminar.entity';

/** Pure rules of seminars: the LAN JP conversion and the checks of a published seminar. */

/** JP per seminar day (LAN conversion): a seminar day is 4 JP nationally, 6 internationally; a workshop day 5 / 7. */
export const JP_PER_DAY: Record<SeminarKind, Record<SeminarScope, number>> = {
  [SeminarKind.SEMINAR]: { [SeminarScope.NATIONAL]: 4, [SeminarScope.INTERNATIONAL]: 6 },
  [SeminarKind.WORKSHOP]: { [SeminarScope.NATIONAL]: 5, [SeminarScope.INTERNATIONAL]: 7 },
};

const KIND_NAMES: Record<SeminarKind, string> = { [SeminarKind.SEMINAR]: 'seminar', [SeminarKind.WORKSHOP]: 'lokakarya' };
const SCOPE_NAMES: Record<SeminarScope, string> = { [SeminarScope.NATIONAL]: 'nasional', [SeminarScope.INTERNATIONAL]: 'internasional' };

/** What each material kind accepts: the course material kinds' own rules (slides as SLIDES, papers as DOCUMENT, recordings as video or audio). */
export function seminarMaterialRules(kind: SeminarMaterialKind): FileRules {
  const of = (materialKind: MaterialKind) => fileRulesFor(materialKind) as FileRules;
  if (kind === SeminarMaterialKind.SLIDES) return of(MaterialKind.SLIDES);
  if (kind === SeminarMaterialKind.PAPER) return of(MaterialKind.DOCUMENT);
  const video = of(MaterialKind.VIDEO);
  return { contentTypes: [...video.contentTypes, ...of(MaterialKind.AUDIO).contentTypes], maxBytes: video.maxBytes };
}

/** How a seminar's file is named in the messages of its rules. */
export const seminarMaterialNames = (kind: SeminarMaterialKind) => ({ subject: `A seminar's ${kind}`, file: `A ${kind} file` });

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/**
 * Seminar days: the distinct local calendar dates on which a session starts, each in its own
 * time zone (a morning and an afternoon session on one day make one day; an evening session
 * running past midnight still counts once).
 */
export function seminarDays(sessions: readonly { startsAt: Date; timeZone: string }[]): number {
  return new Set(sessions.map((session) => localDate(session.startsAt, session.timeZone))).size;
}

export interface JpBasis {
  kind: SeminarKind;
  scope: SeminarScope;
  days: number;
  jpOverride?: number | null;
}

/** JP credited for attending: the organizer's explicit value, else days × the LAN rate. */
export function seminarJp(basis: JpBasis): number {
  if (basis.jpOverride !== undefined && basis.jpOverride !== null) return Number(basis.jpOverride);
  return basis.days * JP_PER_DAY[basis.kind][basis.scope];
}

/** How the JP came about, in Bahasa Indonesia, e.g. "2 hari × 4 JP (seminar nasional) = 8 JP". */
export function seminarJpRule(basis: JpBasis): string {
  const jp = seminarJp(basis);
  if (basis.jpOverride !== undefined && basis.jpOverride !== null) return `Ditetapkan penyelenggara: ${formatJp(jp)} JP`;
  const rate = JP_PER_DAY[basis.kind][basis.scope];
  return `${basis.days} hari × ${rate} JP (${KIND_NAMES[basis.kind]} ${SCOPE_NAMES[basis.scope]}) = ${formatJp(jp)} JP`;
}

const formatJp = (jp: number) => (Number.isInteger(jp) ? String(jp) : jp.toFixed(1));

export { canonicalTimeZone };

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

export const LIMITS = {
  externalRef: 200,
  title: 300,
  abstract: 20_000,
  place: 500,
  url: 2_000,
  capacity: 100_000,
  sessions: 60,
  speakers: 50,
  speakerName: 200,
  affiliation: 300,
  bio: 2_000,
  audienceAgencies: 200,
  positions: 50,
  position: 200,
  maxJp: 999,
  /** A session is one sitting: a multi-day seminar sends one session per day. */
  sessionHours: 24,
};

export interface SessionDraft {
  externalRef?: string | null;
  title?: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone?: string | null;
  venue?: string | null;
  onlineUrl?: string | null;
}

export interface SpeakerDraft {
  name: string;
  affiliation?: string | null;
  bio?: string | null;
}

export interface SeminarDraft {
  externalRef: string;
  title: string;
  abstract?: string | null;
  kind?: SeminarKind | null;
  scope?: SeminarScope | null;
  jpOverride?: number | null;
  capacity: number;
  waitlistLimit?: number | null;
  registrationClosesAt?: Date | null;
  status?: SeminarStatus | null;
  venue?: string | null;
  onlineUrl?: string | null;
  speakers?: SpeakerDraft[] | null;
  sessions: SessionDraft[];
  audience?: { organizationIds?: string[] | null; positions?: string[] | null } | null;
}

export interface CheckedSession {
  externalRef: string | null;
  title: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  venue: string | null;
  onlineUrl: string | null;
}

/** A seminar's values as stored, once every check passed. */
export interface CheckedSeminar {
  externalRef: string;
  title: string;
  abstract: string;
  kind: SeminarKind;
  scope: SeminarScope;
  jpOverride: number | null;
  capacity: number;
  waitlistLimit: number | null;
  registrationClosesAt: Date;
  status: SeminarStatus.DRAFT | SeminarStatus.PUBLISHED;
  venue: string | null;
  onlineUrl: string | null;
  speakers: { name: string; affiliation: string | null; bio: string | null }[];
  sessions: CheckedSession[];
  audienceOrganizationIds: string[];
  audiencePositions: string[];
  startsAt: Date;
  endsAt: Date;
  days: number;
}

/**
 * Checks a whole seminar at once so the partner sees every problem, each with its field path
 * (e.g. input.sessions[1].timeZone); answers the values to store when there is none.
 */
export function checkSeminar(input: SeminarDraft): { problems: FieldProblem[]; seminar: CheckedSeminar } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const text = (value: string | null | undefined, field: string, max: number, required = false): string | null => {
    const trimmed = value?.trim() ?? '';
    if (required && !trimmed) problem(field, 'must not be empty');
    if (trimmed.length > max) problem(field, `must be at most ${max} characters`);
    return trimmed || null;
  };
  const url = (value: string | null | undefined, field: string): string | null => {
    const trimmed = text(value, field, LIMITS.url);
    if (trimmed && !isHttpUrl(trimmed)) problem(field, 'must be an http(s) URL');
    return trimmed;
  };

  const externalRef = text(input.externalRef, 'input.externalRef', LIMITS.externalRef, true) ?? '';
  const title = text(input.title, 'input.title', LIMITS.title, true) ?? '';
  const abstract = input.abstract ?? '';
  if (abstract.length > LIMITS.abstract) problem('input.abstract', `must be at most ${LIMITS.abstract} characters`);
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > LIMITS.capacity) {
    problem('input.capacity', `must be a whole number from 1 to ${LIMITS.capacity}`);
  }
  const waitlistLimit = input.waitlistLimit ?? null;
  if (waitlistLimit !== null && (!Number.isInteger(waitlistLimit) || waitlistLimit < 0 || waitlistLimit > LIMITS.capacity)) {
    problem('input.waitlistLimit', `must be a whole number from 0 to ${LIMITS.capacity}, or null for no limit`);
  }
  const jpOverride = input.jpOverride ?? null;
  if (jpOverride !== null && (!Number.isFinite(jpOverride) || jpOverride <= 0 || jpOverride > LIMITS.maxJp || Math.round(jpOverride * 10) !== jpOverride * 10)) {
    problem('input.jpOverride', `must be more than 0 and at most ${LIMITS.maxJp}, with at most one decimal, or null for the LAN rule`);
  }
  const status = input.status ?? SeminarStatus.PUBLISHED;
  if (status === SeminarStatus.CANCELLED) problem('input.status', 'Publish as DRAFT or PUBLISHED; cancelSeminar cancels');
  const venue = text(input.venue, 'input.venue', LIMITS.place);
  const onlineUrl = url(input.onlineUrl, 'input.onlineUrl');

  const speakers = (input.speakers ?? []).map((speaker, index) => ({
    name: text(speaker.name, `input.speakers[${index}].name`, LIMITS.speakerName, true) ?? '',
    affiliation: text(speaker.affiliation, `input.speakers[${index}].affiliation`, LIMITS.affiliation),
    bio: text(speaker.bio, `input.speakers[${index}].bio`, LIMITS.bio),
  }));
  if (speakers.length > LIMITS.speakers) problem('input.speakers', `at most ${LIMITS.speakers} speakers`);

  if (input.sessions.length < 1 || input.sessions.length > LIMITS.sessions) {
    problem('input.sessions', `A seminar has 1 to ${LIMITS.sessions} sessions`);
  }
  const refs = new Set<string>();
  const sessions = input.sessions.map((session, index): CheckedSession => {
    const path = `input.sessions[${index}]`;
    const ref = text(session.externalRef, `${path}.externalRef`, LIMITS.externalRef);
    if (ref && refs.has(ref)) problem(`${path}.externalRef`, 'Two sessions have this externalRef');
    if (ref) refs.add(ref);
    const zone = canonicalTimeZone(session.timeZone?.trim() || DEFAULT_TIME_ZONE);
    if (!zone) problem(`${path}.timeZone`, 'Not an IANA time zone (e.g. Asia/Jakarta)');
    const length = session.endsAt.getTime() - session.startsAt.getTime();
    if (length <= 0) problem(`${path}.endsAt`, 'A session must end after it starts');
    else if (length > LIMITS.sessionHours * 3600_000) {
      problem(`${path}.endsAt`, `A session lasts at most ${LIMITS.sessionHours} hours; send one session per day`);
    }
    const checked = {
      externalRef: ref,
      title: text(session.title, `${path}.title`, LIMITS.title),
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      timeZone: zone ?? DEFAULT_TIME_ZONE,
      venue: text(session.venue, `${path}.venue`, LIMITS.place),
      onlineUrl: url(session.onlineUrl, `${path}.onlineUrl`),
    };
    if (!checked.venue && !checked.onlineUrl && !venue && !onlineUrl) {
      problem(`${path}.venue`, 'Give a venue or an online link, for the seminar or for this session');
    }
    return checked;
  });

  const ordered = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const first = ordered[0];
  const startsAt = first?.startsAt ?? new Date(0);
  const endsAt = new Date(Math.max(0, ...sessions.map((session) => session.endsAt.getTime())));
  const firstEnd = first?.endsAt ?? endsAt;
  const registrationClosesAt = input.registrationClosesAt ?? startsAt;
  if (input.registrationClosesAt && first && registrationClosesAt.getTime() >= firstEnd.getTime()) {
    problem('input.registrationClosesAt', 'Registration must close before the first session ends');
  }

  const organizationIds = [...new Set(input.audience?.organizationIds ?? [])];
  if (organizationIds.length > LIMITS.audienceAgencies) {
    problem('input.audience.organizationIds', `at most ${LIMITS.audienceAgencies} agencies`);
  }
  const givenPositions = (input.audience?.positions ?? []).map((position) => position.trim());
  givenPositions.forEach((position, index) => {
    if (position.length > LIMITS.position) problem(`input.audience.positions[${index}]`, `must be at most ${LIMITS.position} characters`);
  });
  const positions = [...new Set(givenPositions.filter(Boolean))];
  if (positions.length > LIMITS.positions) problem('input.audience.positions', `at most ${LIMITS.positions} positions`);

  return {
    problems,
    seminar: {
      externalRef,
      title,
      abstract,
      kind: input.kind ?? SeminarKind.SEMINAR,
      scope: input.scope ?? SeminarScope.NATIONAL,
      jpOverride,
      capacity: input.capacity,
      waitlistLimit,
      registrationClosesAt,
      status: status === SeminarStatus.DRAFT ? SeminarStatus.DRAFT : SeminarStatus.PUBLISHED,
      venue,
      onlineUrl,
      speakers,
      sessions,
      audienceOrganizationIds: organizationIds,
      audiencePositions: positions,
      startsAt,
      endsAt,
      days: seminarDays(sessions),
    },
  };
}

/** Seats and waitlist places, given who holds them now. */
export function placeFor(
  seminar: { capacity: number; waitlistLimit?: number | null },
  counts: { confirmed: number; waitlisted: number },
): 'CONFIRMED' | 'WAITLISTED' | 'FULL' {
  if (counts.confirmed < seminar.capacity) return 'CONFIRMED';
  const limit = seminar.waitlistLimit;
  if (limit === undefined || limit === null || counts.waitlisted < limit) return 'WAITLISTED';
  return 'FULL';
}

/** Learners may register while the seminar is published and registration has not closed. */
export function isRegistrationOpen(seminar: { status: SeminarStatus; registrationClosesAt: Date }, now = new Date()): boolean {
  return seminar.status === SeminarStatus.PUBLISHED && now.getTime() < seminar.registrationClosesAt.getTime();
}
