import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { buildAssignmentMaterial, type BuiltAssignment, reviewSubmission, SAMPLE_RUBRIC, setAssignment, uploadFeedbackFile } from '../../builders/assignment';
import { authorToken, buildCourse, buildModule, publishCourse } from '../../builders/catalogue';
import { buildUser, type BuiltUser } from '../../builders/identity';
import { buildCohort, enrolLearner } from '../../builders/learning';
import { describeWithChromium, freePort, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { selectRows } from '../../support/database';
import { pdfBytes, sha256 } from '../../support/sample-files';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

// Runs in the browser: it reaches the page through globalThis (the tests' tsconfig has no DOM library).
type InPage = any;

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };

const MY_SUBMISSIONS = `query ($id: ID!) { material(id: $id) { myProgress { status completedAt } assignment { mySubmissions {
  id number status text files { filename sha256 } comments { body author { id } } } } } }`;
const COMMENT = `mutation ($submissionId: ID!, $body: String!) { commentOnSubmission(submissionId: $submissionId, body: $body) { id } }`;

interface Attempt {
  id: string;
  number: number;
  status: string;
  text: string | null;
  files: { filename: string; sha256: string }[];
  comments: { body: string; author: { id: string } }[];
}

/**
 * Issue 17, the learner's assignment: the brief with its due date and rubric, a short text and a
 * PDF handed in from the phone (the PDF sent straight to the store with a progress bar), the
 * instructor asking for a revision with rubric levels, feedback and a file, a reply in the
 * thread, the revision handed in (keeping the PDF), and the instructor accepting it: the
 * material, and with it the course, completed on the server.
 */
describeWithChromium('Pelita web: a learner hands in an assignment and revises it after review', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext | undefined;
  let base: string;
  let storeOrigin: string;
  let learner: BuiltUser;
  let widyaiswara: BuiltUser;
  let assignment: BuiltAssignment;
  const course = { id: '', title: 'Inovasi Pelayanan Publik' };
  const material = { id: '', title: 'Tugas: Analisis Layanan Unit Kerja' };
  const pdf = pdfBytes('Analisis antrean layanan KTP elektronik Disdukcapil Kota Sibolga');

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The browser PUTs the learner's file to the store: the app's public address is where the
    // browser is, so a store that needs a CORS rule gets one for this origin.
    const port = await freePort();
    t = await startTestApp({ port, publicBaseUrl: `http://127.0.0.1:${port}` });
    base = new URL('/', t.app.url).toString();
    const store = t.config.storage.publicAddress ?? t.config.storage;
    storeOrigin = `${store.useSSL ? 'https' : 'http'}://${store.endPoint}:${store.port}`;
    browser = await launchChromium();

    const built = await buildCourse(t, { title: course.title });
    course.id = built.id;
    const module = await buildModule(t, built, { title: 'Modul 1: Analisis Layanan' });
    material.id = (await buildAssignmentMaterial(t, built, module.id, { title: material.title })).id;
    assignment = await setAssignment(t, built, material.id, {
      instructions: '## Tugas\nAnalisis **satu layanan publik** di unit kerja Anda:\n\n- masalah utama\n- rencana perbaikan',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      rubric: SAMPLE_RUBRIC,
      maxScore: 10,
      maxFiles: 2,
    });
    await publishCourse(t, built);
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Dra. Rosmawati Siregar' });
    const cohort = await buildCohort(t, built, { instructorIds: [widyaiswara.id] });
    learner = await buildUser(t, { name: 'Rina Simanjuntak' });
    await enrolLearner(t, learner, built, cohort);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
  });

  const fitsThePhone = async (page: Page) => expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  const attempts = async (): Promise<{ progress: { status: string } | null; list: Attempt[] }> => {
    const { material: read } = await t.ok(MY_SUBMISSIONS, { id: material.id }, { token: await authorToken(learner) });
    return { progress: read.myProgress, list: read.assignment.mySubmissions };
  };
  const choose = (levels: number[]) => assignment.rubric.map((criterion, index) => ({ criterionId: criterion.id, levelId: criterion.levels[levels[index]].id }));

  it('hands in a text and a PDF, reads the review, replies, hands in the revision and gets it accepted', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // The store link is cut on purpose once: the browser logs that refused PUT, nothing else may fail.
    page.on('console', (message) => message.type() === 'error' && !message.text().includes('ERR_INTERNET_DISCONNECTED') && failures.push(message.text()));

    await logInThroughTheApp(page, base, learner);
    await page.goto(new URL(`/course/${course.id}`, base).toString());
    await page.getByRole('link', { name: new RegExp(material.title) }).click();

    // The brief as the API gives a learner: instructions, due date, what to hand in, the rubric.
    await page.getByRole('heading', { level: 1, name: material.title }).waitFor();
    await page.getByRole('heading', { name: 'Petunjuk tugas' }).waitFor();
    await expect(page.getByTestId('assignment-state').textContent()).resolves.toBe('Anda belum mengumpulkan tugas ini.');
    await page.getByText('satu layanan publik').waitFor();
    await expect(page.getByTestId('assignment-due').textContent()).resolves.toMatch(/\d{4}.*WIB/);
    await page.getByText('Berkas PDF, paling besar 20 MB, paling banyak 2 berkas').waitFor();
    await page.getByText('Rencana aksi (maks. 7 poin)').waitFor();
    await page.getByText('Rinci dan terukur: 7 poin').waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assignment-brief.png'), fullPage: true });

    // The hand-in: a short text, and a PDF that goes to the store at once with its bar.
    await page.getByLabel('Jawaban Anda').fill('Antrean layanan KTP-el rata-rata **2 jam**; usulan: nomor antrean daring.');
    // Every state the file's row shows, in order, so the bar is seen moving and not only its end.
    await page.evaluate(() => {
      const page = globalThis as InPage;
      page.seenUploadStates = [];
      new page.MutationObserver(() => {
        const state = page.document.querySelector('[data-testid="upload-state"]')?.textContent;
        if (state && page.seenUploadStates[page.seenUploadStates.length - 1] !== state) page.seenUploadStates.push(state);
      }).observe(page.document.body, { subtree: true, childList: true, characterData: true });
    });
    // A wrong file picked first, on a link that hangs: removing it stops its upload at once.
    const toStore = (url: URL) => url.origin === storeOrigin;
    const held: Route[] = [];
    await page.route(toStore, (route) => (route.request().method() === 'PUT' ? void held.push(route) : route.continue()));
    await page.getByLabel('Tambah berkas').setInputFiles({ name: 'foto-liburan.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Bukan tugas') });
    const wrong = page.getByTestId('upload-row').filter({ hasText: 'foto-liburan.pdf' });
    for (const started = Date.now(); !held.length; ) {
      if (Date.now() - started > 30_000) throw new Error('the wrong file was never sent');
      await page.waitForTimeout(50);
    }
    const stopped = page.waitForEvent('requestfailed', (request) => request.method() === 'PUT' && request.url().startsWith(storeOrigin));
    await wrong.getByRole('button', { name: 'Hapus foto-liburan.pdf dari kiriman' }).click();
    await wrong.waitFor({ state: 'detached' });
    expect((await stopped).failure()?.errorText).toMatch(/ABORTED/);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.unroute(toStore);
    await Promise.all(held.map((route) => route.abort().catch(() => undefined)));

    // The link to the store drops on the first try: the row says so and offers to resume.
    await page.route(toStore, (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Tambah berkas').setInputFiles({ name: 'analisis-ktp-el.pdf', mimeType: 'application/pdf', buffer: pdf });
    const row = page.getByTestId('upload-row').filter({ hasText: 'analisis-ktp-el.pdf' });
    await row.getByRole('alert').filter({ hasText: 'Koneksi terputus.' }).waitFor();
    await expect(page.getByRole('button', { name: 'Kumpulkan tugas' }).isEnabled()).resolves.toBe(true);
    await page.unroute(toStore);
    await row.getByRole('button', { name: 'Lanjutkan unggahan' }).click();
    await row.getByTestId('upload-state').filter({ hasText: 'Terunggah' }).waitFor();
    await expect(row.getByRole('progressbar', { name: 'Unggahan analisis-ktp-el.pdf' }).getAttribute('aria-valuenow')).resolves.toBe('100');
    const seen = await page.evaluate<string[]>(() => (globalThis as InPage).seenUploadStates);
    expect(seen[seen.length - 1]).toBe('Terunggah');
    expect(seen.some((state) => /^(Memeriksa berkas|Mengunggah .* dari .*%\)|Memverifikasi berkas)/.test(state))).toBe(true);
    await page.getByRole('button', { name: 'Kumpulkan tugas' }).click();

    await page.getByTestId('assignment-state').filter({ hasText: 'Tugas sudah dikumpulkan.' }).waitFor();
    await expect(page.getByTestId('attempt-1').getByTestId('submission-status').textContent()).resolves.toBe('Menunggu penilaian');
    await page.getByTestId('attempt-1').getByRole('link', { name: /Buka analisis-ktp-el\.pdf/ }).waitFor();
    // Focus moved to the new state, so a screen reader reads it out.
    await expect(page.evaluate(() => (globalThis as InPage).document.activeElement?.dataset?.testid)).resolves.toBe('assignment-state');

    // On the server: one attempt with the text and the very bytes of the PDF.
    const first = (await attempts()).list;
    expect(first).toMatchObject([{ number: 1, status: 'AWAITING_REVIEW', text: 'Antrean layanan KTP-el rata-rata **2 jam**; usulan: nomor antrean daring.' }]);
    expect(first[0].files).toEqual([{ filename: 'analisis-ktp-el.pdf', sha256: sha256(pdf) }]);

    // The instructor asks for a revision: rubric levels, feedback, a file with notes, and a question in the thread.
    const instructor = { token: await authorToken(widyaiswara) };
    const notes = await uploadFeedbackFile(t, instructor, first[0].id, pdfBytes('Catatan penilai'), 'catatan-penilai.pdf');
    await reviewSubmission(t, widyaiswara, first[0].id, {
      decision: 'NEEDS_REVISION',
      rubric: choose([1, 1]),
      comment: 'Analisis sudah baik. Lengkapi **rencana aksi** dengan target waktu.',
      feedbackFileId: notes.id,
    });
    await t.ok(COMMENT, { submissionId: first[0].id, body: 'Berapa lama target antrean yang realistis menurut Anda?' }, instructor);

    // The learner sees the review: decision, score, the level of each criterion, the feedback and its file.
    await page.reload();
    const state = page.getByTestId('assignment-state');
    await state.filter({ hasText: 'Pengajar meminta perbaikan.' }).waitFor();
    const attempt1 = page.getByTestId('attempt-1');
    await expect(attempt1.getByTestId('submission-status').textContent()).resolves.toBe('Perlu perbaikan');
    const review = attempt1.getByTestId('review');
    await expect(review.textContent()).resolves.toContain('Perlu perbaikan · Nilai 6 dari 10');
    await review.getByText('Kelengkapan analisis: Cukup (2 poin)').waitFor();
    await review.getByText('Rencana aksi: Ada tetapi umum (4 poin)').waitFor();
    await review.getByText('rencana aksi', { exact: true }).waitFor();
    await review.getByRole('link', { name: /Buka catatan-penilai\.pdf/ }).waitFor();
    await expect(review.textContent()).resolves.toContain('Penilaian Dra. Rosmawati Siregar');
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assignment-review.png'), fullPage: true });

    // The thread: the instructor's question, and the learner's reply.
    const thread = attempt1.getByTestId('thread');
    await thread.getByText('Berapa lama target antrean yang realistis menurut Anda?').waitFor();
    await thread.getByLabel('Balasan Anda').fill('Target saya 30 menit dalam tiga bulan; saya tambahkan di revisi.');
    await thread.getByRole('button', { name: 'Kirim balasan' }).click();
    await thread.locator('li.comment.mine').filter({ hasText: 'Target saya 30 menit dalam tiga bulan' }).waitFor();
    await expect(thread.locator('li.comment.mine').textContent()).resolves.toMatch(/^Anda, /);
    await expect(thread.getByLabel('Balasan Anda').inputValue()).resolves.toBe('');
    await thread.scrollIntoViewIfNeeded();
    await attempt1.screenshot({ path: path.join(SCREENSHOTS, 'assignment-thread.png') });
    const replied = (await attempts()).list[0].comments;
    expect(replied.map((comment) => [comment.author.id, comment.body])).toEqual([
      [widyaiswara.id, 'Berapa lama target antrean yang realistis menurut Anda?'],
      [learner.id, 'Target saya 30 menit dalam tiga bulan; saya tambahkan di revisi.'],
    ]);

    // The revision starts from the last text and keeps the PDF handed in before.
    const form = page.locator('section.hand-in');
    await form.getByRole('heading', { name: 'Kumpulkan perbaikan' }).waitFor();
    await form.getByTestId('upload-row').filter({ hasText: 'dari percobaan 1' }).filter({ hasText: 'analisis-ktp-el.pdf' }).waitFor();
    await expect(form.getByLabel('Jawaban Anda').inputValue()).resolves.toBe('Antrean layanan KTP-el rata-rata **2 jam**; usulan: nomor antrean daring.');
    await form.getByLabel('Jawaban Anda').fill('Revisi: antrean 2 jam; target 30 menit dalam tiga bulan dengan nomor antrean daring.');
    await form.getByRole('button', { name: 'Kumpulkan perbaikan' }).click();
    await state.filter({ hasText: 'Tugas sudah dikumpulkan.' }).waitFor();
    await expect(page.getByTestId('attempt-2').getByTestId('submission-status').textContent()).resolves.toBe('Menunggu penilaian');
    await page.getByText('Percobaan sebelumnya (1)').waitFor();

    const revised = (await attempts()).list;
    expect(revised.map((attempt) => [attempt.number, attempt.status])).toEqual([
      [1, 'NEEDS_REVISION'],
      [2, 'AWAITING_REVIEW'],
    ]);
    expect(revised[1]).toMatchObject({ text: 'Revisi: antrean 2 jam; target 30 menit dalam tiga bulan dengan nomor antrean daring.', files: [{ filename: 'analisis-ktp-el.pdf', sha256: sha256(pdf) }] });
    expect((await attempts()).progress?.status).not.toBe('COMPLETED');

    // The instructor accepts the revision: the material is completed by the server, and the course with it.
    await reviewSubmission(t, widyaiswara, revised[1].id, { decision: 'ACCEPTED', rubric: choose([2, 2]), comment: 'Sangat baik.' });
    const done = await attempts();
    expect(done.progress?.status).toBe('COMPLETED');
    const [enrollment] = await selectRows<{ status: string }>(t.databaseUrl, 'SELECT status FROM enrollments WHERE user_id = $1 AND course_id = $2', [learner.id, course.id]);
    expect(enrollment.status).toBe('COMPLETED');

    await page.reload();
    await state.filter({ hasText: 'Tugas Anda diterima. Materi ini selesai.' }).waitFor();
    await expect(page.getByTestId('attempt-2').getByTestId('review').textContent()).resolves.toContain('Diterima · Nilai 10 dari 10');
    await expect(page.getByRole('button', { name: /^Kumpulkan/ }).count()).resolves.toBe(0);
    await page.locator('h1 + p .tag', { hasText: 'Selesai' }).waitFor();

    // The same screen in English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await state.filter({ hasText: 'Your work was accepted. This material is complete.' }).waitFor();
    await expect(page.getByTestId('attempt-2').getByTestId('review').textContent()).resolves.toContain('Accepted · Score 10 of 10');
    // Handed in, the brief is folded away below the state; it opens on request.
    await expect(page.getByRole('heading', { name: 'Marking rubric' }).isVisible()).resolves.toBe(false);
    await page.getByText('Assignment brief', { exact: true }).click();
    await page.getByRole('heading', { name: 'Marking rubric' }).waitFor();
    await page.getByText('Earlier attempts (1)').waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'assignment-accepted-en.png'), fullPage: true });

    expect(failures).toEqual([]);
  }, 120_000);
});
