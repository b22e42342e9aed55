import { codeForStep, timeStep } from '../../src/modules/check-in/check-in.rules';
import { buildOrganization, type BuiltOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { partnerApiKey, publishSeminar } from '../builders/seminar';
import { countRows, selectRows } from '../support/database';
import { errorCode, errorFields } from '../support/graphql-client';
import { startTestApp, type TestApp } from '../support/test-app';

const OPEN = `mutation ($sessionId: ID!) {
  openAttendance(sessionId: $sessionId) { sessionId code expiresAt rotatesEverySeconds qrPngDataUrl checkInOpensAt checkInClosesAt }
}`;
const CHECK_IN = `mutation ($code: String!) {
  checkIn(code: $code) { id method checkedInAt session { id } seminar { id title } certificate { number kind } }
}`;
const REGISTER = `mutation ($seminarId: ID!) { registerForSeminar(seminarId: $seminarId) { id status } }`;
const MY_CERTIFICATES = `query {
  myCertificates { kind number courseTitle organizerName jp issuedOn verificationCode pdfStatus pdfUrl course { id } seminar { id } }
}`;
const VERIFY = `query ($code: String!) { verifyCertificate(code: $code) { kind number holderName courseTitle organizerName jp issuedOn valid } }`;

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const jakartaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
const session = (ref: string, startMinutes: number, endMinutes: number) => ({
  externalRef: ref,
  title: `Sesi ${ref}`,
  startsAt: minutesFromNow(startMinutes),
  endsAt: minutesFromNow(endMinutes),
  timeZone: 'Asia/Jakarta',
});

describe('seminar attendance: rotating codes, check-in, JP and certificates of attendance', () => {
  let t: TestApp;
  let university: BuiltOrganization;
  let apiKey: string;
  let agencyId: string;
  const tokens = new Map<BuiltUser, string>();

  beforeAll(async () => {
    t = await startTestApp({ jobWorker: 'inline' });
    university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    apiKey = await partnerApiKey(t, university.id);
    agencyId = (await buildOrganization(t)).id;
  });
  afterAll(() => t.stop());

  const as = async (user: BuiltUser) => {
    if (!tokens.has(user)) tokens.set(user, await user.token());
    return { token: tokens.get(user) as string };
  };
  const learner = (name?: string) => buildUser(t, { organizationId: agencyId, name });
  /** A published seminar whose first session started 5 minutes ago; registration stays open for an hour. */
  const liveSeminar = (overrides: Record<string, unknown> = {}) =>
    publishSeminar(t, { apiKey }, { sessions: [session('live', -5, 120)], registrationClosesAt: minutesFromNow(60), ...overrides });
  const register = async (user: BuiltUser, seminarId: string) => (await t.ok(REGISTER, { seminarId }, await as(user))).registerForSeminar;
  const open = async (sessionId: string) => (await t.ok(OPEN, { sessionId }, { apiKey })).openAttendance;
  const checkIn = async (user: BuiltUser, code: string) => t.gql(CHECK_IN, { code }, await as(user));
  const attendances = (user: BuiltUser) => countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_attendances WHERE user_id = $1', [user.id]);
  const ledger = (user: BuiltUser) => countRows(t.databaseUrl, 'SELECT count(*) FROM jp_ledger_entries WHERE user_id = $1', [user.id]);

  it('gives the organizer a six-character code with a QR image, the same code when asked again, and nobody else', async () => {
    const seminar = await liveSeminar();
    const sessionId = seminar.sessions[0].id;
    const code = await open(sessionId);
    expect(code).toMatchObject({ sessionId, rotatesEverySeconds: 60 });
    expect(code.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(new Date(code.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(new Date(code.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(new Date(code.checkInOpensAt).getTime()).toBe(new Date(seminar.sessions[0].startsAt).getTime() - 30 * 60_000);
    expect(new Date(code.checkInClosesAt).getTime()).toBe(new Date(seminar.sessions[0].endsAt).getTime() + 15 * 60_000);
    const [prefix, base64] = code.qrPngDataUrl.split(',');
    expect(prefix).toBe('data:image/png;base64');
    expect(Buffer.from(base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');

    // An admin's screen shows the same code (unless the minute turned in between).
    const again = (await t.ok(OPEN, { sessionId }, { token: await t.adminToken() })).openAttendance;
    if (again.expiresAt === code.expiresAt) expect(again.code).toBe(code.code);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_attendance_keys WHERE session_id = $1', [sessionId])).toBe(1);

    const someone = await learner();
    expect(errorCode(await t.gql(OPEN, { sessionId }, await as(someone)))).toBe('FORBIDDEN');
    const otherPartner = await partnerApiKey(t, (await buildOrganization(t, { kind: 'NGO' })).id);
    expect(errorCode(await t.gql(OPEN, { sessionId }, { apiKey: otherPartner }))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(OPEN, { sessionId: '00000000-0000-4000-8000-000000000000' }, { apiKey }))).toBe('NOT_FOUND');
    // A partner system cannot check in: attendance is personal.
    expect(errorCode(await t.gql(CHECK_IN, { code: code.code }, { apiKey }))).toBe('FORBIDDEN');
  });

  it('checks registered learners in, credits the seminar’s JP and issues a certificate of attendance that verifies publicly', async () => {
    const seminar = await liveSeminar({ title: 'Seminar Nasional Inovasi Pelayanan Publik' });
    expect(seminar.jp).toBe(4);
    const [siti, budi] = [await learner('Siti Rahmawati Harahap'), await learner('Budi Santoso Pasaribu')];
    await register(siti, seminar.id);
    await register(budi, seminar.id);
    const { code } = await open(seminar.sessions[0].id);

    for (const user of [siti, budi]) {
      const answer = await checkIn(user, code.toLowerCase());
      expect(answer.errors).toBeUndefined();
      expect(answer.data.checkIn).toMatchObject({
        method: 'CODE',
        session: { id: seminar.sessions[0].id },
        seminar: { id: seminar.id, title: 'Seminar Nasional Inovasi Pelayanan Publik' },
        certificate: { kind: 'SEMINAR_ATTENDANCE', number: expect.stringMatching(/^PELITA\/\d{4}\/\d{6,}$/) },
      });
      const { jpLedger } = await t.ok(`query { jpLedger { source title jp creditedOn } }`, {}, await as(user));
      expect(jpLedger).toEqual([{ source: 'SEMINAR', title: 'Seminar Nasional Inovasi Pelayanan Publik', jp: 4, creditedOn: jakartaToday() }]);
    }

    // The PDF is rendered by the job like a course certificate's.
    const deadline = Date.now() + 20_000;
    let certificate: any;
    do {
      await new Promise((resolve) => setTimeout(resolve, 250));
      [certificate] = (await t.ok(MY_CERTIFICATES, {}, await as(siti))).myCertificates;
    } while (certificate?.pdfStatus !== 'READY' && Date.now() < deadline);
    expect(certificate).toMatchObject({
      kind: 'SEMINAR_ATTENDANCE',
      courseTitle: 'Seminar Nasional Inovasi Pelayanan Publik',
      organizerName: university.name,
      jp: 4,
      issuedOn: jakartaToday(),
      pdfStatus: 'READY',
      course: null,
      seminar: { id: seminar.id },
    });
    const pdf = await fetch(certificate.pdfUrl);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('%PDF');

    const verification = (await t.gql(VERIFY, { code: certificate.verificationCode })).data.verifyCertificate;
    expect(verification).toEqual({
      kind: 'SEMINAR_ATTENDANCE',
      number: certificate.number,
      holderName: 'Siti Rahmawati Harahap',
      courseTitle: 'Seminar Nasional Inovasi Pelayanan Publik',
      organizerName: certificate.organizerName,
      jp: 4,
      issuedOn: jakartaToday(),
      valid: true,
    });
    const page = await fetch(`${t.url.replace(/\/graphql$/, '')}/verify/${certificate.verificationCode}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Sertifikat kehadiran');
    expect(html).toContain('Seminar Nasional Inovasi Pelayanan Publik');
    expect(html).toContain(university.name);
  });

  it('refuses wrong, expired and malformed codes with BAD_USER_INPUT on code, writing nothing', async () => {
    const seminar = await liveSeminar();
    const user = await learner();
    await register(user, seminar.id);
    const { code } = await open(seminar.sessions[0].id);
    const [{ secret }] = await selectRows<{ secret: string }>(t.databaseUrl, 'SELECT secret FROM seminar_attendance_keys WHERE session_id = $1', [
      seminar.sessions[0].id,
    ]);
    const expired = codeForStep(Buffer.from(secret, 'hex'), timeStep(new Date()) - 3);
    const wrong = code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF';
    for (const typed of [wrong, expired, 'ABC', 'AB0O1I']) {
      const answer = await checkIn(user, typed);
      expect({ typed, code: errorCode(answer), fields: errorFields(answer) }).toEqual({ typed, code: 'BAD_USER_INPUT', fields: ['code'] });
    }
    expect(await attendances(user)).toBe(0);
    expect(await ledger(user)).toBe(0);
  });

  it('takes each learner once per session: twice is CONFLICT, two at once leave one row and one credit', async () => {
    const seminar = await liveSeminar();
    const [once, racer] = [await learner(), await learner()];
    await register(once, seminar.id);
    await register(racer, seminar.id);
    const { code } = await open(seminar.sessions[0].id);
    expect((await checkIn(once, code)).errors).toBeUndefined();
    const twice = await checkIn(once, code);
    expect([errorCode(twice), errorFields(twice)]).toEqual(['CONFLICT', ['code']]);
    expect(await attendances(once)).toBe(1);

    await as(racer);
    const answers = await Promise.all([checkIn(racer, code), checkIn(racer, code)]);
    expect(answers.map((answer) => errorCode(answer) ?? 'OK').sort()).toEqual(['CONFLICT', 'OK']);
    expect(await attendances(racer)).toBe(1);
    expect(await ledger(racer)).toBe(1);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM certificates WHERE user_id = $1', [racer.id])).toBe(1);
  });

  it('credits the JP only once every session was attended; a session not yet in its window or over is CONFLICT', async () => {
    // Today's session is running; tomorrow's has its code on screen already (set up early).
    const seminar = await liveSeminar({ sessions: [session('hari-1', -5, 120), session('hari-2', 24 * 60, 24 * 60 + 240)] });
    expect(seminar.jp).toBe(8);
    const user = await learner();
    await register(user, seminar.id);
    const [today, tomorrow] = seminar.sessions;
    const first = await checkIn(user, (await open(today.id)).code);
    expect(first.data.checkIn.certificate).toBeNull();
    expect(await ledger(user)).toBe(0);

    const early = await checkIn(user, (await open(tomorrow.id)).code);
    expect([errorCode(early), errorFields(early)]).toEqual(['CONFLICT', ['code']]);
    expect(await attendances(user)).toBe(1);

    // Tomorrow comes: the session is now running.
    await selectRows(t.databaseUrl, `UPDATE seminar_sessions SET starts_at = now() - interval '1 minute', ends_at = now() + interval '2 hours' WHERE id = $1`, [
      tomorrow.id,
    ]);
    const second = await checkIn(user, (await open(tomorrow.id)).code);
    expect(second.errors).toBeUndefined();
    expect(second.data.checkIn.certificate).toMatchObject({ kind: 'SEMINAR_ATTENDANCE' });
    const { jpLedger } = await t.ok(`query { jpLedger { source jp } }`, {}, await as(user));
    expect(jpLedger).toEqual([{ source: 'SEMINAR', jp: 8 }]);
    const mine = `query ($id: ID!) { seminar(id: $id) { myRegistration { attendances { method session { id } } } } }`;
    expect((await t.ok(mine, { id: seminar.id }, await as(user))).seminar.myRegistration.attendances).toEqual([
      { method: 'CODE', session: { id: today.id } },
      { method: 'CODE', session: { id: tomorrow.id } },
    ]);
    const all = `query ($id: ID!) { seminar(id: $id) { registrations(first: 10) { edges { node { user { id } attendances { session { id } } } } } } }`;
    const organizerView = (await t.ok(all, { id: seminar.id }, { apiKey })).seminar.registrations.edges;
    expect(organizerView).toEqual([{ node: { user: { id: user.id }, attendances: [{ session: { id: today.id } }, { session: { id: tomorrow.id } }] } }]);

    // A session whose check-in closed: the code shown before is refused, and no new one is given.
    const over = await liveSeminar();
    const late = await learner();
    await register(late, over.id);
    const { code } = await open(over.sessions[0].id);
    await selectRows(t.databaseUrl, `UPDATE seminar_sessions SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [
      over.sessions[0].id,
    ]);
    const tooLate = await checkIn(late, code);
    expect([errorCode(tooLate), errorFields(tooLate)]).toEqual(['CONFLICT', ['code']]);
    expect(errorCode(await t.gql(OPEN, { sessionId: over.sessions[0].id }, { apiKey }))).toBe('CONFLICT');
    expect(await attendances(late)).toBe(0);
  });

  it('refuses another seminar’s code and waitlisted learners with FORBIDDEN, writing nothing', async () => {
    const mine = await liveSeminar();
    const theirs = await liveSeminar();
    const user = await learner();
    await register(user, mine.id);
    await open(mine.sessions[0].id);
    const other = await checkIn(user, (await open(theirs.sessions[0].id)).code);
    expect(errorCode(other)).toBe('FORBIDDEN');

    const full = await liveSeminar({ capacity: 1, waitlistLimit: 5 });
    const [seated, waiting] = [await learner(), await learner()];
    expect((await register(seated, full.id)).status).toBe('CONFIRMED');
    expect((await register(waiting, full.id)).status).toBe('WAITLISTED');
    const { code } = await open(full.sessions[0].id);
    expect(errorCode(await checkIn(waiting, code))).toBe('FORBIDDEN');
    expect(await attendances(user)).toBe(0);
    expect(await attendances(waiting)).toBe(0);
    expect(await ledger(waiting)).toBe(0);
  });

  it('limits check-in attempts per person so codes cannot be guessed', async () => {
    const seminar = await liveSeminar();
    const guesser = await learner();
    await register(guesser, seminar.id);
    const { code } = await open(seminar.sessions[0].id);
    const wrong = code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF';
    for (let i = 0; i < 10; i++) expect(errorCode(await checkIn(guesser, wrong))).toBe('BAD_USER_INPUT');
    const limited = await checkIn(guesser, code);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await attendances(guesser)).toBe(0);
  });
});
