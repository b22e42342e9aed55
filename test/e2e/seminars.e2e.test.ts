import { buildOrganization, buildUser, type BuiltUser } from '../builders/identity';
import { dayFromNow, partnerApiKey, PUBLISH_SEMINAR, publishSeminar, seminarInput } from '../builders/seminar';
import { countRows, selectRows } from '../support/database';
import { withClient } from '../support/global-setup';
import { pdfBytes, sha256 } from '../support/sample-files';
import { runStorageGc } from '../support/storage-gc';
import { startTestApp, type TestApp } from '../support/test-app';

const REGISTER = `mutation ($seminarId: ID!) {
  registerForSeminar(seminarId: $seminarId) { id status waitlistPosition registeredAt cancelledAt promotedAt seminar { id } user { id } }
}`;
const CANCEL_REGISTRATION = `mutation ($id: ID!) { cancelRegistration(id: $id) { id status cancelledAt waitlistPosition } }`;
const CANCEL_SEMINAR = `mutation ($id: ID!) { cancelSeminar(id: $id) { id status cancelledAt } }`;
const SEMINAR = `query ($id: ID!) {
  seminar(id: $id) {
    id title status capacity confirmedCount waitlistCount seatsLeft registrationOpen
    myRegistration { id status waitlistPosition }
  }
}`;
const REGISTRATIONS = `query ($id: ID!, $status: RegistrationStatus) {
  seminar(id: $id) {
    registrations(status: $status, first: 100) { totalCount edges { node { id status waitlistPosition registeredAt promotedAt user { id } } } }
  }
}`;
const SEMINARS = `query ($filter: SeminarFilter, $first: Int, $after: String) {
  seminars(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id title status startsAt } }
  }
}`;

type Result = { errors?: { message: string; extensions?: { code?: string; fields?: { field: string }[] } }[] };
const codeOf = (result: Result) => result.errors?.[0]?.extensions?.code;
const fieldsOf = (result: Result) => (result.errors?.[0]?.extensions?.fields ?? []).map((f) => f.field).sort();

describe('partner seminars: publishing, registration and the calendar', () => {
  let t: TestApp;
  let university: { id: string };
  let apiKey: string;
  let ngo: { id: string };
  let ngoKey: string;
  const tokens = new Map<BuiltUser, string>();

  beforeAll(async () => {
    t = await startTestApp();
    university = await buildOrganization(t, { kind: 'UNIVERSITY' });
    apiKey = await partnerApiKey(t, university.id);
    ngo = await buildOrganization(t, { kind: 'NGO' });
    ngoKey = await partnerApiKey(t, ngo.id);
  });
  afterAll(() => t.stop());

  const as = async (user: BuiltUser) => {
    if (!tokens.has(user)) tokens.set(user, await user.token());
    return { token: tokens.get(user) as string };
  };
  const admin = async () => ({ token: await t.adminToken() });
  const seminarRows = (externalRef: string) => countRows(t.databaseUrl, 'SELECT count(*) FROM seminars WHERE external_ref = $1', [externalRef]);
  const inbox = async (user: BuiltUser) =>
    (await t.ok(`{ notifications(first: 10) { edges { node { kind read seminar { id } } } } }`, {}, await as(user))).notifications.edges.map(
      (e: any) => e.node,
    );
  /** Learners in batches: logins reserve an attempt of the address's allowance until they succeed. */
  async function learners(count: number, organizationId?: string): Promise<BuiltUser[]> {
    const agencyId = organizationId ?? (await buildOrganization(t)).id;
    const built: BuiltUser[] = [];
    for (let i = 0; i < count; i += 10) {
      const batch = await Promise.all(Array.from({ length: Math.min(10, count - i) }, () => buildUser(t, { organizationId: agencyId })));
      await Promise.all(batch.map((learner) => as(learner)));
      built.push(...batch);
    }
    return built;
  }

  it('publishes with the partner’s API key; publishing again changes the same seminar and keeps session ids', async () => {
    const input = seminarInput();
    const first = (await t.ok(PUBLISH_SEMINAR, { input }, { apiKey })).publishSeminar;
    expect(first).toMatchObject({
      externalRef: input.externalRef,
      status: 'PUBLISHED',
      organizer: { id: university.id },
      days: 2,
      jp: 8,
      jpRule: '2 hari × 4 JP (seminar nasional) = 8 JP',
      speakers: [
        { name: 'Dr. Rina Hutagalung', affiliation: 'Universitas Tapanuli', bio: 'Peneliti kebijakan publik.' },
        { name: 'Ir. Budi Pasaribu, M.Si.', affiliation: 'BKPSDM Kota Sibolga', bio: null },
      ],
    });
    expect(first.sessions.map((s: any) => [s.position, s.externalRef, s.timeZone])).toEqual([
      [1, 'hari-1', 'Asia/Jakarta'],
      [2, 'hari-2', 'Asia/Jakarta'],
    ]);
    expect(first.registrationClosesAt).toBe(first.sessions[0].startsAt);

    const sessions = input.sessions as Record<string, unknown>[];
    const again = (
      await t.ok(
        PUBLISH_SEMINAR,
        {
          input: {
            ...input,
            title: 'Lokakarya Nasional Transformasi Pelayanan Publik',
            kind: 'WORKSHOP',
            // Day 2 first now, day 1 moved an hour later, a third day added.
            sessions: [
              sessions[1],
              { ...sessions[0], startsAt: dayFromNow(30, 2).toISOString(), endsAt: dayFromNow(30, 6).toISOString() },
              { externalRef: 'hari-3', startsAt: dayFromNow(32, 1).toISOString(), endsAt: dayFromNow(32, 5).toISOString(), timeZone: 'asia/jakarta' },
            ],
            speakers: [{ name: 'Dr. Rina Hutagalung' }],
          },
        },
        { apiKey },
      )
    ).publishSeminar;
    expect(again).toMatchObject({ id: first.id, title: 'Lokakarya Nasional Transformasi Pelayanan Publik', days: 3, jp: 15, speakers: [{ name: 'Dr. Rina Hutagalung' }] });
    const byRef = new Map(first.sessions.map((s: any) => [s.externalRef, s.id]));
    expect(again.sessions.map((s: any) => [s.position, s.externalRef, s.id])).toEqual([
      [1, 'hari-2', byRef.get('hari-2')],
      [2, 'hari-1', byRef.get('hari-1')],
      [3, 'hari-3', expect.any(String)],
    ]);
    expect(again.sessions[2].timeZone).toBe('Asia/Jakarta');
    expect(await seminarRows(input.externalRef as string)).toBe(1);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_sessions WHERE seminar_id = $1', [first.id])).toBe(3);

    // An explicit JP wins over the rule.
    const explicit = (await t.ok(PUBLISH_SEMINAR, { input: { ...input, jpOverride: 2.5 } }, { apiKey })).publishSeminar;
    expect(explicit).toMatchObject({ id: first.id, jp: 2.5, jpRule: 'Ditetapkan penyelenggara: 2.5 JP' });
  });

  it('leaves one seminar when the same new externalRef is published many times at once', async () => {
    const input = seminarInput();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => t.gql(PUBLISH_SEMINAR, { input: { ...input, title: `Seminar Serentak ${i}` } }, { apiKey })),
    );
    expect(results.map(codeOf)).toEqual(Array(8).fill(undefined));
    expect(new Set(results.map((r: any) => r.data.publishSeminar.id)).size).toBe(1);
    expect(await seminarRows(input.externalRef as string)).toBe(1);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_sessions s JOIN seminars m ON m.id = s.seminar_id WHERE m.external_ref = $1', [input.externalRef])).toBe(2);
  });

  it('keeps each partner to its own seminars; admins publish for anyone and may unpublish', async () => {
    const mine = await publishSeminar(t, { apiKey });
    const before = await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars');

    const forUniversity = await t.gql(PUBLISH_SEMINAR, { input: seminarInput({ organizerId: university.id }) }, { apiKey: ngoKey });
    expect(codeOf(forUniversity)).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(CANCEL_SEMINAR, { id: mine.id }, { apiKey: ngoKey }))).toBe('FORBIDDEN');
    // The same externalRef under another organizer is another seminar, never the university's.
    const ngoOwn = await publishSeminar(t, { apiKey: ngoKey }, { externalRef: mine.externalRef, title: 'Seminar LSM' });
    expect(ngoOwn.id).not.toBe(mine.id);
    expect(ngoOwn.organizer.id).toBe(ngo.id);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars')).toBe(before + 1);
    expect((await t.ok(SEMINAR, { id: mine.id }, await admin())).seminar).toMatchObject({ title: mine.title, status: 'PUBLISHED' });

    // A partner's staff member publishes as a person; a learner may not publish at all.
    const staff = await buildUser(t, { roles: ['PARTNER'], organizationId: university.id });
    expect((await publishSeminar(t, await as(staff))).organizer.id).toBe(university.id);
    const [learner] = await learners(1);
    expect(codeOf(await t.gql(PUBLISH_SEMINAR, { input: seminarInput() }, await as(learner)))).toBe('FORBIDDEN');

    const byAdmin = await publishSeminar(t, await admin(), { organizerId: ngo.id });
    expect(byAdmin.organizer.id).toBe(ngo.id);
    expect(fieldsOf(await t.gql(PUBLISH_SEMINAR, { input: seminarInput() }, await admin()))).toEqual(['input.organizerId']);

    const unpublished = (await t.ok(`mutation ($id: ID!) { unpublishSeminar(id: $id) { status } }`, { id: byAdmin.id }, await admin())).unpublishSeminar;
    expect(unpublished.status).toBe('DRAFT');
    expect((await t.ok(SEMINAR, { id: byAdmin.id }, await as(learner))).seminar).toBeNull();
    expect((await t.ok(SEMINAR, { id: byAdmin.id }, { apiKey: ngoKey })).seminar).toMatchObject({ status: 'DRAFT' });
    expect(codeOf(await t.gql(`mutation ($id: ID!) { unpublishSeminar(id: $id) { status } }`, { id: mine.id }, { apiKey }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(REGISTER, { seminarId: byAdmin.id }, await as(learner)))).toBe('NOT_FOUND');
  });

  it('refuses bad sessions, unknown time zones and foreign audiences, naming each field, and writes nothing', async () => {
    const before = await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars');
    const input = seminarInput({
      capacity: 0,
      onlineUrl: 'javascript:alert(1)',
      sessions: [
        { startsAt: dayFromNow(30, 5).toISOString(), endsAt: dayFromNow(30, 1).toISOString(), timeZone: 'Asia/Jakarta' },
        { startsAt: dayFromNow(31, 1).toISOString(), endsAt: dayFromNow(31, 5).toISOString(), timeZone: 'Asia/Sibolga' },
      ],
      audience: { organizationIds: [university.id], positions: ['Analis Kebijakan'] },
    });
    const bad = await t.gql(PUBLISH_SEMINAR, { input }, { apiKey });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(bad)).toEqual(
      ['input.audience.organizationIds[0]', 'input.capacity', 'input.onlineUrl', 'input.sessions[0].endsAt', 'input.sessions[1].timeZone'].sort(),
    );
    const late = seminarInput({ registrationClosesAt: dayFromNow(30, 6).toISOString() });
    expect(fieldsOf(await t.gql(PUBLISH_SEMINAR, { input: late }, { apiKey }))).toEqual(['input.registrationClosesAt']);
    expect(fieldsOf(await t.gql(PUBLISH_SEMINAR, { input: seminarInput({ sessions: [] }) }, { apiKey }))).toEqual(['input.sessions']);
    expect(fieldsOf(await t.gql(PUBLISH_SEMINAR, { input: seminarInput({ status: 'CANCELLED' }) }, { apiKey }))).toEqual(['input.status']);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminars')).toBe(before);

    // A bad republish leaves the published seminar as it was.
    const published = await publishSeminar(t, { apiKey });
    const broken = await t.gql(PUBLISH_SEMINAR, { input: seminarInput({ externalRef: published.externalRef, title: 'Judul Baru', sessions: [{ ...(input.sessions as any[])[1] }] }) }, { apiKey });
    expect(fieldsOf(broken)).toEqual(['input.sessions[0].timeZone']);
    expect((await t.ok(SEMINAR, { id: published.id }, { apiKey })).seminar.title).toBe(published.title);
  });

  it('gives 10 seats to exactly 10 of 50 concurrent registrations, waitlists 40 in order, and promotes the first when a seat frees up', async () => {
    const seminar = await publishSeminar(t, { apiKey }, { capacity: 10 });
    const crowd = await learners(50);
    const results = await Promise.all(crowd.map(async (learner) => t.gql(REGISTER, { seminarId: seminar.id }, await as(learner))));
    expect(results.map(codeOf).filter(Boolean)).toEqual([]);
    const registrations = results.map((r: any) => r.data.registerForSeminar);
    const confirmed = registrations.filter((r) => r.status === 'CONFIRMED');
    const waitlisted = registrations.filter((r) => r.status === 'WAITLISTED');
    expect(confirmed).toHaveLength(10);
    expect(waitlisted).toHaveLength(40);
    expect(confirmed.every((r) => r.waitlistPosition === null)).toBe(true);
    expect(waitlisted.map((r) => r.waitlistPosition).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // In line in the order the seminar's lock let them in: registeredAt is taken under it.
    const inLine = [...waitlisted].sort((a, b) => a.waitlistPosition - b.waitlistPosition);
    expect(inLine.map((r) => r.registeredAt)).toEqual([...inLine.map((r) => r.registeredAt)].sort());
    const lastSeat = Math.max(...confirmed.map((r) => Date.parse(r.registeredAt)));
    expect(lastSeat).toBeLessThanOrEqual(Date.parse(inLine[0].registeredAt));
    expect(await countRows(t.databaseUrl, "SELECT count(*) FROM seminar_registrations WHERE seminar_id = $1 AND status = 'CONFIRMED'", [seminar.id])).toBe(10);
    expect((await t.ok(SEMINAR, { id: seminar.id }, { apiKey })).seminar).toMatchObject({ confirmedCount: 10, waitlistCount: 40, seatsLeft: 0 });

    // Registering again answers the same registration.
    const learnerOf = (registration: { user: { id: string } }) => crowd.find((l) => l.id === registration.user.id) as BuiltUser;
    const again = (await t.ok(REGISTER, { seminarId: seminar.id }, await as(learnerOf(inLine[3])))).registerForSeminar;
    expect(again).toMatchObject({ id: inLine[3].id, status: 'WAITLISTED', waitlistPosition: 4 });

    // A confirmed learner cancels: the first in line gets the seat and is told so.
    const leaving = confirmed[0];
    const cancelled = (await t.ok(CANCEL_REGISTRATION, { id: leaving.id }, await as(learnerOf(leaving)))).cancelRegistration;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', waitlistPosition: null });
    expect(cancelled.cancelledAt).not.toBeNull();
    const promoted = (await t.ok(SEMINAR, { id: seminar.id }, await as(learnerOf(inLine[0])))).seminar.myRegistration;
    expect(promoted).toMatchObject({ id: inLine[0].id, status: 'CONFIRMED', waitlistPosition: null });
    const notes = await selectRows(t.databaseUrl, 'SELECT recipient_id, kind, seminar_id FROM notifications WHERE seminar_id = $1', [seminar.id]);
    expect(notes).toEqual([{ recipient_id: inLine[0].user.id, kind: 'WAITLIST_PROMOTED', seminar_id: seminar.id }]);
    expect(await inbox(learnerOf(inLine[0]))).toEqual([{ kind: 'WAITLIST_PROMOTED', read: false, seminar: { id: seminar.id } }]);
    const line = (await t.ok(REGISTRATIONS, { id: seminar.id, status: 'WAITLISTED' }, { apiKey })).seminar.registrations;
    expect(line.totalCount).toBe(39);
    expect(line.edges.map((e: any) => e.node.id)).toEqual(inLine.slice(1).map((r) => r.id));
    expect(line.edges.map((e: any) => e.node.waitlistPosition)).toEqual(Array.from({ length: 39 }, (_, i) => i + 1));
    // Cancelling twice is harmless; someone else's registration is not theirs to cancel.
    expect((await t.ok(CANCEL_REGISTRATION, { id: leaving.id }, await as(learnerOf(leaving)))).cancelRegistration.status).toBe('CANCELLED');
    expect(codeOf(await t.gql(CANCEL_REGISTRATION, { id: inLine[5].id }, await as(learnerOf(inLine[6]))))).toBe('FORBIDDEN');
    // After cancelling, registering again goes to the end of the line.
    const back = (await t.ok(REGISTER, { seminarId: seminar.id }, await as(learnerOf(leaving)))).registerForSeminar;
    expect(back).toMatchObject({ id: leaving.id, status: 'WAITLISTED', waitlistPosition: 40, cancelledAt: null });

    // Capacity cannot drop below the confirmed; raising it serves the line in order.
    const republish = (capacity: number) =>
      t.gql(PUBLISH_SEMINAR, { input: seminarInput({ externalRef: seminar.externalRef, title: seminar.title, capacity }) }, { apiKey });
    const lower = await republish(9);
    expect(codeOf(lower)).toBe('CONFLICT');
    expect(fieldsOf(lower)).toEqual(['input.capacity']);
    expect(codeOf(await republish(12))).toBeUndefined();
    const nowConfirmed = await selectRows<{ id: string }>(
      t.databaseUrl,
      "SELECT id FROM seminar_registrations WHERE seminar_id = $1 AND status = 'CONFIRMED' AND promoted_at IS NOT NULL ORDER BY promoted_at, queue_number",
      [seminar.id],
    );
    expect(nowConfirmed.map((row) => row.id)).toEqual([inLine[0].id, inLine[1].id, inLine[2].id]);

    // Cancelling the seminar tells every registrant (12 confirmed, 38 waitlisted) and closes it.
    const cancelledSeminar = (await t.ok(CANCEL_SEMINAR, { id: seminar.id }, { apiKey })).cancelSeminar;
    expect(cancelledSeminar.status).toBe('CANCELLED');
    expect(await countRows(t.databaseUrl, "SELECT count(*) FROM notifications WHERE seminar_id = $1 AND kind = 'SEMINAR_CANCELLED'", [seminar.id])).toBe(50);
    expect((await inbox(learnerOf(inLine[30])))[0]).toEqual({ kind: 'SEMINAR_CANCELLED', read: false, seminar: { id: seminar.id } });
    expect((await t.ok(CANCEL_SEMINAR, { id: seminar.id }, { apiKey })).cancelSeminar.status).toBe('CANCELLED');
    expect(await countRows(t.databaseUrl, "SELECT count(*) FROM notifications WHERE seminar_id = $1 AND kind = 'SEMINAR_CANCELLED'", [seminar.id])).toBe(50);
    const registrationsBefore = await countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_registrations');
    const [newcomer] = await learners(1);
    expect(codeOf(await t.gql(REGISTER, { seminarId: seminar.id }, await as(newcomer)))).toBe('CONFLICT');
    expect(codeOf(await t.gql(REGISTER, { seminarId: seminar.id }, await as(learnerOf(inLine[0]))))).toBe('CONFLICT');
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_registrations')).toBe(registrationsBefore);
    const revived = await t.gql(PUBLISH_SEMINAR, { input: seminarInput({ externalRef: seminar.externalRef }) }, { apiKey });
    expect(codeOf(revived)).toBe('CONFLICT');
  }, 120_000);

  it('closes registration at the set time, keeps a limited waitlist, and lets in only the target agencies', async () => {
    const closed = await publishSeminar(t, { apiKey }, { registrationClosesAt: new Date(Date.now() - 60_000).toISOString() });
    const [learner] = await learners(1);
    const late = await t.gql(REGISTER, { seminarId: closed.id }, await as(learner));
    expect(codeOf(late)).toBe('CONFLICT');
    expect(late.errors?.[0].message).toMatch(/closed/);
    expect((await t.ok(SEMINAR, { id: closed.id }, await as(learner))).seminar.registrationOpen).toBe(false);

    const small = await publishSeminar(t, { apiKey }, { capacity: 1, waitlistLimit: 1 });
    const [a, b, c] = await learners(3);
    expect((await t.ok(REGISTER, { seminarId: small.id }, await as(a))).registerForSeminar.status).toBe('CONFIRMED');
    expect((await t.ok(REGISTER, { seminarId: small.id }, await as(b))).registerForSeminar.status).toBe('WAITLISTED');
    const full = await t.gql(REGISTER, { seminarId: small.id }, await as(c));
    expect(codeOf(full)).toBe('CONFLICT');
    expect(full.errors?.[0].message).toMatch(/full/);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM seminar_registrations WHERE seminar_id = $1', [small.id])).toBe(2);

    const dinas = await buildOrganization(t, { name: `Dinas Kesehatan Kota Sibolga ${Date.now()}` });
    const puskesmas = await buildOrganization(t, { name: `UPT Puskesmas Sibolga ${Date.now()}`, parentId: dinas.id });
    const disdik = await buildOrganization(t, { name: `Dinas Pendidikan Kota Sibolga ${Date.now()}` });
    const targeted = await publishSeminar(t, { apiKey }, { audience: { organizationIds: [dinas.id], positions: ['Tenaga Kesehatan'] } });
    expect(targeted.audience).toEqual({ organizations: [{ id: dinas.id }], positions: ['Tenaga Kesehatan'] });
    const [nurse] = await learners(1, puskesmas.id);
    const [teacher] = await learners(1, disdik.id);
    expect((await t.ok(REGISTER, { seminarId: targeted.id }, await as(nurse))).registerForSeminar.status).toBe('CONFIRMED');
    expect(codeOf(await t.gql(REGISTER, { seminarId: targeted.id }, await as(teacher)))).toBe('FORBIDDEN');
    // Partner systems do not register people.
    expect(codeOf(await t.gql(REGISTER, { seminarId: small.id }, { apiKey }))).toBe('FORBIDDEN');

    const forAudience = async (organizationId: string) =>
      (await t.ok(SEMINARS, { filter: { audienceOrganizationId: organizationId, organizerId: university.id }, first: 100 }, await as(nurse))).seminars.edges.map(
        (e: any) => e.node.id,
      );
    expect(await forAudience(puskesmas.id)).toEqual(expect.arrayContaining([targeted.id, small.id]));
    expect(await forAudience(disdik.id)).toEqual(expect.arrayContaining([small.id]));
    expect(await forAudience(disdik.id)).not.toContain(targeted.id);
  }, 60_000);

  it('lists seminars by first session with upcoming, organizer, text and status filters', async () => {
    const partner = await buildOrganization(t, { kind: 'TRAINING_CENTER' });
    const key = await partnerApiKey(t, partner.id);
    const at = (days: number) => [{ startsAt: dayFromNow(days, 1).toISOString(), endsAt: dayFromNow(days, 5).toISOString(), timeZone: 'Asia/Jakarta' }];
    const later = await publishSeminar(t, { apiKey: key }, { title: 'Lokakarya Arsip Digital', sessions: at(60) });
    const sooner = await publishSeminar(t, { apiKey: key }, { title: 'Seminar Keuangan Daerah', abstract: 'Pengelolaan APBD yang akuntabel', sessions: at(10) });
    const past = await publishSeminar(t, { apiKey: key }, { title: 'Seminar Smart City', sessions: at(-10), registrationClosesAt: dayFromNow(-11).toISOString() });
    const draft = await publishSeminar(t, { apiKey: key }, { title: 'Seminar Rancangan', status: 'DRAFT', sessions: at(20) });
    const [learner] = await learners(1);
    const list = async (filter: Record<string, unknown>, credentials: { token?: string; apiKey?: string } = { token: tokens.get(learner) }) =>
      (await t.ok(SEMINARS, { filter: { organizerId: partner.id, ...filter }, first: 100 }, credentials)).seminars;
    const ids = async (filter: Record<string, unknown>, credentials?: { token?: string; apiKey?: string }) =>
      (await list(filter, credentials)).edges.map((e: any) => e.node.id);

    expect(await ids({})).toEqual([past.id, sooner.id, later.id]);
    expect(await ids({ upcoming: true })).toEqual([sooner.id, later.id]);
    expect(await ids({ upcoming: false })).toEqual([past.id]);
    expect(await ids({ search: 'apbd' })).toEqual([sooner.id]);
    expect(await ids({ search: 'ARSIP' })).toEqual([later.id]);
    expect(await ids({ search: '100%' })).toEqual([]);
    expect(await ids({ status: 'DRAFT' })).toEqual([]);
    expect(await ids({ status: 'DRAFT' }, { apiKey: key })).toEqual([draft.id]);
    expect(await ids({}, { apiKey: key })).toEqual([past.id, sooner.id, draft.id, later.id]);
    expect(await ids({}, { apiKey })).toEqual([past.id, sooner.id, later.id]);

    const page = await list({}, { token: tokens.get(learner) });
    expect(page.totalCount).toBe(3);
    const first = (await t.ok(SEMINARS, { filter: { organizerId: partner.id }, first: 2 }, await as(learner))).seminars;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await t.ok(SEMINARS, { filter: { organizerId: partner.id }, first: 2, after: first.pageInfo.endCursor }, await as(learner))).seminars;
    expect([...first.edges, ...second.edges].map((e: any) => e.node.id)).toEqual([past.id, sooner.id, later.id]);

    // The learner's own schedule.
    await t.ok(REGISTER, { seminarId: sooner.id }, await as(learner));
    const mine = (await t.ok(`{ mySeminarRegistrations(upcoming: true) { totalCount edges { node { status seminar { id title } } } } }`, {}, await as(learner)))
      .mySeminarRegistrations;
    expect(mine).toEqual({ totalCount: 1, edges: [{ node: { status: 'CONFIRMED', seminar: { id: sooner.id, title: 'Seminar Keuangan Daerah' } } }] });
    expect(codeOf(await t.gql(SEMINARS, {}))).toBe('UNAUTHENTICATED');
  }, 60_000);

  it('answers the calendar with all its nested fields in as many SQL statements for 2 seminars as for 8', async () => {
    const CALENDAR = `query ($filter: SeminarFilter) {
      seminars(filter: $filter, first: 100) {
        totalCount
        edges { node {
          id jp jpRule confirmedCount waitlistCount seatsLeft registrationOpen
          organizer { id name } sessions { id startsAt timeZone } speakers { name }
          audience { organizations { id name } positions } materials { id downloadUrl }
          myRegistration { id status waitlistPosition seminar { id } }
        } }
      }
    }`;
    const agency = await buildOrganization(t);
    const [learner] = await learners(1, agency.id);
    async function calendarOf(count: number) {
      const partner = await buildOrganization(t, { kind: 'NGO' });
      const key = await partnerApiKey(t, partner.id);
      for (let i = 0; i < count; i += 1) {
        const seminar = await publishSeminar(t, { apiKey: key }, { capacity: 1, audience: { organizationIds: [agency.id] } });
        // Every other seminar: a seat for someone else first, so the learner is waitlisted.
        if (i % 2) await t.ok(REGISTER, { seminarId: seminar.id }, await as((await learners(1, agency.id))[0]));
        await t.ok(REGISTER, { seminarId: seminar.id }, await as(learner));
      }
      return t.gql(CALENDAR, { filter: { organizerId: partner.id } }, await as(learner));
    }
    const small = await calendarOf(2);
    const large = await calendarOf(8);
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect((large.data as any).seminars.totalCount).toBe(8);
    const positions = (large.data as any).seminars.edges.map((e: any) => e.node.myRegistration.waitlistPosition);
    expect(positions.filter((p: number | null) => p === 1)).toHaveLength(4);
    expect(positions.filter((p: number | null) => p === null)).toHaveLength(4);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  }, 60_000);

  it('takes slides through the presigned upload flow, serves them to registrants only, and storage cleanup keeps them', async () => {
    const seminar = await publishSeminar(t, { apiKey });
    const bytes = pdfBytes('Bahan paparan seminar pelayanan publik');
    const file = { filename: 'paparan-hari-1.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) };
    const REQUEST = `mutation ($seminarId: ID!, $kind: SeminarMaterialKind!, $file: FileInput!) {
      requestSeminarMaterialUpload(seminarId: $seminarId, kind: $kind, file: $file) { uploadId url method headers { name value } }
    }`;
    const COMPLETE = `mutation ($seminarId: ID!, $uploadId: ID!, $kind: SeminarMaterialKind!, $title: String) {
      completeSeminarMaterialUpload(seminarId: $seminarId, uploadId: $uploadId, kind: $kind, title: $title) { id title kind filename contentType size sha256 }
    }`;
    const badKind = await t.gql(REQUEST, { seminarId: seminar.id, kind: 'RECORDING', file }, { apiKey });
    expect(fieldsOf(badKind)).toEqual(['file.contentType']);
    expect(codeOf(await t.gql(REQUEST, { seminarId: seminar.id, kind: 'SLIDES', file }, { apiKey: ngoKey }))).toBe('FORBIDDEN');

    const ticket = (await t.ok(REQUEST, { seminarId: seminar.id, kind: 'SLIDES', file }, { apiKey })).requestSeminarMaterialUpload;
    const headers = Object.fromEntries(ticket.headers.map((h: { name: string; value: string }) => [h.name, h.value]));
    expect((await fetch(ticket.url, { method: ticket.method, headers, body: bytes })).status).toBe(200);
    const material = (await t.ok(COMPLETE, { seminarId: seminar.id, uploadId: ticket.uploadId, kind: 'SLIDES', title: 'Paparan Hari 1' }, { apiKey }))
      .completeSeminarMaterialUpload;
    expect(material).toMatchObject({ title: 'Paparan Hari 1', kind: 'SLIDES', filename: 'paparan-hari-1.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) });

    const MATERIALS = `query ($id: ID!) { seminar(id: $id) { materials { id title downloadUrl } } }`;
    const [registrant, outsider] = await learners(2);
    await t.ok(REGISTER, { seminarId: seminar.id }, await as(registrant));
    const [forRegistrant] = (await t.ok(MATERIALS, { id: seminar.id }, await as(registrant))).seminar.materials;
    expect(forRegistrant).toMatchObject({ id: material.id, title: 'Paparan Hari 1', downloadUrl: expect.stringMatching(/^http/) });
    const download = await fetch(forRegistrant.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await t.ok(MATERIALS, { id: seminar.id }, await as(outsider))).seminar.materials).toEqual([{ id: material.id, title: 'Paparan Hari 1', downloadUrl: null }]);

    await withClient(t.databaseUrl, (client) => client.query(`UPDATE stored_blobs SET created_at = now() - interval '30 days' WHERE sha256 = $1`, [sha256(bytes)]));
    await runStorageGc(t.databaseUrl, 0);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(bytes)])).toBe(1);
    expect((await fetch((await t.ok(MATERIALS, { id: seminar.id }, await as(registrant))).seminar.materials[0].downloadUrl)).status).toBe(200);

    // Removed, the file is garbage: the next cleanup takes it.
    expect((await t.ok(`mutation ($id: ID!) { removeSeminarMaterial(id: $id) }`, { id: material.id }, { apiKey })).removeSeminarMaterial).toBe(true);
    await runStorageGc(t.databaseUrl, 0);
    expect(await countRows(t.databaseUrl, 'SELECT count(*) FROM stored_blobs WHERE sha256 = $1', [sha256(bytes)])).toBe(0);
  }, 60_000);
});
