import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser, randomNip } from '../../builders/identity';
import { completeCourseAs, enrolLearner } from '../../builders/learning';
import { describeWithChromium, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/*
 * Functions given to evaluate run in the browser: they reach the page's objects untyped (the
 * tests' tsconfig has Node's libraries, not the DOM's).
 */
type InPage = any;

/** A cheap Android phone's screen. */
const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
const REFRESH = `mutation ($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`;
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const SUBMIT_FOR_REVIEW = `mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`;
const COURSE_STATE = `query ($id: ID) { course(id: $id) { status reviewNote publishedAt } }`;
const API_KEY_VIEWER = `query { viewer { organization { id } } }`;

/**
 * Issue 17, the administrator (BKPSDM): courses their instructors submitted wait for approval; an
 * admin reads one and sends it back with a reason, approves another, which learners then find in
 * the catalogue; enrols a list of NIPs into a cohort of it (a bad NIP says why); reads the
 * agency's JP report and exports its CSV; and gives a partner an API key, then revokes it.
 */
describeWithChromium('Pelita web: administrator', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let context: BrowserContext | undefined;
  let admin: BuiltUser;
  let agency: { id: string; name: string };
  let instructor: BuiltUser;
  let learners: BuiltUser[];
  let approved: BuiltCourse;
  let returned: BuiltCourse;
  let offered: BuiltCourse;
  const reading = 'Pengantar Tata Naskah Dinas';
  const reason = 'Tambahkan contoh surat dinas pada modul 1 dan perbaiki ringkasannya.';

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The worker runs in the server's process: the CSV export is a background job.
    t = await startTestApp({ jobWorker: 'inline' });
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    const bkpsdm = await buildOrganization(t, { name: 'Badan Kepegawaian dan Pengembangan SDM Kota Sibolga' });
    admin = await buildUser(t, { roles: ['ADMIN'], organizationId: bkpsdm.id, name: 'Rina Hutagalung' });
    agency = await buildOrganization(t, { name: 'Dinas Komunikasi dan Informatika Kota Sibolga' });
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: agency.id, name: 'Darwin Sitompul' });
    learners = [
      await buildUser(t, { organizationId: agency.id, name: 'Yusuf Pasaribu' }),
      await buildUser(t, { organizationId: agency.id, name: 'Maria Simatupang' }),
    ];

    // Two courses the instructor wrote and submitted for review.
    approved = await buildCourse(t, { author: instructor, title: 'Tata Naskah Dinas Elektronik', jp: 8, summary: 'Menyusun dan mengelola naskah dinas secara elektronik.' });
    const first = await buildModule(t, approved, { title: 'Naskah Dinas' });
    await buildMaterial(t, approved, first.id, 'TEXT', { title: reading });
    await buildMaterial(t, approved, first.id, 'LINK', { title: 'Peraturan Wali Kota tentang Tata Naskah Dinas' });
    returned = await buildCourse(t, { author: instructor, title: 'Pengelolaan Arsip Dinamis', jp: 6 });
    const module = await buildModule(t, returned, { title: 'Arsip Aktif' });
    await buildMaterial(t, returned, module.id, 'TEXT');
    for (const course of [approved, returned]) await t.ok(SUBMIT_FOR_REVIEW, { id: course.id }, { token: await authorToken(instructor) });
    // A course of the agency already in the catalogue, to enrol its staff into.
    offered = await buildCourse(t, { author: instructor, title: 'Keterbukaan Informasi Publik', jp: 4 });
    await buildMaterial(t, offered, (await buildModule(t, offered)).id, 'TEXT');
    await publishCourse(t, offered);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  const courseState = async (course: BuiltCourse) =>
    (await t.ok<{ course: { status: string; reviewNote: string | null; publishedAt: string | null } }>(COURSE_STATE, { id: course.id }, { token: await authorToken(instructor) })).course;

  /** A phone with the app, the page's own errors collected (the app must not throw). */
  async function phone(): Promise<{ page: Page; failures: string[] }> {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    return { page, failures };
  }

  it('approves one submitted course and returns another with a reason; the approved one reaches the catalogue', async () => {
    const { page, failures } = await phone();
    await logInThroughTheApp(page, base, admin);
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pelatihan menunggu persetujuan' }).waitFor();
    const list = page.getByTestId('approvals');
    await list.getByRole('link', { name: approved.title }).waitFor();
    await list.getByRole('link', { name: returned.title }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-approvals.png'), fullPage: true });

    // The course to return: the reason is required, in the page as on the server.
    await list.getByRole('link', { name: returned.title }).click();
    await page.getByRole('heading', { level: 1, name: returned.title }).waitFor();
    await page.getByRole('button', { name: 'Kembalikan ke draf' }).click();
    await page.getByText('Tuliskan alasan mengapa pelatihan dikembalikan.').waitFor();
    expect(await page.getByLabel('Alasan dikembalikan ke draf').evaluate((element: InPage) => element === element.ownerDocument.activeElement)).toBe(true);
    expect((await courseState(returned)).status).toBe('IN_REVIEW');
    await page.getByLabel('Alasan dikembalikan ke draf').fill(reason);
    await page.getByRole('button', { name: 'Kembalikan ke draf' }).click();
    await page.getByText(`“${returned.title}” dikembalikan ke draf beserta alasannya.`).waitFor();
    expect(await courseState(returned)).toMatchObject({ status: 'DRAFT', reviewNote: reason, publishedAt: null });
    await list.getByRole('link', { name: returned.title }).waitFor({ state: 'detached' });

    // The course to approve: its summary, modules and materials first.
    await list.getByRole('link', { name: approved.title }).click();
    await page.getByRole('heading', { level: 1, name: approved.title }).waitFor();
    await page.getByText('Menyusun dan mengelola naskah dinas secara elektronik.').waitFor();
    await page.getByRole('heading', { name: 'Modul 1: Naskah Dinas' }).waitFor();
    await page.getByText(reading, { exact: true }).waitFor();
    // A reading's text opens in place; the link goes to its address in a new tab.
    await page.getByText(`Baca isi “${reading}”`).click();
    await page.getByText('Setiap unit layanan wajib menetapkan standar pelayanan.').waitFor();
    expect(await page.getByRole('link', { name: /^Peraturan Wali Kota tentang Tata Naskah Dinas/ }).getAttribute('href')).toBe('https://jdih.sibolgakota.go.id/peraturan/pelayanan-publik');
    await page.getByText('Pengajar: Darwin Sitompul').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-course-review.png'), fullPage: true });
    await page.getByRole('button', { name: 'Setujui dan terbitkan' }).click();
    await page.getByText(`“${approved.title}” disetujui dan sudah terbit.`).waitFor();
    await page.getByText('Tidak ada pelatihan yang menunggu persetujuan.').waitFor();
    const state = await courseState(approved);
    expect(state.status).toBe('PUBLISHED');
    expect(state.publishedAt).not.toBeNull();

    // A learner of the agency now finds it in the catalogue; the returned one is not there.
    const learnerContext = await browser.newContext(PHONE);
    try {
      const learnerPage = await learnerContext.newPage();
      await logInThroughTheApp(learnerPage, base, learners[0]);
      await learnerPage.getByRole('link', { name: 'Katalog' }).click();
      await learnerPage.getByRole('heading', { name: approved.title }).waitFor();
      expect(await learnerPage.getByRole('heading', { name: returned.title }).count()).toBe(0);
    } finally {
      await learnerContext.close();
    }
    expect(failures).toEqual([]);
  });

  it('enrols a list of NIPs into a new cohort and shows what happened to each, a bad NIP with its error; then a whole agency into that cohort, picked from the course’s cohorts', async () => {
    const { page, failures } = await phone();
    await logInThroughTheApp(page, base, admin);
    await page.goto(new URL('/admin/enrol', base).toString());
    await page.getByRole('heading', { level: 1, name: 'Pendaftaran peserta' }).waitFor();

    await page.getByLabel('Pelatihan (yang sudah terbit)').selectOption(offered.id);
    await page.getByLabel('Nama angkatan').fill('Angkatan I Tahun 2026');
    await page.getByLabel('Kuota peserta (boleh kosong)').fill('30');
    await page.getByRole('button', { name: 'Buat angkatan' }).click();
    await page.getByTestId('chosen-cohort').getByText('Angkatan I Tahun 2026').waitFor();
    // The form that had the focus is gone: the next step has it.
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement.textContent)).toBe('2. Peserta');

    // As pasted from a spreadsheet: a NIP written in its groups, a date typed by mistake, a NIP
    // nobody has, a repeat and a blank line.
    const unknown = randomNip();
    const grouped = (nip: string) => `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
    const pasted = [learners[0].nip!, '1985-01-01', grouped(learners[1].nip!), unknown, learners[0].nip!, ''].join('\n');
    await page.getByLabel('NIP, satu per baris').fill(pasted);
    await page.getByRole('button', { name: 'Daftarkan' }).click();
    const result = page.getByTestId('enrol-result');
    await result.getByText('2 terdaftar, 0 sudah terdaftar sebelumnya, 2 gagal.').waitFor();
    // Each NIP once, in the order pasted, with the learner's name when the NIP is known.
    const rows = await result.locator('tbody tr').evaluateAll((trs: InPage[]) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td: InPage) => td.innerText.trim())));
    expect(rows).toEqual([
      [`${learners[0].nip}\n${learners[0].name}`, 'Terdaftar'],
      ['1985-01-01', 'NIP tidak sah (harus 18 angka)'],
      [`${learners[1].nip}\n${learners[1].name}`, 'Terdaftar'],
      [unknown, 'NIP tidak dikenal'],
    ]);
    await result.locator('tr.failed').first().waitFor();
    expect(await result.locator('tr.failed').count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-enrolment.png'), fullPage: true });

    // Later, the same cohort picked from the course's cohorts, and the whole agency: its two
    // learners are in already (its instructor is no learner).
    const cohortId = (await page.getByTestId('chosen-cohort').innerText()).match(/ID angkatan: ([\w-]+)/)![1];
    await page.reload();
    await page.getByRole('radio', { name: 'Angkatan yang sudah ada' }).check();
    await page.getByLabel('Pelatihan (yang sudah terbit)').selectOption(offered.id);
    const cohorts = page.getByRole('combobox', { name: 'Angkatan (terbaru di atas)' });
    await cohorts.locator(`option[value="${cohortId}"]`).waitFor({ state: 'attached' });
    expect(await cohorts.locator(`option[value="${cohortId}"]`).textContent()).toMatch(/^Angkatan I Tahun 2026 · .* · sisa 28 kursi$/);
    await cohorts.selectOption(cohortId);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-enrol-pick-cohort.png'), fullPage: true });
    await page.getByRole('button', { name: 'Gunakan angkatan ini' }).click();
    await page.getByTestId('chosen-cohort').getByText('Angkatan I Tahun 2026').waitFor();
    await page.getByRole('radio', { name: 'Seluruh ASN satu perangkat daerah' }).check();
    await page.getByRole('combobox', { name: /^Perangkat daerah/ }).selectOption(agency.id);
    await page.getByRole('button', { name: 'Daftarkan' }).click();
    await result.getByText('0 terdaftar, 2 sudah terdaftar sebelumnya, 0 gagal.').waitFor();
    expect(await result.locator('tbody tr').evaluateAll((trs: InPage[]) => trs.map((tr) => tr.cells[1].innerText).sort())).toEqual(['Sudah terdaftar', 'Sudah terdaftar']);
    expect(failures).toEqual([]);
  });

  it("shows the agency's JP report, exports its CSV, and reads in English too", async () => {
    // One learner of the agency finishes a course: 4 JP this year.
    await enrolLearner(t, learners[0], offered);
    await completeCourseAs(t, learners[0], offered);
    const { page, failures } = await phone();
    await logInThroughTheApp(page, base, admin);
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('navigation', { name: 'Menu administrasi' }).getByRole('link', { name: 'Laporan JP' }).click();
    await page.getByRole('heading', { level: 1, name: 'Laporan JP perangkat daerah' }).waitFor();
    await page.getByLabel('Perangkat daerah').selectOption(agency.id);
    await page.getByRole('button', { name: 'Tampilkan laporan' }).click();
    const report = page.getByTestId('jp-report');
    await report.getByRole('heading', { name: `${agency.name}, tahun ${new Date().getFullYear()}` }).waitFor();
    // The instructor and both learners have a NIP: three ASN, furthest from the target first, then
    // by name: the one who finished a course last.
    const figures = await report.locator('dl.figures > div').evaluateAll((divs: InPage[]) => divs.map((div) => [div.querySelector('dt').textContent, div.querySelector('dd').textContent]));
    expect(figures).toEqual([
      ['Jumlah ASN', '3'],
      ['Mencapai target 20 JP', '0 (0%)'],
      ['Rata-rata JP per ASN', '1,3'],
      ['Total JP', '4'],
    ]);
    const rows = await report.locator('tbody tr').evaluateAll((trs: InPage[]) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td: InPage) => td.innerText.trim())));
    expect(rows).toEqual([
      [`${instructor.nip}\n${instructor.name}`, '0', '20'],
      [`${learners[1].nip}\n${learners[1].name}`, '0', '20'],
      [`${learners[0].nip}\n${learners[0].name}`, '4', '16'],
    ]);
    await report.getByText(`${offered.title} · 1 lulus, 4 JP`).waitFor();

    await report.getByRole('button', { name: 'Buat berkas CSV' }).click();
    const download = report.getByRole('link', { name: /^Unduh riwayat-pelatihan-.*\.csv$/ });
    await download.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-jp-report.png'), fullPage: true });
    // The link is the store's presigned GET: the CSV a spreadsheet opens (UTF-8 with BOM).
    const bytes = Buffer.from(await (await fetch(String(await download.getAttribute('href')))).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv).toContain(learners[0].nip!);
    expect(csv).toContain(offered.title);

    // The same report in English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agency JP report' }).waitFor();
    await report.getByText('Reached the 20 JP target').waitFor();
    await page.getByRole('navigation', { name: 'Administration menu' }).getByRole('link', { name: 'Approvals' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-jp-report-en.png'), fullPage: true });
    expect(failures).toEqual([]);
  });

  it("adds a partner, gives it an API key shown once, and revokes the key", async () => {
    const { page, failures } = await phone();
    await logInThroughTheApp(page, base, admin);
    await page.goto(new URL('/admin/partners', base).toString());
    await page.getByRole('heading', { level: 1, name: 'Mitra dan kunci API' }).waitFor();
    const partner = 'Universitas Tapanuli Tengah';
    await page.getByLabel('Nama organisasi').fill(partner);
    await page.getByLabel('Jenis').selectOption('UNIVERSITY');
    await page.getByRole('button', { name: 'Tambah organisasi' }).click();
    await page.getByText(`${partner} ditambahkan.`).waitFor();
    await page.getByRole('link', { name: `Kunci API ${partner}` }).click();
    await page.getByRole('heading', { level: 1, name: `Kunci API ${partner}` }).waitFor();
    await page.getByText('Organisasi ini belum punya kunci API.').waitFor();

    await page.getByLabel('Nama kunci (sistem yang memakainya)').fill('Sistem Informasi Akademik');
    await page.getByRole('button', { name: 'Buat kunci' }).click();
    await page.getByRole('heading', { name: 'Kunci “Sistem Informasi Akademik” dibuat' }).waitFor();
    await page.getByText('kunci hanya ditampilkan sekali ini', { exact: false }).waitFor();
    const secret = await page.getByLabel('Kunci API', { exact: true }).inputValue();
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement.id)).toBe('api-key-secret');
    await context!.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
    await page.getByRole('button', { name: 'Salin kunci' }).click();
    await page.getByText('Tersalin.').waitFor();
    expect(await page.evaluate(() => (globalThis as InPage).navigator.clipboard.readText())).toBe(secret);
    // The key works for the partner's system, as its organization.
    const viewer = await t.ok<{ viewer: { organization: { id: string } } }>(API_KEY_VIEWER, {}, { apiKey: secret });
    const organizationId = viewer.viewer.organization.id;
    expect(page.url()).toBe(new URL(`/admin/partners/${organizationId}`, base).toString());

    const keys = page.getByTestId('api-keys');
    await keys.getByRole('heading', { name: 'Sistem Informasi Akademik' }).waitFor();
    expect(await keys.getByText(secret).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-api-key.png'), fullPage: true });
    await keys.getByRole('button', { name: 'Cabut kunci Sistem Informasi Akademik' }).click();
    await keys.getByRole('button', { name: 'Ya, cabut' }).click();
    await keys.getByText(/^Dicabut /).waitFor();
    const refused = await t.gql(API_KEY_VIEWER, {}, { apiKey: secret });
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(failures).toEqual([]);
  });

  it('finds an ASN who forgot their password by NIP and sets a new one to hand over; their sessions end', async () => {
    const forgetful = await buildUser(t, { organizationId: agency.id, name: 'Lestari Hutabarat' });
    const phoneSession = await forgetful.login();
    const { page, failures } = await phone();
    await logInThroughTheApp(page, base, admin);
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('link', { name: 'Pegawai' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pegawai' }).waitFor();
    await page.getByLabel('Nama, email atau NIP').fill(forgetful.nip!);
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.getByTestId('people-found').filter({ hasText: '1 orang ditemukan' }).waitFor();
    const card = page.getByRole('article', { name: 'Lestari Hutabarat' });
    await card.getByText('Dinas Komunikasi dan Informatika Kota Sibolga', { exact: false }).waitFor();

    await card.getByRole('button', { name: 'Atur ulang kata sandi Lestari Hutabarat' }).click();
    // Too short: said at the form, nothing sent.
    await card.getByLabel('Kata sandi baru').fill('pendek');
    await card.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await card.getByRole('alert').filter({ hasText: 'minimal 10 karakter' }).waitFor();
    expect((await t.gql(LOGIN, { e: forgetful.email, p: forgetful.password })).errors).toBeUndefined();
    await card.getByLabel('Kata sandi baru').fill('Sibolga-Maju-2027');
    await card.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await card.getByRole('status').filter({ hasText: 'Kata sandi Lestari Hutabarat sudah diatur ulang' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'admin-people.png'), fullPage: true });

    // Her phone's session has ended; only the new password logs in.
    expect((await t.gql(REFRESH, { r: phoneSession.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { e: forgetful.email, p: forgetful.password })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await t.gql(LOGIN, { e: forgetful.email, p: 'Sibolga-Maju-2027' })).errors).toBeUndefined();
    expect(failures).toEqual([]);
  });
});
