import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { RegistrationStatus } from '../seminar/seminar-registration.entity';
import type { Seminar } from '../seminar/seminar.entity';
import { seminarPageUrl } from './calendar.links';
import type { SeminarScheduleItem } from './schedule.service';

const PROD_ID = { company: 'Pemerintah Kota Sibolga', product: 'Pelita', language: 'ID' };
/** How often calendar apps should refetch a feed (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
const REFRESH_SECONDS = 3600;
const EXCERPT_CHARS = 280;

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/*
 * Times go out in UTC (DTSTART:20261229T010000Z), not with TZID. A session is one instant range
 * with no recurrence, so UTC is exact and every calendar app shows it in its user's own zone;
 * a TZID needs a VTIMEZONE block that apps trust to different degrees (and ical-generator
 * renders plain Dates under a TZID in the server process's zone, which would be wrong).
 * The session's zone is still stated in the description, and X-WR-TIMEZONE names the
 * seminar's zone for apps that use it to show the calendar.
 */

/** The iCalendar text of a published or cancelled seminar: all its sessions. */
export function seminarCalendar(seminar: Seminar, items: SeminarScheduleItem[], publicBaseUrl: string): string {
  const zones = new Set(items.map((item) => item.timeZone));
  const calendar = ical({
    prodId: PROD_ID,
    name: seminar.title,
    description: excerpt(seminar.abstract) || undefined,
    url: seminarPageUrl(publicBaseUrl, seminar.id),
    ttl: REFRESH_SECONDS,
    x: zones.size === 1 ? { 'X-WR-TIMEZONE': [...zones][0] } : {},
  });
  for (const item of items) calendar.createEvent(eventData(item, publicBaseUrl));
  return calendar.toString();
}

/**
 * A person's schedule. Waitlisted sessions are TENTATIVE (and say so in the summary): the time
 * is kept free and the same UID turns CONFIRMED in place when a seat frees up.
 */
export function personalCalendar(items: SeminarScheduleItem[], publicBaseUrl: string): string {
  const calendar = ical({
    prodId: PROD_ID,
    name: 'Jadwal Pelita',
    description: 'Seminar dan kegiatan yang Anda ikuti di Pelita.',
    ttl: REFRESH_SECONDS,
  });
  for (const item of items) calendar.createEvent(eventData(item, publicBaseUrl));
  return calendar.toString();
}

function eventData(item: SeminarScheduleItem, publicBaseUrl: string) {
  const link = seminarPageUrl(publicBaseUrl, item.seminar.id);
  const waitlisted = item.registrationStatus === RegistrationStatus.WAITLISTED;
  const status = item.cancelled ? ICalEventStatus.CANCELLED : waitlisted ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED;
  const description = [
    excerpt(item.seminar.abstract),
    `Zona waktu: ${item.timeZone}`,
    item.venue && item.onlineUrl ? `Daring: ${item.onlineUrl}` : '',
    waitlisted ? 'Anda masih dalam daftar tunggu.' : '',
    item.cancelled ? 'Seminar ini dibatalkan.' : '',
    `Info: ${link}`,
  ].filter(Boolean);
  return {
    // Stable across republishing (session ids are), so apps update the entry instead of adding one.
    id: `${item.sessionId}@pelita`,
    start: item.startsAt,
    end: item.endsAt,
    summary: `${item.cancelled ? '[Dibatalkan] ' : waitlisted ? '[Daftar tunggu] ' : ''}${item.title}`,
    description: description.join('\n\n'),
    location: item.venue ?? item.onlineUrl ?? null,
    url: link,
    status,
    transparency: item.cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE,
    lastModified: item.seminar.updatedAt,
  };
}

/** The start of a Markdown abstract as plain text. */
export function excerpt(markdown: string): string {
  const text = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : text;
}
