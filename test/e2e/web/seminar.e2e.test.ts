import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildCourse, buildMaterial, buildModule, publishCourse, type BuiltCourse } from '../../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../../builders/identity';
import { partnerApiKey, publishSeminar } from '../../builders/seminar';
import { describeWithChromium, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const REGISTER = `mutation ($seminarId: ID!) { registerForSeminar(seminarId: $seminarId) { id status waitlistPosition } }`;
const OPEN_ATTENDANCE = `mutation ($sessionId: ID!) { openAttendance(sessionId: $sessionId) { code } }`;
const MY_ATTENDANCE = `query ($id: ID!) { seminar(id: $id) { myRegistration { status attendances { method session { id } } } } }`;

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/**
 * Issue 17, the learner's side of the catalogue and of seminars: an Indonesian search with filters
 * that survives a reload; the seminar calendar; a full seminar's waitlist; registering and checking
 * in with the code shown in the room; the seminar's calendar file and the person's own feed.
 */
describeWithChromium('Pelita web: catalogue search and seminars', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let learner: BuiltUser;
  let apiKey: string;
  let context: BrowserContext | undefined;
  const prima = { title: 'Pelayanan Publik Prima', course: undefined as BuiltCourse | undefined };
  const terpadu = { title: 'Manajemen Pelayanan Terpadu Satu Pintu', course: undefined as BuiltCourse | undefined };
  const leading = { title: 'Kepemimpinan Strategis Perangkat Daerah' };
  const full = { id: '', title: 'Seminar Nasional Transformasi Pelayanan Publik' };
  const live = { id: '', sessionId: '', title: 'Lokakarya Inovasi Pelayanan Kelurahan' };

  const publishedCourse = async (input: Parameters<typeof buildCourse>[1]) => {
    const course = await buildCourse(t, input);
    const module = await buildModule(t, course);
    await buildMaterial(t, course, module.id, 'TEXT');
    await publishCourse(t, course);
    return course;
  };

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    t = await startTestApp();
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    const agency = await buildOrganization(t);
    learner = await buildUser(t, { name: 'Siti Pohan', organizationId: agency.id });

    // "melayani" stems to the same word as "pelayanan": two courses match it, the third does not.
    prima.course = await publishedCourse({ title: prima.title, competency: 'TEKNIS', deliveryMode: 'ONLINE', jp: 8 });
    terpadu.course = await publishedCourse({ title: terpadu.title, competency: 'MANAJERIAL', deliveryMode: 'BLENDED', jp: 12 });
    await publishedCourse({ title: leading.title, summary: 'Kepemimpinan bagi pejabat administrator.', competency: 'MANAJERIAL', deliveryMode: 'ONLINE', jp: 10 });

    const university = await buildOrganization(t, { kind: 'UNIVERSITY', name: 'Universitas Tapanuli' });
    apiKey = await partnerApiKey(t, university.id);
    // One seat, taken; one learner already waits: whoever registers next is second in line.
    const fullSeminar = await publishSeminar(t, { apiKey }, { title: full.title, capacity: 1 });
    full.id = fullSeminar.id;
    for (const name of ['Budi Pasaribu', 'Rina Hutagalung']) {
      const other = await buildUser(t, { name, organizationId: agency.id });
      await t.ok(REGISTER, { seminarId: full.id }, { token: await other.token() });
    }
    // A workshop whose only session began ten minutes ago: check-in is open now.
    const liveSeminar = await publishSeminar(
      t,
      { apiKey },
      {
        title: live.title,
        kind: 'WORKSHOP',
        capacity: 30,
        registrationClosesAt: minutesFromNow(60),
        sessions: [{ externalRef: 'sesi-1', title: 'Praktik inovasi', startsAt: minutesFromNow(-10), endsAt: minutesFromNow(120), timeZone: 'Asia/Jakarta' }],
      },
    );
    live.id = liveSeminar.id;
    live.sessionId = liveSeminar.sessions[0].id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const cards = (page: Page) => page.locator('main li.card h2');
  const fitsThePhone = async (page: Page) => expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  /** The server's own address for a URL the API made with PUBLIC_BASE_URL. */
  const onTheServer = (url: string) => fetch(`http://127.0.0.1:${t.app.port}${new URL(url).pathname}`);
  /** iCalendar text with its long lines unfolded (RFC 5545 folds them at 75 octets). */
  const unfolded = async (response: Response) => (await response.text()).replace(/\r\n[ \t]/g, '');

  it('searches the catalogue in Indonesian and filters it, and a reload keeps the search', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    const catalogueRequests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/graphql' && url.searchParams.get('operationName')) catalogueRequests.push(url.searchParams.get('operationName')!);
    });
    await logInThroughTheApp(page, base, learner);
    await page.getByRole('link', { name: 'Katalog' }).click();
    await page.getByRole('heading', { name: 'Katalog pelatihan' }).waitFor();
    await page.getByRole('status').filter({ hasText: '3 pelatihan' }).waitFor();
    // The organisations are not asked for until the filters are opened.
    expect(catalogueRequests).not.toContain('CatalogueOrganizations');

    await page.getByRole('searchbox', { name: 'Cari pelatihan' }).fill('melayani');
    await page.getByRole('button', { name: 'Cari', exact: true }).first().click();
    await page.getByRole('status').filter({ hasText: '2 pelatihan ditemukan' }).waitFor();
    await expect(cards(page).allTextContents()).resolves.toEqual([terpadu.title, prima.title]);
    expect(new URL(page.url()).search).toBe('?q=melayani');

    await page.getByText('Saringan', { exact: true }).click();
    await page.getByLabel('Jenis kompetensi').selectOption({ label: 'Manajerial' });
    await page.getByRole('button', { name: 'Cari', exact: true }).last().click();
    await page.getByRole('status').filter({ hasText: '1 pelatihan ditemukan' }).waitFor();
    await expect(cards(page).allTextContents()).resolves.toEqual([terpadu.title]);
    expect(new URL(page.url()).search).toBe('?q=melayani&competency=MANAJERIAL');

    await page.reload();
    await page.getByRole('status').filter({ hasText: '1 pelatihan ditemukan' }).waitFor();
    await expect(cards(page).allTextContents()).resolves.toEqual([terpadu.title]);
    await expect(page.getByRole('searchbox', { name: 'Cari pelatihan' }).inputValue()).resolves.toBe('melayani');
    await expect(page.getByLabel('Jenis kompetensi').inputValue()).resolves.toBe('MANAJERIAL');
    await expect(page.getByText('Saringan (1 aktif)').isVisible()).resolves.toBe(true);
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'catalogue-filtered.png'), fullPage: true });

    // By organiser instead of competency: the list of organisations comes once the filters are open.
    await page.getByLabel('Jenis kompetensi').selectOption({ label: 'Semua' });
    const organizer = page.getByLabel('Penyelenggara');
    await page.locator('select:enabled', { has: page.locator(`option[value="${prima.course!.organizationId}"]`) }).waitFor();
    await organizer.selectOption(prima.course!.organizationId);
    await page.getByRole('button', { name: 'Cari', exact: true }).last().click();
    await page.waitForURL((url) => url.search === `?q=melayani&organization=${prima.course!.organizationId}`);
    await cards(page).filter({ hasText: prima.title }).waitFor();
    await expect(cards(page).allTextContents()).resolves.toEqual([prima.title]);
    await expect(page.getByRole('status').textContent()).resolves.toBe('1 pelatihan ditemukan');

    // Back goes to the previous search; clearing shows the whole catalogue again.
    await page.goBack();
    await page.waitForURL((url) => url.search === '?q=melayani&competency=MANAJERIAL');
    await cards(page).filter({ hasText: terpadu.title }).waitFor();
    await expect(cards(page).allTextContents()).resolves.toEqual([terpadu.title]);
    await expect(page.getByLabel('Jenis kompetensi').inputValue()).resolves.toBe('MANAJERIAL');
    await page.getByRole('button', { name: 'Hapus pencarian dan saringan' }).click();
    await page.getByRole('status').filter({ hasText: '3 pelatihan' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(failures).toEqual([]);
  });

  it('lets a learner join a full seminar’s waitlist, register for another and check in with the code, and get calendar links', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await logInThroughTheApp(page, base, learner);
    await page.getByRole('heading', { name: 'Jadwal mendatang' }).waitFor();
    await page.getByText('Belum ada seminar atau kelas tatap muka terjadwal.').waitFor();

    await page.getByRole('link', { name: 'Seminar', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Seminar' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/seminars');
    // Soonest first: the workshop under way, then the seminar a month away.
    await page.getByText('2 seminar akan datang').waitFor();
    await expect(page.locator('main li.card h2').allTextContents()).resolves.toEqual([live.title, full.title]);
    const fullCard = page.locator('li', { has: page.getByRole('heading', { name: full.title }) });
    await expect(fullCard.textContent()).resolves.toContain('Kursi penuh · 1 di daftar tunggu');
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'seminars.png'), fullPage: true });

    // The full seminar: registering puts the learner second on the waitlist.
    await page.getByRole('link', { name: full.title }).click();
    await page.getByRole('heading', { level: 1, name: full.title }).waitFor();
    await page.getByText('Kursi sudah penuh: Anda masuk daftar tunggu').waitFor();
    await page.getByRole('button', { name: 'Masuk daftar tunggu' }).click();
    await page.getByTestId('registration-state').filter({ hasText: 'Anda di daftar tunggu, urutan ke-2.' }).waitFor();
    await page.getByTestId('seats').filter({ hasText: 'Kursi penuh · 2 di daftar tunggu' }).waitFor();
    // Keyboard users stay where they were: on what just happened.
    await expect(page.evaluate<string>('document.activeElement.dataset.testid')).resolves.toBe('registration-state');
    // No check-in for a place on the waitlist.
    await expect(page.getByLabel('Kode presensi').count()).resolves.toBe(0);
    // The seminar's own calendar file, public, from the address the API gives.
    const icsLink = page.getByRole('link', { name: 'Tambahkan seminar ini ke kalender (.ics)' });
    const icsUrl = (await icsLink.getAttribute('href'))!;
    expect(icsUrl).toBe(`${t.config.publicBaseUrl}/calendar/seminars/${full.id}.ics`);
    const seminarFeed = await onTheServer(icsUrl);
    expect(seminarFeed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await unfolded(seminarFeed)).toContain(full.title);
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'seminar-waitlisted.png'), fullPage: true });

    // The same page in English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByTestId('registration-state').filter({ hasText: 'You are on the waitlist, number 2.' }).waitFor();
    await page.getByRole('heading', { name: 'Registration' }).waitFor();
    await page.getByRole('button', { name: 'Switch the language to Indonesian' }).click();

    // The workshop under way: a seat, then check-in with the code the organiser shows in the room.
    await page.getByRole('link', { name: 'Kembali ke daftar seminar' }).click();
    const waitlistedCard = page.locator('li', { has: page.getByRole('heading', { name: full.title }) });
    await waitlistedCard.getByText('Daftar tunggu: urutan ke-2').waitFor();
    await page.getByRole('link', { name: live.title }).click();
    await page.getByRole('heading', { level: 1, name: live.title }).waitFor();
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    await page.getByTestId('registration-state').filter({ hasText: 'Anda terdaftar dan mendapat kursi.' }).waitFor();
    await page.getByTestId('seats').filter({ hasText: 'Sisa 29 dari 30 kursi' }).waitFor();

    await page.getByLabel('Kode presensi').fill('ABCDEF');
    await page.getByRole('button', { name: 'Kirim presensi' }).click();
    await page.getByRole('alert').filter({ hasText: 'Kode salah atau sudah kedaluwarsa.' }).waitFor();
    const { code } = (await t.ok<{ openAttendance: { code: string } }>(OPEN_ATTENDANCE, { sessionId: live.sessionId }, { apiKey })).openAttendance;
    await page.getByLabel('Kode presensi').fill(code.toLowerCase());
    await page.getByRole('button', { name: 'Kirim presensi' }).click();
    await page.getByRole('status').filter({ hasText: /^Presensi tercatat: Praktik inovasi, pukul \d\d\.\d\d WIB\. Anda hadir di semua sesi/ }).waitFor();
    await page.locator('li', { has: page.getByRole('heading', { name: 'Praktik inovasi' }) }).getByText(/^Hadir, pukul/).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    const attendance = await t.ok<any>(MY_ATTENDANCE, { id: live.id }, { token: await learner.token() });
    expect(attendance.seminar.myRegistration).toEqual({ status: 'CONFIRMED', attendances: [{ method: 'CODE', session: { id: live.sessionId } }] });
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'seminar.png'), fullPage: true });

    // The certificate of attendance is among the learner's certificates, and leads back to the seminar.
    await page.getByRole('link', { name: 'Beranda' }).click();
    await page.getByRole('link', { name: 'Semua sertifikat saya' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sertifikat saya' }).waitFor();
    const attended = page.getByTestId('my-certificate').filter({ hasText: live.title });
    await attended.getByText('Sertifikat kehadiran seminar').waitFor();
    await attended.getByRole('link', { name: `Verifikasi sertifikat ${live.title}` }).waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'certificates.png'), fullPage: true });
    await attended.getByRole('link', { name: live.title, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: live.title }).waitFor();

    // The person's own feed: made on request, shown once, and it carries both seminars.
    await page.getByRole('link', { name: 'Kembali ke daftar seminar' }).click();
    await page.getByRole('button', { name: 'Buat tautan kalender' }).click();
    const feedField = page.getByLabel('Tautan kalender Anda');
    await feedField.waitFor();
    const feedUrl = await feedField.inputValue();
    expect(feedUrl).toMatch(new RegExp(`^${t.config.publicBaseUrl}/calendar/users/[A-Za-z0-9_-]+\\.ics$`));
    const feed = await unfolded(await onTheServer(feedUrl));
    expect(feed).toContain(live.title);
    expect(feed).toContain(`[Daftar tunggu] ${full.title}`);

    // Home lists what is coming up: the workshop, and the seminar with a place on the waitlist.
    await page.getByRole('link', { name: 'Beranda' }).click();
    const schedule = page.locator('section', { has: page.getByRole('heading', { name: 'Jadwal mendatang' }) });
    await schedule.getByRole('link', { name: /^Lokakarya Inovasi Pelayanan Kelurahan/ }).waitFor();
    const waiting = schedule.locator('li', { hasText: full.title }).first();
    await expect(waiting.textContent()).resolves.toContain('Daftar tunggu');
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'my-learning-schedule.png'), fullPage: true });

    // Giving up the place on the waitlist, after a second thought; the next in line moves up.
    await waiting.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: full.title }).waitFor();
    await page.getByRole('button', { name: 'Batalkan pendaftaran' }).click();
    await page.getByText('Batalkan pendaftaran? Kursi Anda diberikan kepada orang pertama di daftar tunggu.').waitFor();
    await page.getByRole('button', { name: 'Ya, batalkan' }).click();
    await page.getByTestId('registration-state').filter({ hasText: 'Pendaftaran Anda sudah dibatalkan.' }).waitFor();
    await page.getByTestId('seats').filter({ hasText: 'Kursi penuh · 1 di daftar tunggu' }).waitFor();
    await page.getByRole('button', { name: 'Masuk daftar tunggu' }).waitFor();
    const cancelled = await t.ok<any>(MY_ATTENDANCE, { id: full.id }, { token: await learner.token() });
    expect(cancelled.seminar.myRegistration.status).toBe('CANCELLED');
    expect(failures).toEqual([]);
  });
});
