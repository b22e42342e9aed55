import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { authorToken, buildCourse, buildMaterial, buildModule, type BuiltCourse, publishCourse } from '../../builders/catalogue';
import { buildOrganization, buildUser, type BuiltUser } from '../../builders/identity';
import { completeCourseAs, enrolLearner } from '../../builders/learning';
import { buildQuizMaterial, setQuiz } from '../../builders/quiz';
import { dayFromNow, partnerApiKey, publishSeminar } from '../../builders/seminar';
import { describeWithChromium, freePort, launchChromium, logInThroughTheApp } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/*
 * Functions given to evaluate run in the browser: they reach the page's objects untyped (the
 * tests' tsconfig has Node's libraries, not the DOM's).
 */
type InPage = any;

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** The rules of WCAG 2.0 and 2.1, levels A and AA, as axe tags them. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** axe-core's own build, injected into each page it checks. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const SUBMIT_FOR_REVIEW = `mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`;
const MY_ENROLLMENT = `query ($id: ID) { course(id: $id) { myEnrollment { status } } }`;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Issue 17, item 5: usable by keyboard and screen reader, readable at 360 px. axe-core checks
 * every main screen of the learner, the seminars and the administrator against WCAG 2.1 A and
 * AA on a phone's screen; each screen has one h1 and fits the screen's width; the page's
 * language follows the switch; and a learner logs in, opens a course and enrols with the
 * keyboard alone, always seeing where the focus is.
 */
describeWithChromium('Pelita web: accessibility', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let context: BrowserContext | undefined;
  let learner: BuiltUser;
  let admin: BuiltUser;
  let instructor: BuiltUser;
  let draft: BuiltCourse;
  let agency: { id: string; name: string };
  let learning: BuiltCourse;
  let finished: BuiltCourse;
  let offered: BuiltCourse;
  let inReview: BuiltCourse;
  let seminarKey: string;
  const reading = { id: '', title: 'Standar Pelayanan Publik' };
  const quiz = { id: '', title: 'Post-test Pelayanan Publik' };
  const files: { id: string; title: string }[] = [];
  const seminar = { id: '', title: 'Seminar Nasional Transformasi Pelayanan Publik' };

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The certificate's PDF is a background job: run it in this process.
    // The app's public address is the one the browser uses: the store's CORS rule names it, and
    // the player fetches the files it keeps for offline use from the store.
    const port = await freePort();
    t = await startTestApp({ jobWorker: 'inline', port, publicBaseUrl: `http://127.0.0.1:${port}` });
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    const bkpsdm = await buildOrganization(t, { name: 'Badan Kepegawaian dan Pengembangan SDM Kota Sibolga' });
    admin = await buildUser(t, { roles: ['ADMIN'], organizationId: bkpsdm.id, name: 'Rina Hutagalung' });
    agency = await buildOrganization(t, { name: 'Dinas Komunikasi dan Informatika Kota Sibolga' });
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: agency.id, name: 'Darwin Sitompul' });
    learner = await buildUser(t, { organizationId: agency.id, name: 'Siti Pohan' });

    // A course in progress: a reading and a post-test.
    learning = await buildCourse(t, { author: instructor, title: 'Pelayanan Publik Prima', jp: 8 });
    const module = await buildModule(t, learning, { title: 'Standar Pelayanan' });
    reading.id = (await buildMaterial(t, learning, module.id, 'TEXT', { title: reading.title })).id;
    quiz.id = (await buildQuizMaterial(t, learning, module.id, { title: quiz.title })).id;
    await setQuiz(t, learning, quiz.id, {
      purpose: 'POST_TEST',
      passMark: 70,
      maxAttempts: 3,
      timeLimitSeconds: 900,
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'Dokumen yang memuat standar pelayanan disebut…', options: [{ text: 'Maklumat pelayanan' }, { text: 'Nota dinas' }], correct: ['0'] },
        { kind: 'MULTIPLE_CHOICE', prompt: 'Mana saja komponen standar pelayanan?', options: [{ text: 'Persyaratan' }, { text: 'Biaya' }, { text: 'Hobi petugas' }], correct: ['0', '1'] },
        { kind: 'TRUE_FALSE', prompt: 'Standar pelayanan wajib dipublikasikan.', correct: ['0'] },
        { kind: 'SHORT_ANSWER', prompt: 'Sebutkan singkatan dari SOP.', correct: ['Standar Operasional Prosedur'] },
      ],
    });
    const pdf = await buildMaterial(t, learning, module.id, 'DOCUMENT', { title: 'Pedoman Standar Pelayanan (PDF)' });
    const picture = await buildMaterial(t, learning, module.id, 'IMAGE', { title: 'Alur Pelayanan Terpadu' });
    const film = await buildMaterial(t, learning, module.id, 'VIDEO', { title: 'Video Pelayanan' });
    files.push({ id: pdf.id, title: 'Pedoman Standar Pelayanan (PDF)' }, { id: picture.id, title: 'Alur Pelayanan Terpadu' }, { id: film.id, title: 'Video Pelayanan' });
    // Its second module opens once the first is complete: shown locked.
    const locked = await t.ok<{ addModule: { id: string } }>(
      `mutation ($courseId: ID!, $input: ModuleInput!) { addModule(courseId: $courseId, input: $input) { id } }`,
      { courseId: learning.id, input: { title: 'Mengukur Kepuasan Masyarakat', prerequisiteModuleId: module.id } },
      { token: await authorToken(instructor) },
    );
    await buildMaterial(t, learning, locked.addModule.id, 'TEXT', { title: 'Survei Kepuasan Masyarakat' });
    await publishCourse(t, learning);
    await enrolLearner(t, learner, learning);

    // A finished course, with its certificate.
    finished = await buildCourse(t, { author: instructor, title: 'Tata Naskah Dinas Elektronik', jp: 6 });
    await buildMaterial(t, finished, (await buildModule(t, finished)).id, 'TEXT');
    await publishCourse(t, finished);
    await enrolLearner(t, learner, finished);
    await completeCourseAs(t, learner, finished);

    // A course in the catalogue the learner has not joined yet.
    offered = await buildCourse(t, { author: instructor, title: 'Keterbukaan Informasi Publik', jp: 4, competency: 'MANAJERIAL' });
    await buildMaterial(t, offered, (await buildModule(t, offered)).id, 'TEXT');
    await publishCourse(t, offered);

    // A course waiting for the admin's approval.
    inReview = await buildCourse(t, { author: instructor, title: 'Pengelolaan Arsip Dinamis', jp: 6, summary: 'Mengelola arsip aktif dan inaktif.' });
    const archive = await buildModule(t, inReview, { title: 'Arsip Aktif' });
    await buildMaterial(t, inReview, archive.id, 'TEXT', { title: 'Pengantar Arsip' });
    await buildMaterial(t, inReview, archive.id, 'LINK', { title: 'Peraturan Arsip' });
    await t.ok(SUBMIT_FOR_REVIEW, { id: inReview.id }, { token: await authorToken(instructor) });

    // A draft the instructor is still writing: a module with a reading and a video.
    draft = await buildCourse(t, { author: instructor, title: 'Komunikasi Publik di Media Sosial', jp: 4 });
    const posts = await buildModule(t, draft, { title: 'Menulis untuk Warga' });
    await buildMaterial(t, draft, posts.id, 'TEXT', { title: 'Bahasa yang Mudah Dipahami' });
    await buildMaterial(t, draft, posts.id, 'VIDEO', { title: 'Contoh Unggahan yang Baik' });

    // A seminar a partner university published.
    const university = await buildOrganization(t, { kind: 'UNIVERSITY', name: 'Universitas Tapanuli' });
    seminarKey = await partnerApiKey(t, university.id);
    seminar.id = (await publishSeminar(t, { apiKey: seminarKey }, { title: seminar.title })).id;
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

  /**
   * A phone whose page may take axe's injected script. Only this test bypasses the app's CSP
   * (which forbids inline scripts, as it must for the app itself): axe is not part of the app.
   */
  async function phone(): Promise<{ page: Page; failures: string[] }> {
    context = await browser.newContext({ ...PHONE, bypassCSP: true });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    return { page, failures };
  }

  /**
   * What is wrong with the screen now shown: axe's WCAG 2.1 A/AA violations (rule, impact, the
   * elements and the rule's help), more or fewer than one h1, and content wider than 360 px.
   */
  async function audit(page: Page, screen: string): Promise<string[]> {
    // Screens change without a page load: axe stays in the page until the next one.
    if (!(await page.evaluate(() => Boolean((globalThis as InPage).axe)))) await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async (tags: string[]) => {
      const results = await (globalThis as InPage).axe.run((globalThis as InPage).document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return results.violations.map((v: InPage) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((node: InPage) => node.target.join(' ')) }));
    }, WCAG_21_AA);
    const problems = (violations as Violation[]).flatMap((v) => v.targets.map((target) => `${screen}: ${v.id} (${v.impact}) at ${target}: ${v.help}`));
    const h1s = await page.locator('h1').count();
    if (h1s !== 1) problems.push(`${screen}: ${h1s} h1 elements, not one`);
    const width = await page.evaluate(() => (globalThis as InPage).document.documentElement.scrollWidth);
    if (width > 360) problems.push(`${screen}: ${width} px wide, more than the phone's 360`);
    return problems;
  }

  /** Fails with every problem found, one a line, so a reader sees them all at once. */
  function expectNone(problems: string[]): void {
    if (problems.length) throw new Error(`Accessibility problems:\n${problems.join('\n')}`);
  }

  it("passes axe's WCAG 2.1 AA rules on the learner's and the seminar screens at 360 px, and the page's language follows the switch", async () => {
    const { page, failures } = await phone();
    const problems: string[] = [];
    await page.goto(base);
    await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
    expect(await page.evaluate(() => (globalThis as InPage).document.documentElement.lang)).toBe('id');
    problems.push(...(await audit(page, 'login')));
    // A failed login shows its error: checked too.
    await page.getByLabel('Email').fill(learner.email);
    await page.getByLabel('Kata sandi').fill('bukan-sandinya');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('alert').waitFor();
    problems.push(...(await audit(page, 'login, wrong password')));

    await logInThroughTheApp(page, base, learner);
    await page.getByRole('link', { name: learning.title }).waitFor();
    await page.getByRole('heading', { name: 'Jadwal mendatang' }).waitFor();
    problems.push(...(await audit(page, 'home')));

    await page.getByRole('link', { name: 'Katalog' }).click();
    await page.getByRole('heading', { name: offered.title }).waitFor();
    await page.getByText('Saringan', { exact: true }).click();
    await page.getByLabel('Penyelenggara').locator('option', { hasText: agency.name }).waitFor({ state: 'attached' });
    problems.push(...(await audit(page, 'catalogue, filters open')));

    await page.goto(new URL(`/course/${learning.id}`, base).toString());
    await page.getByRole('heading', { level: 1, name: learning.title }).waitFor();
    await page.getByRole('link', { name: reading.title }).waitFor();
    await page.getByText('Survei Kepuasan Masyarakat', { exact: true }).waitFor();
    problems.push(...(await audit(page, 'course, a module locked')));

    await page.getByRole('link', { name: reading.title }).click();
    await page.getByRole('heading', { level: 1, name: reading.title }).waitFor();
    await page.getByTestId('sync-status').filter({ hasText: /^Tersimpan$/ }).waitFor();
    problems.push(...(await audit(page, 'player, TEXT')));

    await page.getByRole('link', { name: `Berikutnya: ${quiz.title}` }).click();
    await page.getByRole('heading', { level: 1, name: quiz.title }).waitFor();
    await page.getByRole('button', { name: 'Mulai kuis' }).waitFor();
    problems.push(...(await audit(page, 'player, QUIZ before starting')));
    await page.getByRole('button', { name: 'Mulai kuis' }).click();
    await page.getByRole('heading', { name: 'Percobaan 1' }).waitFor();
    await page.getByRole('radio', { name: 'Maklumat pelayanan' }).check();
    problems.push(...(await audit(page, 'player, QUIZ attempt')));
    // Handing in with questions open asks once more; then the graded result.
    await page.getByRole('button', { name: 'Kumpulkan jawaban' }).click();
    await page.getByRole('alert').filter({ hasText: 'belum dijawab' }).waitFor();
    problems.push(...(await audit(page, 'player, QUIZ hand-in asked')));
    await page.getByRole('button', { name: 'Tetap kumpulkan' }).click();
    await page.getByTestId('quiz-result').getByRole('heading').waitFor();
    problems.push(...(await audit(page, 'player, QUIZ graded')));

    for (const [kind, file] of [['DOCUMENT', files[0]], ['IMAGE', files[1]], ['VIDEO', files[2]]] as const) {
      await page.goto(new URL(`/course/${learning.id}/material/${file.id}`, base).toString());
      await page.getByRole('heading', { level: 1, name: file.title }).waitFor();
      if (kind !== 'VIDEO') await page.getByRole('link', { name: /tab baru/ }).first().waitFor();
      else await page.locator('video').waitFor();
      if (kind === 'IMAGE') await page.locator('img.media').waitFor();
      problems.push(...(await audit(page, `player, ${kind}`)));
    }

    // The finished course's evaluation: sent with nothing scored, it says what is missing.
    await page.goto(new URL(`/course/${finished.id}/evaluation`, base).toString());
    await page.getByRole('heading', { level: 1, name: 'Evaluasi pelatihan' }).waitFor();
    await page.getByRole('button', { name: 'Kirim evaluasi' }).waitFor();
    problems.push(...(await audit(page, 'evaluation')));
    await page.getByRole('button', { name: 'Kirim evaluasi' }).click();
    await page.getByRole('alert').filter({ hasText: 'belum dinilai' }).waitFor();
    problems.push(...(await audit(page, 'evaluation, scores missing')));

    await page.goto(new URL(`/course/${finished.id}/certificate`, base).toString());
    await page.getByTestId('certificate-number').waitFor();
    problems.push(...(await audit(page, 'certificate')));

    await page.getByRole('link', { name: 'Seminar', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Seminar' }).waitFor();
    await page.getByRole('link', { name: seminar.title }).waitFor();
    problems.push(...(await audit(page, 'seminars')));
    await page.getByRole('link', { name: seminar.title }).click();
    await page.getByRole('heading', { level: 1, name: seminar.title }).waitFor();
    await page.getByRole('button', { name: 'Daftar', exact: true }).waitFor();
    problems.push(...(await audit(page, 'seminar')));

    // In English the page says so (screen readers pick their voice by it), and back.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('button', { name: 'Register', exact: true }).waitFor();
    expect(await page.evaluate(() => (globalThis as InPage).document.documentElement.lang)).toBe('en');
    problems.push(...(await audit(page, 'seminar, in English')));
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { level: 1, name: 'My learning' }).waitFor();
    await page.getByRole('link', { name: learning.title }).waitFor();
    problems.push(...(await audit(page, 'home, in English')));
    await page.getByRole('button', { name: 'Switch the language to Indonesian' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pembelajaran saya' }).waitFor();
    expect(await page.evaluate(() => (globalThis as InPage).document.documentElement.lang)).toBe('id');

    // All the learner's certificates.
    await page.getByRole('link', { name: 'Beranda' }).click();
    await page.getByRole('link', { name: 'Semua sertifikat saya' }).click();
    await page.getByTestId('my-certificate').first().waitFor();
    problems.push(...(await audit(page, 'certificates')));

    // Notifications (none yet for this learner).
    await page.getByRole('link', { name: 'Pemberitahuan', exact: true }).click();
    await page.getByTestId('notifications-unread').filter({ hasText: 'Belum ada pemberitahuan.' }).waitFor();
    problems.push(...(await audit(page, 'notifications')));

    // The account: who one is, and the password form, also with a mistyped repeat.
    await page.getByRole('link', { name: 'Akun', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Akun saya' }).waitFor();
    problems.push(...(await audit(page, 'account')));
    await page.getByLabel('Kata sandi baru', { exact: true }).fill('kata-sandi-baru-1');
    await page.getByLabel('Ulangi kata sandi baru').fill('kata-sandi-baru-2');
    await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
    await page.getByText('Ulangan kata sandi tidak sama dengan kata sandi baru.').waitFor();
    problems.push(...(await audit(page, 'account, a mistyped repeat')));

    expectNone(problems);
    expect(failures).toEqual([]);
  });

  it("passes axe's WCAG 2.1 AA rules on the administrator's screens at 360 px", async () => {
    const { page, failures } = await phone();
    const problems: string[] = [];
    await logInThroughTheApp(page, base, admin);
    await page.getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pelatihan menunggu persetujuan' }).waitFor();
    await page.getByTestId('approvals').getByRole('link', { name: inReview.title }).waitFor();
    problems.push(...(await audit(page, 'admin approvals')));

    await page.getByTestId('approvals').getByRole('link', { name: inReview.title }).click();
    await page.getByRole('heading', { level: 1, name: inReview.title }).waitFor();
    await page.getByText('Pengantar Arsip', { exact: true }).waitFor();
    problems.push(...(await audit(page, 'admin course under review')));
    // Returning it without a reason: the form says what is missing.
    await page.getByRole('button', { name: 'Kembalikan ke draf' }).click();
    await page.getByText('Tuliskan alasan mengapa pelatihan dikembalikan.').waitFor();
    problems.push(...(await audit(page, 'admin course under review, reason missing')));

    await page.getByRole('navigation', { name: 'Menu administrasi' }).getByRole('link', { name: 'Pendaftaran' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pendaftaran peserta' }).waitFor();
    await page.getByLabel('Pelatihan (yang sudah terbit)').locator('option', { hasText: learning.title }).waitFor({ state: 'attached' });
    problems.push(...(await audit(page, 'admin enrolment')));
    // A cohort of the course the learner is in already (the keyboard test enrols them in `offered` itself).
    await page.getByLabel('Pelatihan (yang sudah terbit)').selectOption(learning.id);
    await page.getByLabel('Nama angkatan').fill('Angkatan I Tahun 2026');
    await page.getByRole('button', { name: 'Buat angkatan' }).click();
    await page.getByTestId('chosen-cohort').getByText('Angkatan I Tahun 2026').waitFor();
    await page.getByLabel('NIP, satu per baris').fill(`${learner.nip}\n1985-01-01`);
    await page.getByRole('button', { name: 'Daftarkan' }).click();
    await page.getByTestId('enrol-result').locator('tbody tr').nth(1).waitFor();
    problems.push(...(await audit(page, 'admin enrolment, result')));

    await page.getByRole('navigation', { name: 'Menu administrasi' }).getByRole('link', { name: 'Laporan JP' }).click();
    await page.getByRole('heading', { level: 1, name: 'Laporan JP perangkat daerah' }).waitFor();
    await page.getByLabel('Perangkat daerah').locator('option', { hasText: agency.name }).waitFor({ state: 'attached' });
    await page.getByLabel('Perangkat daerah').selectOption(agency.id);
    await page.getByRole('button', { name: 'Tampilkan laporan' }).click();
    await page.getByTestId('jp-report').locator('tbody tr').first().waitFor();
    problems.push(...(await audit(page, 'admin report')));

    await page.getByRole('navigation', { name: 'Menu administrasi' }).getByRole('link', { name: 'Mitra' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitra dan kunci API' }).waitFor();
    await page.getByRole('link', { name: 'Kunci API Universitas Tapanuli' }).waitFor();
    problems.push(...(await audit(page, 'admin partners')));
    await page.getByRole('link', { name: 'Kunci API Universitas Tapanuli' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kunci API Universitas Tapanuli' }).waitFor();
    await page.getByTestId('api-keys').getByRole('heading').first().waitFor();
    problems.push(...(await audit(page, 'admin partner keys')));

    // People: found by name, with the password form open and a too-short password refused.
    await page.getByRole('navigation', { name: 'Menu administrasi' }).getByRole('link', { name: 'Pegawai' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pegawai' }).waitFor();
    await page.getByLabel('Nama, email atau NIP').fill('Siti Pohan');
    await page.getByRole('button', { name: 'Cari' }).click();
    const person = page.getByRole('article', { name: 'Siti Pohan' });
    await person.getByRole('button', { name: 'Atur ulang kata sandi Siti Pohan' }).click();
    await person.getByLabel('Kata sandi baru').fill('pendek');
    await person.getByRole('button', { name: 'Simpan kata sandi baru' }).click();
    await person.getByRole('alert').waitFor();
    problems.push(...(await audit(page, 'admin people, a password refused')));

    expectNone(problems);
    expect(failures).toEqual([]);
  });

  it("passes axe's WCAG 2.1 AA rules on the instructor's screens at 360 px", async () => {
    const { page, failures } = await phone();
    const problems: string[] = [];
    await logInThroughTheApp(page, base, instructor);
    await page.getByRole('link', { name: 'Mengajar' }).click();
    await page.getByRole('heading', { name: 'Pelatihan yang saya ajar' }).waitFor();
    await page.getByRole('link', { name: draft.title }).waitFor();
    problems.push(...(await audit(page, 'teach, my courses')));

    await page.getByRole('link', { name: draft.title }).click();
    await page.getByRole('heading', { level: 1, name: draft.title }).waitFor();
    await page.getByRole('article', { name: 'Contoh Unggahan yang Baik' }).waitFor();
    problems.push(...(await audit(page, 'teach, draft course editor')));
    await page.getByRole('button', { name: 'Tambah materi ke modul Menulis untuk Warga' }).click();
    await page.getByLabel('Judul materi').waitFor();
    problems.push(...(await audit(page, 'teach, adding a material')));

    await page.goto(new URL('/teach', base).toString());
    await page.getByRole('link', { name: 'Buat pelatihan baru' }).click();
    await page.getByLabel('Kode pelatihan').waitFor();
    problems.push(...(await audit(page, 'teach, new course')));

    await page.goto(new URL('/teach/reviews', base).toString());
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('Memuat…').waitFor({ state: 'detached' });
    problems.push(...(await audit(page, 'teach, review queue')));

    expectNone(problems);
    expect(failures).toEqual([]);
  });

  it('lets a learner log in, open a course from home, enrol from the catalogue and register for a seminar with the keyboard alone, the focus always visible and kept in place', async () => {
    const { page, failures } = await phone();
    const unseen: string[] = [];

    /**
     * Presses the key until the focus is on the element `matches` picks (at most 40 times),
     * noting every focused element that shows no outline and no box-shadow.
     */
    async function focusBy(key: 'Tab' | 'Shift+Tab', what: string, matches: (focused: { tag: string; name: string; type: string }) => boolean): Promise<void> {
      const passed: string[] = [];
      for (let presses = 0; presses < 40; presses++) {
        await page.keyboard.press(key);
        const focused = await page.evaluate(() => {
          const element = (globalThis as InPage).document.activeElement;
          const style = (globalThis as InPage).getComputedStyle(element);
          const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
          return {
            tag: element.tagName.toLowerCase(),
            type: element.getAttribute('type') ?? '',
            name: (element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '').trim(),
            visible: outlined || style.boxShadow !== 'none',
          };
        });
        if (focused.tag !== 'body' && !focused.visible) unseen.push(`${focused.tag} “${focused.name}”`);
        if (matches(focused)) return;
        passed.push(`${focused.tag} “${focused.name}”`);
      }
      throw new Error(`${key} never reached ${what}; it went through ${passed.join(', ')}`);
    }

    await page.goto(base);
    await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
    await focusBy('Tab', 'the email field', (f) => f.type === 'email');
    await page.keyboard.type(learner.email);
    await focusBy('Tab', 'the password field', (f) => f.type === 'password');
    await page.keyboard.type(learner.password);
    await focusBy('Tab', 'the login button', (f) => f.tag === 'button' && f.name === 'Masuk');
    await page.keyboard.press('Enter');
    await page.getByTestId('jp-progress').waitFor();

    // Home: on to the course in progress.
    await focusBy('Tab', `the link to ${learning.title}`, (f) => f.tag === 'a' && f.name === learning.title);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: learning.title }).waitFor();
    // The new screen's content has the focus: back up to the menu, and to the catalogue.
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement.id)).toBe('main');
    await focusBy('Shift+Tab', 'the catalogue in the menu', (f) => f.tag === 'a' && f.name === 'Katalog');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: offered.title }).waitFor();
    await focusBy('Tab', `the enrol button of ${offered.title}`, (f) => f.tag === 'button' && f.name.includes(offered.title));
    await page.keyboard.press('Space');
    // The button is gone: its course's new link has the focus, and says the learner is enrolled.
    const opened = page.getByRole('link', { name: `Buka pelatihan ${offered.title}` });
    await opened.waitFor();
    await page.waitForFunction(() => (globalThis as InPage).document.activeElement?.getAttribute('aria-label')?.startsWith('Buka pelatihan '));
    expect(await opened.evaluate((element: InPage) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await page.evaluate(() => (globalThis as InPage).document.getElementById((globalThis as InPage).document.activeElement.getAttribute('aria-describedby')).textContent)).toBe('Terdaftar');
    const state = await t.ok<{ course: { myEnrollment: { status: string } | null } }>(MY_ENROLLMENT, { id: offered.id }, { token: await learner.token() });
    expect(state.course.myEnrollment?.status).toBe('ACTIVE');

    // A seminar: registering moves the focus to what happened; cancelling asks first, and the
    // focus follows the question and comes back to the link when the learner keeps the seat.
    await page.goto(new URL(`/seminars/${seminar.id}`, base).toString());
    await page.getByRole('heading', { level: 1, name: seminar.title }).waitFor();
    await focusBy('Tab', 'the register button', (f) => f.tag === 'button' && f.name === 'Daftar');
    await page.keyboard.press('Enter');
    await page.getByTestId('registration-state').filter({ hasText: 'Anda terdaftar dan mendapat kursi.' }).waitFor();
    await page.waitForFunction(() => (globalThis as InPage).document.activeElement?.dataset.testid === 'registration-state');
    await focusBy('Tab', 'the cancel link', (f) => f.tag === 'button' && f.name === 'Batalkan pendaftaran');
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: /^Batalkan pendaftaran\?/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement.textContent)).toBe('Tidak jadi');
    expectNone(await audit(page, 'seminar, cancelling asked'));
    await page.keyboard.press('Enter');
    await page.getByRole('group').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement.textContent)).toBe('Batalkan pendaftaran');

    // With a seat comes the check-in form: reached by keyboard, and checked with a refused code too.
    await page.getByLabel('Kode presensi').waitFor();
    expectNone(await audit(page, 'seminar, registered (check-in)'));
    await focusBy('Tab', 'the check-in code', (f) => f.tag === 'input' && f.name === 'Kode presensi');
    await page.keyboard.type('ABCDEF');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Presensi' }).getByRole('alert').waitFor();
    expectNone(await audit(page, 'seminar, a check-in refused'));

    expect(unseen).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('moves the focus to the first course or seminar that "more" loaded, whose button is then gone', async () => {
    // 21 courses of one competency: a page of 20 and one more.
    const author = await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: agency.id });
    for (let index = 1; index <= 21; index++) {
      const course = await buildCourse(t, { author, title: `Wawasan Kebangsaan ${String(index).padStart(2, '0')}`, competency: 'SOSIAL_KULTURAL' });
      await buildMaterial(t, course, (await buildModule(t, course)).id, 'TEXT');
      await publishCourse(t, course);
    }
    const { page, failures } = await phone();
    await logInThroughTheApp(page, base, learner);
    await page.goto(new URL('/catalogue?competency=SOSIAL_KULTURAL', base).toString());
    await page.getByRole('status').filter({ hasText: '21 pelatihan ditemukan' }).waitFor();
    const more = page.getByRole('button', { name: 'Muat lebih banyak' });
    await more.focus();
    await page.keyboard.press('Enter');
    await page.locator('main li.card h2').nth(20).waitFor();
    await expect(page.locator('main li.card h2').count()).resolves.toBe(21);
    await expect(page.locator('main button.primary', { hasText: /^(Muat lebih banyak|Memuat)/ }).count()).resolves.toBe(0);
    // The focus is on the course that came last, not on the page.
    await page.waitForFunction(() => (globalThis as InPage).document.activeElement?.tagName === 'H2');
    const focused = await page.evaluate(() => (globalThis as InPage).document.activeElement.textContent);
    expect(await page.locator('main li.card h2').nth(20).textContent()).toBe(focused);
    expectNone(await audit(page, 'catalogue, second page'));

    // 21 more seminars, after the first one: 22, a page of 20 and two more.
    for (let index = 1; index <= 21; index++) {
      const day = 40 + index;
      await publishSeminar(t, { apiKey: seminarKey }, {
        title: `Webinar Literasi Digital ${String(index).padStart(2, '0')}`,
        sessions: [{ externalRef: 'hari-1', title: 'Hari 1', startsAt: dayFromNow(day, 1).toISOString(), endsAt: dayFromNow(day, 5).toISOString(), timeZone: 'Asia/Jakarta' }],
      });
    }
    await page.getByRole('link', { name: 'Seminar', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Seminar' }).waitFor();
    const seminars = page.locator('main li.card h2 a');
    await seminars.nth(19).waitFor();
    await page.getByRole('button', { name: 'Muat lebih banyak' }).focus();
    await page.keyboard.press('Enter');
    await seminars.nth(21).waitFor();
    await expect(seminars.count()).resolves.toBe(22);
    await expect(page.locator('main button.primary', { hasText: /^(Muat lebih banyak|Memuat)/ }).count()).resolves.toBe(0);
    await page.waitForFunction(() => (globalThis as InPage).document.activeElement?.tagName === 'A' && (globalThis as InPage).document.activeElement.closest('li.card'));
    expect(await page.evaluate(() => (globalThis as InPage).document.activeElement.textContent)).toBe(await seminars.nth(20).textContent());
    expectNone(await audit(page, 'seminars, second page'));
    expect(failures).toEqual([]);
  });
});
