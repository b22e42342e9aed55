import { createRequire } from 'node:module';
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { buildOrganization, type BuiltUser, buildUser } from '../builders/identity';
import { partnerApiKey, publishSeminar } from '../builders/seminar';
import { pdfBytes, sha256 } from '../support/sample-files';
import { startTestApp, type TestApp } from '../support/test-app';

// ical.js ships ESM types and a CommonJS build: its types from the former, the code from the latter.
const ICAL = createRequire(__filename)('ical.js') as typeof ICALModule;

const REGISTER = `mutation ($seminarId: ID!) { registerForSeminar(seminarId: $seminarId) { id status waitlistPosition user { id } } }`;
const MY_REGISTRATIONS = `{ mySeminarRegistrations { edges { node { id status waitlistPosition seminar { id } } } } }`;
type MyRegistration = { id: string; status: string; waitlistPosition: number | null; seminar: { id: string } };
const nodes = (data: { mySeminarRegistrations: { edges: { node: MyRegistration }[] } }) => data.mySeminarRegistrations.edges.map((edge) => edge.node);
const OPEN = `mutation ($sessionId: ID!) { openAttendance(sessionId: $sessionId) { code qrPngDataUrl } }`;
const CHECK_IN = `mutation ($code: String!) { checkIn(code: $code) { id certificate { number verificationCode } } }`;
/** Whole minutes: iCalendar times have no fractions of a second. */
const minutesFromNow = (minutes: number) => new Date((Math.floor(Date.now() / 60_000) + minutes) * 60_000).toISOString();

type Registration = { id: string; status: string; waitlistPosition: number | null; user: { id: string } };

/**
 * Issue 6 end to end, through the API only: a university's system publishes a seminar with its
 * API key (twice: still one seminar) and uploads its slides; 50 ASN register at once for 10
 * seats; a cancellation promotes the first in line; the attendees check in with the rotating
 * code and find the JP in their ledger and a certificate that verifies; the .ics feeds parse.
 */
describe('the seminar journey', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
  });
  afterAll(() => t.stop());

  it('goes from a partner publishing through 50 registrations for 10 seats to check-in, JP, certificates and calendars', async () => {
    const university = await buildOrganization(t, { kind: 'UNIVERSITY', name: 'Universitas Tapanuli' });
    const apiKey = await partnerApiKey(t, university.id);
    const agency = await buildOrganization(t, { kind: 'AGENCY', name: 'Dinas Kependudukan dan Pencatatan Sipil' });
    const sessions = [{ externalRef: 'utama', title: 'Sesi Utama', startsAt: minutesFromNow(-5), endsAt: minutesFromNow(175), timeZone: 'Asia/Jakarta' }];
    const base = { externalRef: 'SMPE-2026', title: 'Manajemen Pemerintahan yang Efektif', capacity: 10, sessions, registrationClosesAt: minutesFromNow(60) };

    // Published twice by the partner's system: one seminar, changed in place.
    const first = await publishSeminar(t, { apiKey }, base);
    const again = await publishSeminar(t, { apiKey }, { ...base, title: 'Seminar Manajemen Pemerintahan yang Efektif' });
    expect(again.id).toBe(first.id);
    expect(again.sessions.map((session: { id: string }) => session.id)).toEqual(first.sessions.map((session: { id: string }) => session.id));
    expect(again).toMatchObject({ jp: 4, capacity: 10, status: 'PUBLISHED' });
    const listed = await t.ok(`query ($id: ID) { seminars(filter: { organizerId: $id }) { totalCount } }`, { id: university.id }, { token: await t.adminToken() });
    expect(listed.seminars.totalCount).toBe(1);

    // Slides through the presigned flow.
    const slides = pdfBytes('Paparan: Manajemen Pemerintahan yang Efektif');
    const file = { filename: 'paparan.pdf', contentType: 'application/pdf', size: slides.length, sha256: sha256(slides) };
    const ticket = (
      await t.ok(
        `mutation ($seminarId: ID!, $file: FileInput!) { requestSeminarMaterialUpload(seminarId: $seminarId, kind: SLIDES, file: $file) { uploadId url method headers { name value } } }`,
        { seminarId: first.id, file },
        { apiKey },
      )
    ).requestSeminarMaterialUpload;
    const headers = Object.fromEntries(ticket.headers.map((h: { name: string; value: string }) => [h.name, h.value]));
    expect((await fetch(ticket.url, { method: ticket.method, headers, body: slides })).ok).toBe(true);
    await t.ok(
      `mutation ($seminarId: ID!, $uploadId: ID!) { completeSeminarMaterialUpload(seminarId: $seminarId, uploadId: $uploadId, kind: SLIDES, title: "Paparan") { id } }`,
      { seminarId: first.id, uploadId: ticket.uploadId },
      { apiKey },
    );

    // 50 ASN register at once for 10 seats.
    const learners: BuiltUser[] = [];
    for (let i = 0; i < 50; i += 1) learners.push(await buildUser(t, { organizationId: agency.id, name: `ASN Dukcapil ${i + 1}` }));
    const tokens = new Map<string, string>();
    for (const learner of learners) tokens.set(learner.id, await learner.token());
    const as = (learner: BuiltUser) => ({ token: tokens.get(learner.id) as string });
    const registrations: Registration[] = await Promise.all(
      learners.map(async (learner) => (await t.ok(REGISTER, { seminarId: first.id }, as(learner))).registerForSeminar),
    );
    const confirmed = registrations.filter((registration) => registration.status === 'CONFIRMED');
    const waitlisted = registrations.filter((registration) => registration.status === 'WAITLISTED');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(40);
    const lineNow = async () => {
      const rows = await Promise.all(
        waitlisted.map(async (registration) => {
          const learner = learners.find((candidate) => candidate.id === registration.user.id)!;
          const mine = nodes(await t.ok(MY_REGISTRATIONS, {}, as(learner)));
          return { learner, ...mine.find((row) => row.seminar.id === first.id) };
        }),
      );
      return rows.sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
    };
    const line = await lineNow();
    expect(line.map((row) => row.waitlistPosition)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));

    // A confirmed seat is given up: the first in line gets it and is told.
    const leaving = learners.find((learner) => learner.id === confirmed[0].user.id)!;
    expect((await t.ok(`mutation ($id: ID!) { cancelRegistration(id: $id) { status } }`, { id: confirmed[0].id }, as(leaving))).cancelRegistration.status).toBe('CANCELLED');
    const promoted = line[0].learner;
    const promotedNow = nodes(await t.ok(MY_REGISTRATIONS, {}, as(promoted)));
    expect(promotedNow).toEqual([expect.objectContaining({ status: 'CONFIRMED', waitlistPosition: null })]);
    const inbox = (await t.ok(`{ notifications { edges { node { kind } } } }`, {}, as(promoted))).notifications.edges.map((edge: { node: { kind: string } }) => edge.node.kind);
    expect(inbox).toContain('WAITLIST_PROMOTED');
    expect((await lineNow()).slice(1).map((row) => row.waitlistPosition)).toEqual(Array.from({ length: 39 }, (_, index) => index + 1));

    // The organiser shows the code; the ten now confirmed check in and earn JP and a certificate.
    const code = (await t.ok(OPEN, { sessionId: first.sessions[0].id }, { apiKey })).openAttendance;
    expect(code.qrPngDataUrl).toMatch(/^data:image\/png;base64,/);
    const attendees = [...confirmed.slice(1).map((registration) => learners.find((learner) => learner.id === registration.user.id)!), promoted];
    for (const attendee of attendees) {
      const checkIn = (await t.ok(CHECK_IN, { code: code.code }, as(attendee))).checkIn;
      expect(checkIn.certificate.number).toMatch(/^PELITA\/\d{4}\/\d{6}$/);
      const ledger = (await t.ok(`{ jpLedger { source title jp } }`, {}, as(attendee))).jpLedger;
      expect(ledger).toEqual([{ source: 'SEMINAR', title: 'Seminar Manajemen Pemerintahan yang Efektif', jp: 4 }]);
      const verified = (await t.ok(`query ($code: String!) { verifyCertificate(code: $code) { valid jp organizerName } }`, { code: checkIn.certificate.verificationCode })).verifyCertificate;
      expect(verified).toMatchObject({ valid: true, jp: 4, organizerName: 'Universitas Tapanuli' });
    }
    const stillWaiting = line[1].learner;
    expect((await t.gql(CHECK_IN, { code: code.code }, as(stillWaiting))).errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Both calendar feeds parse with an iCalendar parser and hold the session.
    const parse = (text: string) =>
      new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((component) => {
        const event = new ICAL.Event(component);
        return { uid: event.uid, start: event.startDate.toJSDate().toISOString(), end: event.endDate.toJSDate().toISOString(), summary: event.summary };
      });
    const origin = `http://127.0.0.1:${t.app.port}`;
    const seminarFeed = await fetch(`${origin}/calendar/seminars/${first.id}.ics`);
    expect(seminarFeed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const expected = { uid: `${first.sessions[0].id}@pelita`, start: sessions[0].startsAt, end: sessions[0].endsAt };
    expect(parse(await seminarFeed.text())).toEqual([expect.objectContaining(expected)]);
    const feed = (await t.ok(`mutation { rotateCalendarFeedToken { url } }`, {}, as(promoted))).rotateCalendarFeedToken;
    const personal = await fetch(`${origin}${new URL(feed.url).pathname}`);
    expect(personal.status).toBe(200);
    expect(parse(await personal.text())).toEqual([expect.objectContaining(expected)]);
  });
});
