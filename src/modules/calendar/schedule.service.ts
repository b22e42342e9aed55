import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { badField, forbidden } from '../../errors';
import { RegistrationStatus, SeminarRegistration } from '../seminar/seminar-registration.entity';
import { type Seminar, SeminarSession, SeminarStatus } from '../seminar/seminar.entity';
import { canRegister } from '../seminar/seminar.policy';
import { type MyScheduleArgs, type ScheduleItem, ScheduleItemKind, type ScheduleRange } from './calendar.types';
import { findClassroomSchedule } from './classroom-schedule';

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 366;

/** A schedule item with the seminar it belongs to, for the feed (GraphQL resolves `seminar` by loader). */
export interface SeminarScheduleItem extends ScheduleItem {
  seminar: Seminar;
  sessionPosition: number;
}

/** The signed-in person's seminar and classroom sessions in the range, by start. */
export async function mySchedule(ctx: Context, args: MyScheduleArgs): Promise<ScheduleItem[]> {
  if (!canRegister(ctx.caller)) throw forbidden('Only a signed-in person has a schedule');
  const range = scheduleRange(args, new Date());
  const statuses = args.includeWaitlisted ? [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED] : [RegistrationStatus.CONFIRMED];
  const [seminarItems, classroomItems] = await Promise.all([
    findSchedule(ctx.em, ctx.caller.userId, range, statuses),
    findClassroomSchedule(ctx.em, ctx.caller.userId, range),
  ]);
  return [...seminarItems, ...classroomItems].sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.sessionId.localeCompare(b.sessionId),
  );
}

/** Defaults around `now`; `to` after `from`, at most 366 days apart. */
export function scheduleRange(args: { from?: Date | null; to?: Date | null }, now: Date): ScheduleRange {
  const defaultSpan = 91 * DAY_MS;
  const from = args.from ?? (args.to ? new Date(args.to.getTime() - defaultSpan) : new Date(now.getTime() - DAY_MS));
  const to = args.to ?? (args.from ? new Date(args.from.getTime() + defaultSpan) : new Date(now.getTime() + 90 * DAY_MS));
  if (to.getTime() <= from.getTime()) throw badField('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw badField('to', `must be at most ${MAX_RANGE_DAYS} days after from`);
  return { from, to };
}

/**
 * Sessions overlapping the range of seminars the person holds a registration in one of
 * `statuses` for, by start: two statements whatever the number of registrations. Seminars
 * taken back to DRAFT are left out (they are off the calendar); cancelled ones stay, flagged.
 */
export async function findSchedule(
  em: EntityManager,
  userId: string,
  range: ScheduleRange,
  statuses: RegistrationStatus[],
): Promise<SeminarScheduleItem[]> {
  const registrations = await em.find(SeminarRegistration, { user: userId, status: { $in: statuses } });
  if (!registrations.length) return [];
  const statusBySeminar = new Map(registrations.map((registration) => [registration.seminar.id, registration.status]));
  const sessions = await em.find(
    SeminarSession,
    {
      seminar: { id: { $in: [...statusBySeminar.keys()] }, status: { $ne: SeminarStatus.DRAFT } },
      startsAt: { $lt: range.to },
      endsAt: { $gt: range.from },
    },
    { populate: ['seminar'], orderBy: { startsAt: 'asc', id: 'asc' } },
  );
  return sessions.map((session) => {
    const seminar = session.seminar.getEntity();
    return {
      ...seminarSessionItem(seminar, session),
      registrationStatus: statusBySeminar.get(seminar.id) ?? null,
    };
  });
}

/** A seminar session as a schedule item (without a registration). */
export function seminarSessionItem(seminar: Seminar, session: SeminarSession): SeminarScheduleItem {
  return {
    kind: ScheduleItemKind.SEMINAR_SESSION,
    sessionId: session.id,
    sessionPosition: session.position,
    title: session.title ? `${seminar.title} — ${session.title}` : seminar.title,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    timeZone: session.timeZone,
    venue: session.venue ?? seminar.venue ?? null,
    onlineUrl: session.onlineUrl ?? seminar.onlineUrl ?? null,
    registrationStatus: null,
    cancelled: seminar.status === SeminarStatus.CANCELLED,
    seminarId: seminar.id,
    seminar,
  };
}
