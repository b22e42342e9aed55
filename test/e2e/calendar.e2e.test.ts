import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { dayFromNow, partnerApiKey, publishSeminar } from '../builders/seminar';
import { captureLogs } from '../support/log-capture';
import { countRows, selectRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

// ical.js ships ESM types and a CommonJS build: its types from the former, the code from the latter.
const ICAL = createRequire(__filename)('ical.js') as typeof ICALModule;

const REGISTER = `mutation ($seminarId: ID!) { registerForSeminar(seminarId: $seminarId) { id status } }`;
const CANCEL_REGISTRATION = `mutation ($id: ID!) { cancelRegistration(id: $id) { id status } }`;
const ROTATE = `mutation { rotateCalendarFeedToken { url createdAt } }`;
const MY_SCHEDULE = `query ($from: DateTime, $to: DateTime, $includeWaitlisted: Boolean) {
  mySchedule(from: $from, to: $to, includeWaitlisted: $includeWaitlisted) {
    kind sessionId title startsAt endsAt timeZone venue onlineUrl registrationStatus cancelled seminar { id title }
  }
}`;

type Session = { id: string; title: string | null; startsAt: string; endsAt: string; timeZone: string };
type Published = { id: string; title: string; sessions: Session[] };
interface ParsedEvent {
  uid: string;
  start: number;
  end: number;
  summary: string;
  location: string | null;
  status: string | null;
  description: string;
}

/** Parses with ical.js (throws on malformed text) and answers the calendar's name and its events. */
function parseCalendar(text: string): { name: string | null; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().getTime(),
      end: event.endDate.toJSDate().getTime(),
      summary: event.summary,
      location: event.location ?? null,
      status: (component.getFirstPropertyValue('status') as string | null) ?? null,
      description: event.description ?? '',
    };
  });
  return { name: (calendar.getFirstPropertyValue('x-wr-calname') as string | null) ?? null, events };
}

const session = (day: number, title: string, extra: Record<string, unknown> = {}) => ({
  externalRef: `sesi-${day}`,
  title,
  startsAt: dayFromNow(day, 1).toISOString(),
  endsAt: dayFromNow(day, 5).toISOString(),
  timeZone: 'Asia/Jakarta',
  ...extra,
});

describe('calendar: my schedule and iCalendar feeds', () => {
  const { lines, logger } = captureLogs('trace');
  const tokensSeen: string[] = [];
  let t: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    // The most verbose level: if the feed token leaks anywhere, it leaks here.
    t = await startTestApp({}, { logger });
    apiKey = await partnerApiKey(t, (await buildOrganization(t, { kind: 'UNIVERSITY' })).id);
  });
  afterAll(() => t.stop());

  const as = async (user: BuiltUser) => ({ token: await user.token() });
  /** Fetches a URL the API handed out, from this test app (PUBLIC_BASE_URL is not where it listens). */
  const fetchFeed = (url: string) => {
    const { pathname } = new URL(url);
    return fetch(`http://127.0.0.1:${t.app.port}${pathname}`);
  };
  const rotate = async (user: BuiltUser): Promise<string> => {
    const url = (await t.ok(ROTATE, {}, await as(user))).rotateCalendarFeedToken.url as string;
    tokensSeen.push(new URL(url).pathname.split('/').pop()!.replace(/\.ics$/, ''));
    return url;
  };
  const publish = (overrides: Record<string, unknown>): Promise<Published> => publishSeminar(t, { apiKey }, overrides);
  const register = async (user: BuiltUser, seminarId: string) => (await t.ok(REGISTER, { seminarId }, await as(user))).registerForSeminar;

  /**
   * A learner with: a two-day seminar in 30 days (confirmed), an online seminar in 10 days (confirmed),
   * a full seminar in 20 days (waitlisted), one in 200 days (confirmed) and one given up (cancelled).
   */
  async function learnerWithSchedule() {
    const learner = await buildUser(t);
    const twoDays = await publish({ title: 'Seminar Nasional Transformasi Pelayanan Publik', sessions: [session(30, 'Hari 1'), session(31, 'Hari 2', { venue: 'Gedung Nasional, Sibolga' })] });
    const online = await publish({
      title: 'Webinar Keamanan Siber untuk ASN',
      venue: null,
      onlineUrl: 'https://meet.example.id/siber',
      sessions: [session(10, '', { title: null, timeZone: 'Asia/Makassar' })],
    });
    const full = await publish({ title: 'Lokakarya Penulisan Kebijakan', kind: 'WORKSHOP', capacity: 1, sessions: [session(20, 'Praktik')] });
    const later = await publish({ title: 'Seminar Akhir Tahun', sessions: [session(200, 'Pleno')] });
    const givenUp = await publish({ title: 'Seminar yang Batal Diikuti', sessions: [session(15, 'Pleno')] });
    await register(await buildUser(t), full.id);
    for (const seminar of [twoDays, online, later, givenUp]) expect((await register(learner, seminar.id)).status).toBe('CONFIRMED');
    expect((await register(learner, full.id)).status).toBe('WAITLISTED');
    const cancelled = await register(learner, givenUp.id);
    await t.ok(CANCEL_REGISTRATION, { id: cancelled.id }, await as(learner));
    return { learner, twoDays, online, full, later, givenUp };
  }

  it('mySchedule lists confirmed and waitlisted sessions in the range, by start, and validates the range', async () => {
    const { learner, twoDays, online, full, later } = await learnerWithSchedule();
    const credentials = await as(learner);

    const schedule = (await t.ok(MY_SCHEDULE, {}, credentials)).mySchedule;
    expect(schedule.map((item: any) => item.sessionId)).toEqual([online.sessions[0].id, full.sessions[0].id, ...twoDays.sessions.map((s) => s.id)]);
    expect(schedule[0]).toEqual({
      kind: 'SEMINAR_SESSION',
      sessionId: online.sessions[0].id,
      title: 'Webinar Keamanan Siber untuk ASN',
      startsAt: online.sessions[0].startsAt,
      endsAt: online.sessions[0].endsAt,
      timeZone: 'Asia/Makassar',
      venue: null,
      onlineUrl: 'https://meet.example.id/siber',
      registrationStatus: 'CONFIRMED',
      cancelled: false,
      seminar: { id: online.id, title: 'Webinar Keamanan Siber untuk ASN' },
    });
    expect(schedule[1]).toMatchObject({ title: 'Lokakarya Penulisan Kebijakan — Praktik', registrationStatus: 'WAITLISTED' });
    expect(schedule[2]).toMatchObject({ title: 'Seminar Nasional Transformasi Pelayanan Publik — Hari 1', venue: 'Aula Universitas, Jl. Sisingamangaraja, Sibolga', timeZone: 'Asia/Jakarta' });
    expect(schedule[3]).toMatchObject({ title: 'Seminar Nasional Transformasi Pelayanan Publik — Hari 2', venue: 'Gedung Nasional, Sibolga' });

    const confirmedOnly = (await t.ok(MY_SCHEDULE, { includeWaitlisted: false }, credentials)).mySchedule;
    expect(confirmedOnly.map((item: any) => item.seminar.id)).toEqual([online.id, twoDays.id, twoDays.id]);

    const farAhead = (await t.ok(MY_SCHEDULE, { from: dayFromNow(190).toISOString(), to: dayFromNow(210).toISOString() }, credentials)).mySchedule;
    expect(farAhead.map((item: any) => item.sessionId)).toEqual([later.sessions[0].id]);
    // A session counts when it overlaps the range, even if it started before it.
    const overlapping = (await t.ok(MY_SCHEDULE, { from: dayFromNow(30, 3).toISOString(), to: dayFromNow(30, 4).toISOString() }, credentials)).mySchedule;
    expect(overlapping.map((item: any) => item.sessionId)).toEqual([twoDays.sessions[0].id]);

    const tooLong = await t.gql(MY_SCHEDULE, { from: dayFromNow(0).toISOString(), to: dayFromNow(367).toISOString() }, credentials);
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    expect(errorFields(tooLong)).toEqual(['to']);
    const backwards = await t.gql(MY_SCHEDULE, { from: dayFromNow(10).toISOString(), to: dayFromNow(5).toISOString() }, credentials);
    expect(errorCode(backwards)).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(MY_SCHEDULE, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(MY_SCHEDULE, {}, { apiKey }))).toBe('FORBIDDEN');

    // A seminar cancelled by its organizer stays in the schedule, flagged.
    await t.ok(`mutation ($id: ID!) { cancelSeminar(id: $id) { id } }`, { id: online.id }, { apiKey });
    const afterCancel = (await t.ok(MY_SCHEDULE, {}, credentials)).mySchedule;
    expect(afterCancel[0]).toMatchObject({ sessionId: online.sessions[0].id, cancelled: true });
  });

  it('mySchedule takes the same number of SQL statements for 2 and for 8 registrations', async () => {
    const seminars: Published[] = [];
    for (let i = 0; i < 8; i += 1) seminars.push(await publish({ title: `Seminar Seri ${i + 1}`, sessions: [session(40 + i, 'Pleno'), session(60 + i, 'Lanjutan')] }));
    const few = await buildUser(t);
    const many = await buildUser(t);
    for (const seminar of seminars.slice(0, 2)) await register(few, seminar.id);
    for (const seminar of seminars) await register(many, seminar.id);
    const query = `{ mySchedule { sessionId title registrationStatus seminar { id title sessions { id } organizer { id name } myRegistration { status } } } }`;

    const small = await t.gql(query, {}, await as(few));
    const large = await t.gql(query, {}, await as(many));
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.mySchedule).toHaveLength(4);
    expect(large.data.mySchedule).toHaveLength(16);
    expect(small.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });

  it('the personal feed is reachable only through the current token: rotating or revoking ends the old URL', async () => {
    const learner = await buildUser(t);
    expect(errorCode(await t.gql(ROTATE, {}, { apiKey }))).toBe('FORBIDDEN');
    const first = await rotate(learner);
    expect(first).toMatch(/^http:\/\/localhost:4000\/calendar\/users\/[A-Za-z0-9_-]{43}\.ics$/);

    const response = await fetchFeed(first);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(parseCalendar(await response.text())).toEqual({ name: 'Jadwal Pelita', events: [] });

    const second = await rotate(learner);
    expect(second).not.toBe(first);
    expect((await fetchFeed(first)).status).toBe(404);
    expect((await fetchFeed(second)).status).toBe(200);

    expect((await t.ok(`mutation { revokeCalendarFeedToken }`, {}, await as(learner))).revokeCalendarFeedToken).toBe(true);
    expect((await fetchFeed(second)).status).toBe(404);
    expect((await t.ok(`mutation { revokeCalendarFeedToken }`, {}, await as(learner))).revokeCalendarFeedToken).toBe(false);

    // A deactivated account's feed stops with its sign-in.
    const third = await rotate(learner);
    expect((await fetchFeed(third)).status).toBe(200);
    await t.ok(`mutation ($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }`, { id: learner.id }, { token: await t.adminToken() });
    expect((await fetchFeed(third)).status).toBe(404);

    for (const path of ['/calendar/users/bukan-token.ics', `/calendar/users/${'A'.repeat(43)}.ics`, `/calendar/users/${'A'.repeat(43)}`]) {
      expect((await fetch(`http://127.0.0.1:${t.app.port}${path}`)).status).toBe(404);
    }
  });

  it('two rotations at the same time leave one working URL and one stored token', async () => {
    const learner = await buildUser(t);
    const credentials = await as(learner);
    const results = await Promise.all([1, 2, 3].map(() => t.gql(ROTATE, {}, credentials)));
    const urls = results.map((result) => result.data.rotateCalendarFeedToken.url as string);
    tokensSeen.push(...urls.map((url) => new URL(url).pathname.split('/').pop()!.replace(/\.ics$/, '')));
    const statuses = await Promise.all(urls.map(async (url) => (await fetchFeed(url)).status));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 404)).toHaveLength(2);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM calendar_feeds WHERE user_id = $1', [learner.id])).toBe(1);
    const [row] = await selectRows<{ token_hash: string }>(t.databaseUrl, 'SELECT token_hash FROM calendar_feeds WHERE user_id = $1', [learner.id]);
    // Only the SHA-256 of the token is kept: the one that works.
    const working = tokensSeen[tokensSeen.length - urls.length + statuses.indexOf(200)];
    expect(row.token_hash).toBe(createHash('sha256').update(working).digest('hex'));
  });

  it('the personal feed parses and holds the schedule: confirmed, waitlisted as TENTATIVE, cancelled as CANCELLED', async () => {
    const { learner, twoDays, online, full, later } = await learnerWithSchedule();
    await t.ok(`mutation ($id: ID!) { cancelSeminar(id: $id) { id } }`, { id: online.id }, { apiKey });
    const url = await rotate(learner);

    const { name, events } = parseCalendar(await (await fetchFeed(url)).text());
    expect(name).toBe('Jadwal Pelita');
    const expected = [online.sessions[0], full.sessions[0], ...twoDays.sessions, later.sessions[0]];
    expect(events.map((e) => e.uid)).toEqual(expected.map((s) => `${s.id}@pelita`));
    events.forEach((event, i) => {
      expect(event.start).toBe(Date.parse(expected[i].startsAt));
      expect(event.end).toBe(Date.parse(expected[i].endsAt));
    });
    expect(events[0]).toMatchObject({ summary: '[Dibatalkan] Webinar Keamanan Siber untuk ASN', location: 'https://meet.example.id/siber', status: 'CANCELLED' });
    expect(events[1]).toMatchObject({ summary: '[Daftar tunggu] Lokakarya Penulisan Kebijakan — Praktik', status: 'TENTATIVE' });
    expect(events[2]).toMatchObject({
      summary: 'Seminar Nasional Transformasi Pelayanan Publik — Hari 1',
      location: 'Aula Universitas, Jl. Sisingamangaraja, Sibolga',
      status: 'CONFIRMED',
    });
    expect(events[2].description).toContain('Inovasi pelayanan publik di daerah');
    expect(events[2].description).toContain(`http://localhost:4000/seminars/${twoDays.id}`);
    expect(events[3].location).toBe('Gedung Nasional, Sibolga');
  });

  it('a seminar feed is public for published and cancelled seminars, 404 for drafts and unknown ids', async () => {
    const seminar = await publish({ title: 'Seminar Internasional Kebencanaan Pesisir', scope: 'INTERNATIONAL', sessions: [session(50, 'Pembukaan'), session(51, 'Diskusi Panel')] });
    const learner = await buildUser(t);
    const { icsUrl } = (await t.ok(`query ($id: ID!) { seminar(id: $id) { icsUrl } }`, { id: seminar.id }, await as(learner))).seminar;
    expect(icsUrl).toBe(`http://localhost:4000/calendar/seminars/${seminar.id}.ics`);

    const response = await fetchFeed(icsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await response.text();
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toContain('X-WR-TIMEZONE:Asia/Jakarta');
    const parsed = parseCalendar(text);
    expect(parsed.name).toBe('Seminar Internasional Kebencanaan Pesisir');
    expect(parsed.events).toHaveLength(2);
    parsed.events.forEach((event, i) => {
      expect(event).toMatchObject({
        uid: `${seminar.sessions[i].id}@pelita`,
        start: Date.parse(seminar.sessions[i].startsAt),
        end: Date.parse(seminar.sessions[i].endsAt),
        summary: `Seminar Internasional Kebencanaan Pesisir — ${seminar.sessions[i].title}`,
        location: 'Aula Universitas, Jl. Sisingamangaraja, Sibolga',
        status: 'CONFIRMED',
      });
    });

    await t.ok(`mutation ($id: ID!) { cancelSeminar(id: $id) { id } }`, { id: seminar.id }, { apiKey });
    const cancelled = parseCalendar(await (await fetchFeed(icsUrl)).text());
    expect(cancelled.events.map((e) => e.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(cancelled.events.map((e) => e.uid)).toEqual(parsed.events.map((e) => e.uid));

    const draft = await publish({ title: 'Seminar Ditarik', sessions: [session(52, 'Pleno')] });
    const adminToken = await t.adminToken();
    await t.ok(`mutation ($id: ID!) { unpublishSeminar(id: $id) { status } }`, { id: draft.id }, { token: adminToken });
    expect((await fetchFeed(`http://localhost:4000/calendar/seminars/${draft.id}.ics`)).status).toBe(404);
    expect((await fetchFeed('http://localhost:4000/calendar/seminars/00000000-0000-4000-8000-000000000000.ics')).status).toBe(404);
    expect((await fetchFeed('http://localhost:4000/calendar/seminars/bukan-id.ics')).status).toBe(404);
    expect((await fetchFeed(`http://localhost:4000/calendar/seminars/${seminar.id}`)).status).toBe(404);
  });

  it('request logs never contain a feed token, however the URL is spelled', async () => {
    const learner = await buildUser(t);
    const url = await rotate(learner);
    const path = new URL(url).pathname;
    expect((await fetch(`http://127.0.0.1:${t.app.port}${path.toUpperCase().replace(/\/CALENDAR\/USERS\/.*/, '/CALENDAR/USERS/')}${path.split('/').pop()}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${t.app.port}${path}?utm=1`)).status).toBe(200);

    const log = lines.join('');
    expect(log).toContain('/calendar/users/[redacted]');
    expect(tokensSeen.length).toBeGreaterThan(3);
    for (const token of tokensSeen) expect(log).not.toContain(token);
  });
});
