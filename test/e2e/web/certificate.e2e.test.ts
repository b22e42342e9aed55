import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse } from '../../builders/catalogue';
import { COURSE_CODES, INSTRUCTOR_CODES } from '../../builders/evaluation';
import { buildUser, type BuiltUser } from '../../builders/identity';
import { buildCohort, enrolLearner } from '../../builders/learning';
import { buildQuizMaterial, setQuiz } from '../../builders/quiz';
import { describeWithChromium, freePort, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { selectRows } from '../../support/database';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

// Runs in the browser: it reaches the page through globalThis (the tests' tsconfig has no DOM library).
type InPage = any;

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** What only an author may see of a quiz: none of it may ever reach the learner's page. */
const ANSWER_KEY_FIELDS = ['answerKey', 'correctOptionIds', 'acceptedAnswers', '"correct"'];

const MY_CERTIFICATE = `query ($id: ID) { course(id: $id) { myEnrollment { status certificate { number verificationCode pdfStatus pdfUrl } } } }`;

/**
 * Issue 17: a learner finishing a course with a PDF and a quiz and getting the certificate, all
 * through the app in a real Chromium: the PDF is opened, the post-test failed once and then
 * passed (scores, pass state and attempts left as the server graded them), the course
 * evaluation filled in, and the certificate shown with its PDF and its verification link.
 */
describeWithChromium('Pelita web: quiz, evaluation and certificate', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let learner: BuiltUser;
  let widyaiswara: BuiltUser;
  let context: BrowserContext | undefined;
  const course = { id: '', title: 'Tata Naskah Dinas Elektronik', jp: 6 };
  const pdf = { id: '', title: 'Pedoman Tata Naskah Dinas (PDF)' };
  const quiz = { id: '', title: 'Post-test Tata Naskah Dinas' };
  const questions = {
    single: 'Naskah dinas untuk menyampaikan pemberitahuan kepada pihak di luar instansi disebut…',
    multiple: 'Mana saja yang termasuk arsip dinamis?',
    trueFalse: 'Arsip vital wajib dilindungi dari bencana.',
  };

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The certificate's PDF is rendered by a background job: run it in this process.
    // The app's public address is where the browser is: a store that keeps bucket CORS rules (RADOS
    // Gateway) lets that origin GET the files the player keeps for offline use.
    const port = await freePort();
    t = await startTestApp({ jobWorker: 'inline', port, publicBaseUrl: `http://127.0.0.1:${port}` });
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    learner = await buildUser(t, { name: 'Rina Simatupang' });
    widyaiswara = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Drs. Parlindungan Hutagalung' });

    const built = await buildCourse(t, { title: course.title, jp: course.jp });
    course.id = built.id;
    const module = await buildModule(t, built, { title: 'Naskah Dinas dan Arsip' });
    pdf.id = (await buildMaterial(t, built, module.id, 'DOCUMENT', { title: pdf.title })).id;
    quiz.id = (await buildQuizMaterial(t, built, module.id, { title: quiz.title })).id;
    await setQuiz(t, built, quiz.id, {
      purpose: 'POST_TEST',
      passMark: 70,
      maxAttempts: 3,
      scorePolicy: 'BEST',
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: questions.single, options: [{ text: 'Surat dinas' }, { text: 'Nota dinas' }, { text: 'Disposisi' }], correct: ['0'] },
        { kind: 'MULTIPLE_CHOICE', prompt: questions.multiple, options: [{ text: 'Arsip aktif' }, { text: 'Arsip inaktif' }, { text: 'Arsip statis' }], correct: ['0', '1'] },
        { kind: 'TRUE_FALSE', prompt: questions.trueFalse, correct: ['0'] },
      ],
    });
    await publishCourse(t, built);
    // A cohort taught by a widyaiswara, whom the learner evaluates too.
    const cohort = await buildCohort(t, built, { instructorIds: [widyaiswara.id] });
    await enrolLearner(t, learner, built, cohort);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
  });

  const fitsThePhone = async (page: Page) => expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  const questionCard = (page: Page, prompt: string) => page.locator('ol.questions > li', { hasText: prompt });

  it('opens the PDF, fails the post-test once and passes it, evaluates the course and gets the certificate', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    // Every GraphQL answer the page received, to check that no answer key ever reached it.
    const answers: string[] = [];
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname === '/graphql') answers.push(await response.text().catch(() => ''));
    });

    await logInThroughTheApp(page, base, learner);

    // The PDF: opened from the player in a new tab (the phone's own viewer); opening it completes it.
    await page.getByRole('link', { name: `Lanjutkan: ${pdf.title}` }).click();
    await page.getByRole('heading', { level: 1, name: pdf.title }).waitFor();
    const [viewer] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: /Buka modul\.pdf/ }).click()]);
    await viewer.close();
    await page.getByTestId('sync-status').filter({ hasText: /^Tersimpan$/ }).waitFor();

    // The app is installed by now (its service worker controls the page), before any quiz was opened.
    await page.waitForFunction(() => (globalThis as InPage).navigator.serviceWorker.controller !== null);

    // The post-test: its rules, then an attempt with the questions the API gives a learner.
    await page.getByRole('link', { name: `Berikutnya: ${quiz.title}` }).click();
    await page.getByRole('heading', { level: 1, name: quiz.title }).waitFor();
    await page.getByRole('heading', { name: 'Post-test', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Mulai kuis' }).click();
    await page.getByRole('heading', { name: 'Percobaan 1' }).waitFor();
    await expect(page.locator('ol.questions > li').count()).resolves.toBe(3);
    await page.getByRole('radio', { name: 'Benar' }).waitFor();

    // First try: one question right, two left open; handing in asks once more, then the server grades it.
    await questionCard(page, questions.single).getByRole('radio', { name: 'Surat dinas' }).check();
    await page.getByText('1 dari 3 soal dijawab').waitFor();
    await page.getByRole('button', { name: 'Kumpulkan jawaban' }).click();
    await page.getByText('2 soal belum dijawab dan akan bernilai nol.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Tetap kumpulkan' }).click();
    const result = page.getByTestId('quiz-result');
    await result.getByRole('heading', { name: 'Nilai Anda: 33,3%' }).waitFor();
    await expect(result.textContent()).resolves.toContain('Belum lulus (nilai lulus 70%)');
    await expect(page.getByTestId('quiz-attempts-left').textContent()).resolves.toBe('Sisa kesempatan: 2');
    await expect(page.getByText('Percobaan 1: 33,3% · belum lulus').isVisible()).resolves.toBe(true);

    // Second try: every answer right (the answers of the first try are not kept for it).
    await page.getByRole('button', { name: 'Kerjakan lagi' }).click();
    await page.getByRole('heading', { name: 'Percobaan 2' }).waitFor();
    await expect(questionCard(page, questions.single).getByRole('radio', { name: 'Surat dinas' }).isChecked()).resolves.toBe(false);
    await questionCard(page, questions.single).getByRole('radio', { name: 'Surat dinas' }).check();
    await questionCard(page, questions.multiple).getByRole('checkbox', { name: 'Arsip aktif' }).check();
    await questionCard(page, questions.multiple).getByRole('checkbox', { name: 'Arsip inaktif' }).check();
    await questionCard(page, questions.trueFalse).getByRole('radio', { name: 'Benar' }).check();
    await page.getByText('3 dari 3 soal dijawab').waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quiz-attempt.png'), fullPage: true });
    await page.getByRole('button', { name: 'Kumpulkan jawaban' }).click();
    await result.getByRole('heading', { name: 'Nilai Anda: 100%' }).waitFor();
    await expect(result.textContent()).resolves.toContain('Lulus');
    await expect(result.textContent()).resolves.toContain('3 dari 3 poin');
    await expect(page.getByTestId('quiz-attempts-left').textContent()).resolves.toBe('Sisa kesempatan: 1');
    await expect(page.getByTestId('quiz-standing').textContent()).resolves.toContain('Nilai terbaik (yang dihitung): 100%');

    // The quiz's code is a chunk of its own: not downloaded when the app was installed, kept by
    // the service worker once opened (so the quiz opens offline later), and the administrator's
    // screens never reached this learner's phone.
    const kept = await page.evaluate(async () => {
      const caches = (globalThis as InPage).caches;
      const paths = async (name: string) => ((await (await caches.open(name)).keys()) as { url: string }[]).map((request) => new URL(request.url).pathname);
      const shell = (await caches.keys()).find((name: string) => name.startsWith('pelita-shell-'));
      return { shell: await paths(shell), screens: await paths('pelita-screens') };
    });
    expect(kept.shell.some((file) => file.startsWith('/assets/quiz-'))).toBe(false);
    expect(kept.screens.filter((file) => file.startsWith('/assets/quiz-'))).toHaveLength(1);
    expect([...kept.shell, ...kept.screens].some((file) => file.startsWith('/assets/area-'))).toBe(false);
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quiz-result.png'), fullPage: true });
    for (const answer of answers) for (const field of ANSWER_KEY_FIELDS) expect(answer).not.toContain(field);
    expect(await page.content()).not.toContain('answerKey');

    // The server graded it: both attempts stored, the quiz and the whole course completed, a certificate issued.
    const attempts = await selectRows<{ number: number; percent: string; passed: boolean }>(
      t.databaseUrl,
      `SELECT number, round(percent::numeric, 1)::text AS percent, passed FROM quiz_attempts WHERE user_id = $1 ORDER BY number`,
      [learner.id],
    );
    expect(attempts).toEqual([
      { number: 1, percent: '33.3', passed: false },
      { number: 2, percent: '100.0', passed: true },
    ]);
    const [enrollment] = await selectRows<{ id: string; status: string }>(t.databaseUrl, `SELECT id, status FROM enrollments WHERE user_id = $1 AND course_id = $2`, [
      learner.id,
      course.id,
    ]);
    expect(enrollment.status).toBe('COMPLETED');
    const certificates = await selectRows<{ number: string; verification_code: string }>(t.databaseUrl, `SELECT number, verification_code FROM certificates WHERE user_id = $1`, [
      learner.id,
    ]);
    expect(certificates).toHaveLength(1);
    const [certificate] = certificates;

    // The course page says it is done and offers the evaluation and the certificate.
    await page.getByRole('link', { name: `Kembali ke ${course.title}` }).click();
    await page.getByRole('heading', { name: 'Pelatihan selesai' }).waitFor();
    await expect(page.getByTestId('course-percent').textContent()).resolves.toBe('100% selesai');
    await page.getByRole('link', { name: 'Lihat sertifikat' }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'course-completed.png'), fullPage: true });
    await page.getByRole('link', { name: 'Isi evaluasi pelatihan' }).click();

    // The evaluation: every course statement must be scored; the widyaiswara too, here.
    await page.getByRole('heading', { level: 1, name: 'Evaluasi pelatihan' }).waitFor();
    await page.getByRole('button', { name: 'Kirim evaluasi' }).click();
    await page.getByText(`${COURSE_CODES.length} pernyataan evaluasi penyelenggaraan belum dinilai.`).waitFor();
    const courseSection = page.locator('section', { has: page.getByRole('heading', { name: 'Evaluasi penyelenggaraan' }) });
    const courseGroups = courseSection.getByRole('group');
    await expect(courseGroups.count()).resolves.toBe(COURSE_CODES.length);
    for (let index = 0; index < COURSE_CODES.length; index += 1) await courseGroups.nth(index).getByRole('radio', { name: '4 Baik' }).check();
    const instructorSection = page.locator('section', { has: page.getByRole('heading', { name: `Evaluasi widyaiswara: ${widyaiswara.name}` }) });
    const instructorGroups = instructorSection.getByRole('group');
    await expect(instructorGroups.count()).resolves.toBe(INSTRUCTOR_CODES.length);
    for (let index = 0; index < INSTRUCTOR_CODES.length; index += 1) await instructorGroups.nth(index).getByRole('radio', { name: '5 Sangat baik' }).check();
    await page.getByLabel('Saran dan komentar (tidak wajib)').fill('Contoh surat dinasnya sangat membantu.');
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'evaluation.png'), fullPage: true });
    await page.getByRole('button', { name: 'Kirim evaluasi' }).click();
    await page.getByTestId('evaluation-done').getByText('Terima kasih, evaluasi Anda sudah terkirim.').waitFor();
    const stored = await selectRows<{ code: string; score: number; instructor: string | null }>(
      t.databaseUrl,
      `SELECT a.question_code AS code, a.score, a.instructor_id AS instructor
         FROM evaluation_answers a JOIN course_evaluations e ON e.id = a.evaluation_id
        WHERE e.enrollment_id = $1 ORDER BY a.instructor_id NULLS FIRST, a.question_code`,
      [enrollment.id],
    );
    expect(stored).toEqual([
      ...COURSE_CODES.map((code) => ({ code, score: 4, instructor: null })),
      ...INSTRUCTOR_CODES.map((code) => ({ code, score: 5, instructor: widyaiswara.id })),
    ]);

    // The certificate: what it says, its PDF (once the job has made it) and its verification link.
    await page.getByRole('link', { name: 'Lihat sertifikat' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sertifikat' }).waitFor();
    await expect(page.getByTestId('certificate-number').textContent()).resolves.toBe(certificate.number);
    await expect(page.getByTestId('certificate').textContent()).resolves.toContain(learner.name);
    const pdfLink = page.getByTestId('certificate-pdf');
    await pdfLink.waitFor({ timeout: 30_000 });
    const pdfUrl = (await pdfLink.getAttribute('href'))!;
    const file = await fetch(pdfUrl);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const verify = page.getByTestId('certificate-verify');
    const verifyUrl = new URL(`/verify/${certificate.verification_code}`, base).toString();
    await expect(verify.getAttribute('href')).resolves.toBe(verifyUrl);
    await expect(verify.textContent()).resolves.toBe(verifyUrl);
    // No evaluation left to ask for.
    await expect(page.getByRole('link', { name: 'Isi evaluasi pelatihan' }).count()).resolves.toBe(0);
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'certificate.png'), fullPage: true });
    // Through the API as well: the holder's certificate, its PDF ready.
    const api = await t.ok<{ course: { myEnrollment: { status: string; certificate: { number: string; pdfStatus: string } } } }>(
      MY_CERTIFICATE,
      { id: course.id },
      { token: await authorToken(learner) },
    );
    expect(api.course.myEnrollment).toMatchObject({ status: 'COMPLETED', certificate: { number: certificate.number, pdfStatus: 'READY' } });

    // The QR code's link, opened as anyone would: the certificate is genuine.
    const [verification] = await Promise.all([context.waitForEvent('page'), verify.click()]);
    await verification.getByRole('heading', { name: '✔ Sertifikat sah' }).waitFor();
    await expect(verification.textContent('body')).resolves.toContain(course.title);
    await verification.close();

    // In English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificate' }).waitFor();
    await page.getByRole('link', { name: /Download the certificate \(PDF\)/ }).waitFor();
    await page.getByText('Certificate of course completion').waitFor();
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'certificate-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch the language to Indonesian' }).click();

    // Home: the completed course links to its certificate.
    await page.getByRole('link', { name: 'Beranda' }).click();
    await page.getByRole('link', { name: `Sertifikat ${course.title}` }).click();
    await page.getByTestId('certificate-number').filter({ hasText: certificate.number }).waitFor();
    // And all of them in one list, with the PDF and the verification link.
    await page.getByRole('link', { name: 'Beranda' }).click();
    await page.getByRole('link', { name: 'Semua sertifikat saya' }).click();
    const listed = page.getByTestId('my-certificate').filter({ hasText: course.title });
    await listed.getByText(certificate.number).waitFor();
    await listed.getByText('Sertifikat penyelesaian pelatihan').waitFor();
    await expect(listed.getByRole('link', { name: `Verifikasi sertifikat ${course.title}` }).getAttribute('href')).resolves.toBe(`/verify/${certificate.verification_code}`);
    await listed.getByRole('link', { name: `Unduh sertifikat ${course.title} (PDF)` }).waitFor();
    expect(failures).toEqual([]);
  });

  it('takes a timed pre-test with one attempt: answers survive a reload, handing in counts whatever the score', async () => {
    const reader = await buildUser(t, { name: 'Yusuf Tanjung' });
    const built = await buildCourse(t, { title: 'Pengantar Kearsipan', jp: 2 });
    const module = await buildModule(t, built, { title: 'Sebelum Mulai' });
    const preTest = { id: '', title: 'Pre-test Pengantar Kearsipan' };
    preTest.id = (await buildQuizMaterial(t, built, module.id, { title: preTest.title })).id;
    const shortPrompt = 'Apa singkatan dari Jaringan Dokumentasi dan Informasi Hukum?';
    const choicePrompt = 'Siapa yang menetapkan jadwal retensi arsip di daerah?';
    await setQuiz(t, built, preTest.id, {
      purpose: 'PRE_TEST',
      maxAttempts: 1,
      timeLimitSeconds: 600,
      questions: [
        { kind: 'SHORT_ANSWER', prompt: shortPrompt, correct: ['JDIH'] },
        { kind: 'SINGLE_CHOICE', prompt: choicePrompt, options: [{ text: 'Kepala daerah' }, { text: 'Camat' }], correct: ['0'] },
      ],
    });
    await buildMaterial(t, built, module.id, 'TEXT', { title: 'Dasar Kearsipan' });
    await publishCourse(t, built);
    await enrolLearner(t, reader, built);

    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await logInThroughTheApp(page, base, reader);
    await page.goto(new URL(`/course/${built.id}/material/${preTest.id}`, base).toString());
    await page.getByRole('heading', { level: 1, name: preTest.title }).waitFor();
    await page.getByText('Pre-test mengukur pengetahuan awal Anda.', { exact: false }).waitFor();
    await expect(page.locator('dl.facts').textContent()).resolves.toBe('Nilai lulus70%Waktu10 menitKesempatan1');

    await page.getByRole('button', { name: 'Mulai kuis' }).click();
    await page.getByRole('heading', { name: 'Percobaan 1' }).waitFor();
    // The time left counts down from ten minutes.
    await expect(page.getByRole('timer').textContent()).resolves.toMatch(/^(10:00|9:[0-5]\d)$/);
    await questionCard(page, shortPrompt).getByRole('textbox').fill('jdih');
    await fitsThePhone(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'quiz-pre-test.png'), fullPage: true });

    // A reload mid-attempt: the same attempt goes on, with the answer given so far.
    await page.reload();
    await page.getByRole('button', { name: 'Lanjutkan percobaan 1' }).click();
    await expect(questionCard(page, shortPrompt).getByRole('textbox').inputValue()).resolves.toBe('jdih');
    await questionCard(page, choicePrompt).getByRole('radio', { name: 'Camat' }).check();
    await page.getByRole('button', { name: 'Kumpulkan jawaban' }).click();

    // Half right, and handed in: that is all a pre-test asks; its one attempt is used.
    const result = page.getByTestId('quiz-result');
    await result.getByRole('heading', { name: 'Nilai Anda: 50%' }).waitFor();
    await expect(result.textContent()).resolves.toContain('Pre-test sudah dikumpulkan');
    await expect(page.getByTestId('quiz-attempts-left').textContent()).resolves.toBe('Sisa kesempatan: 0');
    await page.getByText('Kesempatan mengerjakan kuis ini sudah habis.').waitFor();
    await expect(page.getByRole('button', { name: /kuis|Kerjakan|Lanjutkan/ }).count()).resolves.toBe(0);
    const progress = await t.ok<{ material: { myProgress: { status: string } | null } }>(
      `query ($id: ID!) { material(id: $id) { myProgress { status } } }`,
      { id: preTest.id },
      { token: await authorToken(reader) },
    );
    expect(progress.material.myProgress?.status).toBe('COMPLETED');
    // The answers kept on the device while the attempt ran are gone once it is handed in.
    expect(await page.evaluate<number>("Object.keys(localStorage).filter((key) => key.includes('quiz-draft')).length")).toBe(0);
    expect(failures).toEqual([]);
  });
});
