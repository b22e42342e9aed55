import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Request, Route } from 'playwright-core';
import { buildAssignmentMaterial, SAMPLE_RUBRIC, setAssignment, submitWork } from '../../builders/assignment';
import { buildCourse, buildMaterial, buildModule, publishCourse } from '../../builders/catalogue';
import { buildUser, type BuiltUser } from '../../builders/identity';
import { buildCohort, dayFromToday, enrolLearner } from '../../builders/learning';
import { describeWithChromium, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { selectRows } from '../../support/database';
import { mp4Bytes, pdfBytes, sha256 } from '../../support/sample-files';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const MiB = 1024 * 1024;

const MATERIAL = `query ($id: ID!) { material(id: $id) { status currentVersion { version filename contentType size sha256 } } }`;
const SUBMISSION = `query ($id: ID!) { submission(id: $id) { status reviews { decision score comment rubricScores { level points } } comments { body author { id } } } }`;
const COURSE_CONTENT = `query ($id: ID) { course(id: $id) { modules { title materials { title } } } }`;
const COURSE = `query ($code: String!) { course(code: $code) { id status modules { title materials { id title kind } } } }`;

/*
 * Functions given to evaluate run in the browser: they reach the page's objects untyped (the
 * tests' tsconfig has Node's libraries, not the DOM's).
 */
type InPage = any;

/** A port free now, so the app's public address (and so the store's CORS rule) can name it before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Issue 17, the instructor: a course made in the app from nothing (details, a module, a video),
 * the video sent in parts straight to the object store with a progress bar, the connection cut
 * after the first part and again after the second, and the upload resumed with only the missing
 * parts (by 'Lanjutkan unggahan', then after a reload by picking the same file); the server holds
 * the whole, verified file from one upload, and the course goes to review.
 */
describeWithChromium('Pelita web: the instructor authors a course and uploads its video', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let base: string;
  let storeOrigin: string;
  let instructor: BuiltUser;
  let folder: string;
  let videoPath: string;
  // Larger than the multipart threshold (64 MiB): five parts of 16 MiB, the last one of 1 MiB.
  const video = mp4Bytes(65 * MiB);
  const pdf = pdfBytes();

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The app's public address is where the browser is: a store that needs a CORS rule (Ceph's
    // RADOS Gateway) gets one for this origin when the app ensures its bucket.
    const port = await freePort();
    t = await startTestApp({ port, publicBaseUrl: `http://127.0.0.1:${port}` });
    base = new URL('/', t.app.url).toString();
    const store = t.config.storage.publicAddress ?? t.config.storage;
    storeOrigin = `${store.useSSL ? 'https' : 'http'}://${store.endPoint}:${store.port}`;
    browser = await launchChromium();
    instructor = await buildUser(t, { name: 'Rahmat Siregar', roles: ['INSTRUCTOR'] });
    folder = await mkdtemp(path.join(os.tmpdir(), 'pelita-teach-'));
    videoPath = path.join(folder, 'Rekaman Kelas 1.mp4');
    await writeFile(videoPath, video);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('creates a course with a module and a video, resumes a cut upload with only the missing parts, and submits it for review', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // The cut part is logged by Chromium as a failed load: expected here, and not the app's.
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && failures.push(message.text()));
    // Every PUT the browser sends to the store, by part number.
    let puts: number[] = [];
    const isStorePut = (request: Request) => request.method() === 'PUT' && request.url().startsWith(storeOrigin);
    page.on('request', (request) => {
      if (isStorePut(request)) puts.push(Number(new URL(request.url()).searchParams.get('partNumber')));
    });

    await logInThroughTheApp(page, base, instructor);
    await page.getByRole('link', { name: 'Mengajar' }).click();
    await page.getByRole('heading', { name: 'Pelatihan yang saya ajar' }).waitFor();
    await page.getByText('Anda belum mengajar pelatihan apa pun.').waitFor();

    // A new course: its details, then the editor.
    await page.getByRole('link', { name: 'Buat pelatihan baru' }).click();
    await page.getByLabel('Kode pelatihan').fill('PP-VIDEO-01');
    await page.getByLabel('Judul', { exact: true }).fill('Pelayanan Publik dalam Video');
    await page.getByLabel('Ringkasan').fill('Rekaman kelas pelayanan publik prima untuk ASN Sibolga.');
    await page.getByLabel('Jenis kompetensi').selectOption('TEKNIS');
    await page.getByLabel('JP (jam pelajaran)').fill('4');
    await page.getByRole('button', { name: 'Buat pelatihan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pelayanan Publik dalam Video' }).waitFor();
    expect(await page.getByTestId('course-status').textContent()).toBe('Draf');

    // A module, and a video material in it.
    await page.getByRole('button', { name: 'Tambah modul' }).click();
    await page.getByLabel('Judul modul').fill('Rekaman Kelas');
    await page.getByRole('button', { name: 'Simpan modul' }).click();
    await page.getByRole('heading', { name: 'Modul 1: Rekaman Kelas' }).waitFor();
    await page.getByRole('button', { name: 'Tambah materi ke modul Rekaman Kelas' }).click();
    await page.getByLabel('Judul materi').fill('Rekaman Kelas 1');
    await page.getByLabel('Jenis materi').selectOption('VIDEO');
    await page.getByLabel('Perkiraan waktu (menit)').fill('45');
    await page.getByRole('button', { name: 'Simpan materi' }).click();
    const material = page.getByRole('article', { name: 'Rekaman Kelas 1' });
    await material.getByText('Menunggu berkas').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-editor.png'), fullPage: true });

    const built = (await t.ok<{ course: { id: string; modules: { materials: { id: string; kind: string }[] }[] } }>(COURSE, { code: 'PP-VIDEO-01' }, { token: (await instructor.login()).accessToken })).course;
    const materialId = built.modules[0].materials[0].id;
    expect(built.modules[0].materials[0].kind).toBe('VIDEO');

    // The connection drops after the first part: no later part reaches the store.
    let cutFrom = 2;
    const cut = (url: URL) => url.href.startsWith(storeOrigin) && Number(url.searchParams.get('partNumber') ?? 0) >= cutFrom;
    await page.route(cut, (route) => route.abort('internetdisconnected'));
    await material.getByLabel('Berkas materi').setInputFiles(videoPath);
    await material.getByRole('button', { name: 'Unggah berkas' }).click();
    const cutNote = material.getByRole('alert').filter({ hasText: 'Unggahan terputus' });
    await cutNote.waitFor({ timeout: 60_000 });
    const resume = material.getByRole('button', { name: 'Lanjutkan unggahan' });
    await resume.waitFor();
    expect(puts).toEqual([1, 2]);
    // The bar shows what reached the store: the first part of five.
    const bar = material.getByRole('progressbar');
    const shareAfter = (parts: number) => String(Math.round(((parts * 16 * MiB) / video.length) * 100));
    expect(await bar.getAttribute('aria-valuenow')).toBe(shareAfter(1));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-upload-cut.png'), fullPage: true });

    // 'Lanjutkan unggahan' sends only what is missing, from part 2; the link drops again after it.
    puts = [];
    cutFrom = 3;
    await resume.click();
    // Until part 3 was tried (and cut): the old failure on the screen is not the new one.
    for (const started = Date.now(); !puts.includes(3); ) {
      if (Date.now() - started > 60_000) throw new Error(`part 3 was never sent (PUTs: ${puts.join(', ')})`);
      await page.waitForTimeout(100);
    }
    await material.getByRole('button', { name: 'Lanjutkan unggahan' }).waitFor();
    await cutNote.waitFor();
    expect(puts).toEqual([2, 3]);
    expect(await bar.getAttribute('aria-valuenow')).toBe(shareAfter(2));

    // Back online, after a reload: the screen remembers the unfinished upload, and the same file
    // picked again resumes it with the three missing parts; then the server verifies the file.
    cutFrom = Number.POSITIVE_INFINITY;
    await page.unroute(cut);
    await page.reload();
    await material.getByTestId('upload-pending').filter({ hasText: 'Unggahan “Rekaman Kelas 1.mp4” (65 MB) belum selesai' }).waitFor();
    puts = [];
    await material.getByLabel('Berkas materi').setInputFiles(videoPath);
    await material.getByRole('button', { name: 'Unggah berkas' }).click();
    await material.getByRole('status').filter({ hasText: 'Berkas terunggah dan terverifikasi.' }).waitFor({ timeout: 60_000 });
    expect(puts).toEqual([3, 4, 5]);
    await material.getByText('Siap', { exact: true }).waitFor();
    expect(await material.getByTestId('material-file').textContent()).toContain('Rekaman Kelas 1.mp4');
    await page.getByText('Setelah diajukan, pelatihan tidak dapat diubah').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-upload-done.png'), fullPage: true });

    const stored = (await t.ok<{ material: { status: string; currentVersion: { version: number; filename: string; contentType: string; size: number; sha256: string } } }>(MATERIAL, { id: materialId }, { token: (await instructor.login()).accessToken })).material;
    expect(stored).toEqual({ status: 'READY', currentVersion: { version: 1, filename: 'Rekaman Kelas 1.mp4', contentType: 'video/mp4', size: video.length, sha256: sha256(video) } });
    // One upload, resumed rather than started again, and completed.
    const uploads = await selectRows<{ status: string; multipart_upload_id: string | null }>(t.databaseUrl, 'SELECT status, multipart_upload_id FROM uploads WHERE target_id = $1', [materialId]);
    expect(uploads).toHaveLength(1);
    expect(uploads[0].status).toBe('COMPLETED');
    expect(uploads[0].multipart_upload_id).not.toBeNull();

    // A small file travels in one PUT, with its Content-Type (a preflighted request to the store).
    await page.getByRole('button', { name: 'Tambah materi ke modul Rekaman Kelas' }).click();
    await page.getByLabel('Judul materi').fill('Modul Standar Pelayanan (PDF)');
    await page.getByLabel('Jenis materi').selectOption('DOCUMENT');
    await page.getByRole('button', { name: 'Simpan materi' }).click();
    const pdfMaterial = page.getByRole('article', { name: 'Modul Standar Pelayanan (PDF)' });
    await pdfMaterial.getByText('Menunggu berkas').waitFor();
    // First the instructor stops an upload that hangs: nothing is left half-done, and the focus
    // goes back to the button that starts it again.
    const held: Route[] = [];
    const toStore = (url: URL) => url.href.startsWith(storeOrigin);
    await page.route(toStore, (route) => (route.request().method() === 'PUT' ? void held.push(route) : route.continue()));
    await pdfMaterial.getByLabel('Berkas materi').setInputFiles({ name: 'modul-standar-pelayanan.pdf', mimeType: 'application/pdf', buffer: pdf });
    await pdfMaterial.getByRole('button', { name: 'Unggah berkas' }).click();
    for (const started = Date.now(); !held.length; ) {
      if (Date.now() - started > 30_000) throw new Error('the PDF was never sent');
      await page.waitForTimeout(50);
    }
    const stopped = page.waitForEvent('requestfailed', (request) => isStorePut(request));
    await pdfMaterial.getByRole('button', { name: 'Batalkan unggahan' }).click();
    expect((await stopped).failure()?.errorText).toMatch(/ABORTED/);
    await pdfMaterial.getByRole('status').filter({ hasText: 'Unggahan dibatalkan.' }).waitFor();
    await expect(pdfMaterial.getByRole('alert').count()).resolves.toBe(0);
    await expect(pdfMaterial.getByRole('button', { name: 'Batalkan unggahan' }).count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).resolves.toBe('Unggah berkas');
    await pdfMaterial.getByText('Menunggu berkas').waitFor();
    await page.unroute(toStore);
    await Promise.all(held.map((route) => route.abort().catch(() => undefined)));
    puts = [];
    await pdfMaterial.getByRole('button', { name: 'Unggah berkas' }).click();
    await pdfMaterial.getByRole('status').filter({ hasText: 'Berkas terunggah dan terverifikasi.' }).waitFor();
    await pdfMaterial.getByText('Siap', { exact: true }).waitFor();
    expect(puts).toEqual([0]);

    // Submitted for review: the editor and the list show it, and the server agrees.
    await page.getByRole('button', { name: 'Ajukan untuk ditinjau' }).click();
    await page.getByTestId('course-status').filter({ hasText: 'Sedang ditinjau' }).waitFor();
    await expect(page.getByRole('button', { name: 'Tambah modul' }).count()).resolves.toBe(0);
    expect((await t.ok<{ course: { status: string } }>(COURSE, { code: 'PP-VIDEO-01' }, { token: (await instructor.login()).accessToken })).course.status).toBe('IN_REVIEW');
    await page.getByRole('link', { name: 'Kembali ke pelatihan saya' }).click();
    const listed = page.getByRole('listitem').filter({ hasText: 'Pelayanan Publik dalam Video' });
    await listed.getByText('Sedang ditinjau').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-courses.png'), fullPage: true });

    // The same list in English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('heading', { name: 'Courses I teach' }).waitFor();
    await listed.getByText('In review').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-courses-en.png'), fullPage: true });
    expect(failures).toEqual([]);
  }, 180_000);

  it("grades a learner's work from the review queue by its rubric, and answers in its thread", async () => {
    // A published course whose assignment has a rubric, and a learner's attempt waiting for review.
    const course = await buildCourse(t, { title: 'Standar Pelayanan Publik' });
    const module = await buildModule(t, course);
    const assignment = await buildAssignmentMaterial(t, course, module.id, { title: 'Tugas: Rancang Standar Pelayanan' });
    await setAssignment(t, course, assignment.id, { rubric: SAMPLE_RUBRIC });
    await publishCourse(t, course);
    const cohort = await buildCohort(t, course, { name: 'Angkatan I Tahun 2026' });
    const learner = await buildUser(t, { name: 'Nurhayati Hutagalung' });
    await enrolLearner(t, learner, course, cohort);
    // A second learner of the cohort who has not begun.
    await enrolLearner(t, await buildUser(t, { name: 'Darwin Simanjuntak' }), course, cohort);
    const work = await submitWork(t, learner, assignment.id, { text: 'Rancangan standar pelayanan **KTP elektronik** terlampir.' });

    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await logInThroughTheApp(page, base, course.author);
    await page.getByRole('link', { name: 'Mengajar' }).click();
    await page.getByRole('navigation', { name: 'Menu mengajar' }).getByRole('link', { name: 'Antrean penilaian' }).click();
    await page.getByText('1 tugas menunggu penilaian').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-review-queue.png'), fullPage: true });
    await page.getByRole('link', { name: 'Nilai tugas Tugas: Rancang Standar Pelayanan dari Nurhayati Hutagalung' }).click();

    await page.getByRole('heading', { level: 1, name: 'Nurhayati Hutagalung' }).waitFor();
    await page.getByText('KTP elektronik').waitFor();
    expect(await page.getByTestId('submission-status').textContent()).toBe('Menunggu penilaian');
    await page.getByRole('group', { name: 'Kelengkapan analisis (maks. 3 poin)' }).getByLabel('Baik: 3 poin').check();
    await page.getByRole('group', { name: 'Rencana aksi (maks. 7 poin)' }).getByLabel('Ada tetapi umum: 4 poin').check();
    await page.getByLabel('Komentar untuk peserta (Markdown)').fill('Analisis lengkap; rencana aksi perlu target waktu.');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-review.png'), fullPage: true });
    await page.getByRole('button', { name: 'Simpan penilaian' }).click();
    await page.getByRole('status').filter({ hasText: 'Penilaian tersimpan.' }).waitFor();
    await page.getByTestId('submission-status').filter({ hasText: 'Diterima' }).waitFor();
    await page.getByText('Rencana aksi: Ada tetapi umum (4 poin)').waitFor();

    await page.getByLabel('Komentar baru').fill('Silakan tambahkan target waktu pada versi berikutnya.');
    await page.getByRole('button', { name: 'Kirim komentar' }).click();
    await page.getByText('Silakan tambahkan target waktu pada versi berikutnya.').waitFor();

    const token = (await course.author.login()).accessToken;
    const stored = (await t.ok<{ submission: { status: string; reviews: unknown[]; comments: { body: string; author: { id: string } }[] } }>(SUBMISSION, { id: work.id }, { token })).submission;
    expect(stored.status).toBe('ACCEPTED');
    expect(stored.reviews).toEqual([
      {
        decision: 'ACCEPTED',
        score: 7,
        comment: 'Analisis lengkap; rencana aksi perlu target waktu.',
        rubricScores: [
          { level: 'Baik', points: 3 },
          { level: 'Ada tetapi umum', points: 4 },
        ],
      },
    ]);
    expect(stored.comments).toEqual([{ body: 'Silakan tambahkan target waktu pada versi berikutnya.', author: { id: course.author.id } }]);
    // The cohort's progress: each learner with their percent and last activity.
    await page.getByRole('link', { name: 'Kemajuan angkatan Angkatan I Tahun 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Angkatan I Tahun 2026' }).waitFor();
    const learners = page.getByRole('list', { name: 'Kemajuan peserta Angkatan I Tahun 2026' }).getByRole('listitem');
    await learners.nth(1).waitFor();
    await expect(learners.allTextContents()).resolves.toEqual([
      expect.stringMatching(/^Darwin Simanjuntak.*0% selesai · belum ada aktivitas$/),
      // The accepted work was the course's one required material: she has completed it.
      expect.stringMatching(/^Nurhayati HutagalungSelesai.*100% selesai · aktif terakhir /),
    ]);
    // Learning gain (pre-test against post-test): this course has neither test, so the screen says so.
    await page.getByTestId('learning-gain').getByRole('heading', { name: 'Peningkatan hasil belajar' }).waitFor();
    await page.getByTestId('learning-gain').getByText('Belum ada peserta yang mengerjakan pre-test dan post-test.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-cohort.png'), fullPage: true });

    // The queue is empty now.
    await page.getByRole('link', { name: 'Mengajar' }).click();
    await page.getByRole('link', { name: 'Antrean penilaian' }).click();
    await page.getByText('Tidak ada tugas yang menunggu penilaian.').waitFor();
    expect(failures).toEqual([]);
  }, 120_000);

  it("lists a published course's cohorts with links to their progress, and moves and removes a draft's modules and materials by keyboard", async () => {
    const author = await buildUser(t, { name: 'Lamhot Sinaga', roles: ['INSTRUCTOR'] });
    // A published course with two cohorts, one learner in the first.
    const published = await buildCourse(t, { author, title: 'Etika Pelayanan Publik' });
    await buildMaterial(t, published, (await buildModule(t, published)).id, 'TEXT');
    await publishCourse(t, published);
    await buildCohort(t, published, { name: 'Angkatan I Tahun 2026', startsOn: dayFromToday(-20), endsOn: dayFromToday(10) });
    const first = (await t.ok<{ course: { cohorts: { id: string; name: string }[] } }>(`query ($id: ID) { course(id: $id) { cohorts { id name } } }`, { id: published.id }, { token: (await author.login()).accessToken })).course.cohorts[0];
    await buildCohort(t, published, { name: 'Angkatan II Tahun 2026', startsOn: dayFromToday(15), endsOn: dayFromToday(45) });
    await enrolLearner(t, await buildUser(t, { name: 'Ratna Panggabean' }), published, first);
    // A draft: two modules, the first with three readings.
    const draft = await buildCourse(t, { author, title: 'Kearsipan Digital', competency: 'MANAJERIAL', deliveryMode: 'BLENDED' });
    const intro = await buildModule(t, draft, { title: 'Pengantar' });
    await buildModule(t, draft, { title: 'Praktik' });
    for (const title of ['Bacaan A', 'Bacaan B', 'Bacaan C']) await buildMaterial(t, draft, intro.id, 'TEXT', { title });
    const content = async () =>
      (await t.ok<{ course: { modules: { title: string; materials: { title: string }[] }[] } }>(COURSE_CONTENT, { id: draft.id }, { token: (await author.login()).accessToken })).course.modules.map(
        (module) => [module.title, module.materials.map((material) => material.title)],
      );

    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    /** Waits until the focus is on the element with this name (its aria-label, else its text). */
    const focusIsOn = (name: string) =>
      page.waitForFunction((expected) => {
        const element = (globalThis as InPage).document.activeElement;
        return (element?.getAttribute('aria-label') ?? element?.textContent) === expected;
      }, name);
    await logInThroughTheApp(page, base, author);
    await page.getByRole('link', { name: 'Mengajar' }).click();

    // The published course's editor lists its cohorts, the latest first, each linking to its progress.
    await page.getByRole('link', { name: 'Etika Pelayanan Publik' }).click();
    const cohorts = page.getByRole('region', { name: 'Angkatan' });
    await cohorts.getByRole('link', { name: 'Angkatan I Tahun 2026' }).waitFor();
    expect(await cohorts.getByRole('link').allTextContents()).toEqual(['Angkatan II Tahun 2026', 'Angkatan I Tahun 2026']);
    await cohorts.getByText('1 peserta aktif').waitFor();
    expect(await page.getByRole('button', { name: /^Naikkan / }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-editor-cohorts.png'), fullPage: true });
    await cohorts.getByRole('link', { name: 'Angkatan I Tahun 2026' }).click();
    await page.getByRole('heading', { level: 1, name: 'Angkatan I Tahun 2026' }).waitFor();
    expect(page.url()).toBe(new URL(`/teach/cohort/${first.id}`, base).toString());
    await page.getByRole('list', { name: 'Kemajuan peserta Angkatan I Tahun 2026' }).getByText('Ratna Panggabean').waitFor();

    // The draft: no cohorts yet; its second module moves up by keyboard, and the focus stays on it.
    await page.getByRole('link', { name: 'Kembali ke pelatihan saya' }).click();
    await page.getByRole('link', { name: 'Kearsipan Digital' }).click();
    await page.getByRole('heading', { name: 'Modul 2: Praktik' }).waitFor();
    expect(await page.getByRole('region', { name: 'Angkatan' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Naikkan modul “Pengantar”' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Naikkan modul “Praktik”' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Modul 1: Praktik' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Modul “Praktik” kini urutan ke-1.' }).waitFor();
    // At the top it cannot go up again: the focus is on its "move down", ready for the next press.
    await focusIsOn('Turunkan modul “Praktik”');
    expect(await content()).toEqual([
      ['Praktik', []],
      ['Pengantar', ['Bacaan A', 'Bacaan B', 'Bacaan C']],
    ]);

    // A material moves down with Space.
    await page.getByRole('button', { name: 'Turunkan materi “Bacaan A”' }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Materi “Bacaan A” kini urutan ke-2.' }).waitFor();
    await focusIsOn('Turunkan materi “Bacaan A”');
    expect((await content())[1]).toEqual(['Pengantar', ['Bacaan B', 'Bacaan A', 'Bacaan C']]);

    // Removing asks first, with the focus on the safe answer; cancelling changes nothing.
    await page.getByRole('button', { name: 'Hapus modul “Pengantar”' }).click();
    await page.getByText('Hapus modul “Pengantar” beserta semua materinya? Ini tidak dapat dibatalkan.').waitFor();
    await focusIsOn('Batal');
    await page.keyboard.press('Enter');
    await focusIsOn('Hapus modul “Pengantar”');
    expect((await content()).map(([title]) => title)).toEqual(['Praktik', 'Pengantar']);

    // A material removed after saying yes.
    const reading = page.getByRole('article', { name: 'Bacaan B' });
    await reading.getByRole('button', { name: 'Hapus materi “Bacaan B”' }).focus();
    await page.keyboard.press('Enter');
    const question = page.getByRole('group', { name: 'Hapus materi “Bacaan B”? Ini tidak dapat dibatalkan.' });
    await question.waitFor();
    await focusIsOn('Batal');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-editor-remove.png'), fullPage: true });
    await question.getByRole('button', { name: 'Ya, hapus' }).click();
    await page.getByRole('status').filter({ hasText: 'Materi “Bacaan B” dihapus.' }).waitFor();
    await reading.waitFor({ state: 'detached' });
    // The focus goes to the module it was in.
    await focusIsOn('Modul 2: Pengantar');
    expect(await content()).toEqual([
      ['Praktik', []],
      ['Pengantar', ['Bacaan A', 'Bacaan C']],
    ]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-editor-arranged.png'), fullPage: true });

    // The course's details open with what the course has: saving a new summary changes nothing else.
    await page.getByRole('button', { name: 'Ubah keterangan' }).click();
    await expect(page.getByLabel('Jenis kompetensi').inputValue()).resolves.toBe('MANAJERIAL');
    await expect(page.getByLabel('Cara penyampaian').inputValue()).resolves.toBe('BLENDED');
    await page.getByLabel('Ringkasan').fill('Mengelola arsip dinamis secara elektronik.');
    await page.getByRole('region', { name: 'Keterangan pelatihan' }).getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.getByText('Mengelola arsip dinamis secara elektronik.').waitFor();
    const details = (await t.ok<{ course: { summary: string; competency: string; deliveryMode: string } }>(`query ($id: ID) { course(id: $id) { summary competency deliveryMode } }`, { id: draft.id }, { token: (await author.login()).accessToken })).course;
    expect(details).toEqual({ summary: 'Mengelola arsip dinamis secara elektronik.', competency: 'MANAJERIAL', deliveryMode: 'BLENDED' });

    // "Pengantar" opens only once "Praktik" is done; renaming it later keeps that.
    const prerequisites = async () =>
      (await t.ok<{ course: { modules: { title: string; prerequisite: { title: string } | null }[] } }>(`query ($id: ID) { course(id: $id) { modules { title prerequisite { title } } } }`, { id: draft.id }, { token: (await author.login()).accessToken })).course.modules.map(
        (module) => [module.title, module.prerequisite?.title ?? null],
      );
    const introCard = page.getByRole('region', { name: 'Modul 2: Pengantar' });
    await introCard.getByRole('button', { name: 'Ubah modul Pengantar' }).click();
    await expect(introCard.getByLabel('Selesaikan dulu modul').inputValue()).resolves.toBe('');
    await introCard.getByLabel('Selesaikan dulu modul').selectOption({ label: 'Modul 1: Praktik' });
    await introCard.getByRole('button', { name: 'Simpan', exact: true }).click();
    await introCard.getByTestId('module-prerequisite').filter({ hasText: 'Terbuka setelah modul “Praktik” selesai.' }).waitFor();
    expect(await prerequisites()).toEqual([['Praktik', null], ['Pengantar', 'Praktik']]);
    await introCard.getByRole('button', { name: 'Ubah modul Pengantar' }).click();
    await expect(introCard.getByLabel('Selesaikan dulu modul').inputValue()).resolves.not.toBe('');
    await introCard.getByLabel('Judul modul').fill('Pengantar Kearsipan');
    await introCard.getByRole('button', { name: 'Simpan', exact: true }).click();
    const renamed = page.getByRole('region', { name: 'Modul 2: Pengantar Kearsipan' });
    await renamed.getByTestId('module-prerequisite').waitFor();
    expect(await prerequisites()).toEqual([['Praktik', null], ['Pengantar Kearsipan', 'Praktik']]);
    // The other way round would be a loop: the API refuses it, and the form says so.
    const practice = page.getByRole('region', { name: 'Modul 1: Praktik' });
    await practice.getByRole('button', { name: 'Ubah modul Praktik' }).click();
    await practice.getByLabel('Selesaikan dulu modul').selectOption({ label: 'Modul 2: Pengantar Kearsipan' });
    await practice.getByRole('button', { name: 'Simpan', exact: true }).click();
    await practice.getByRole('alert').waitFor();
    await practice.getByRole('button', { name: 'Batal', exact: true }).click();
    expect(await prerequisites()).toEqual([['Praktik', null], ['Pengantar Kearsipan', 'Praktik']]);

    // The same buttons in English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('button', { name: 'Move down module “Praktik”' }).waitFor();
    await page.getByRole('button', { name: 'Remove material “Bacaan C”' }).waitFor();
    await page.getByText('Opens once the module “Praktik” is complete.').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'teach-editor-arranged-en.png'), fullPage: true });
    expect(failures).toEqual([]);
  }, 120_000);
});
