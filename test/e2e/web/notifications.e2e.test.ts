import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildAssignmentMaterial, reviewSubmission, setAssignment, submitWork } from '../../builders/assignment';
import { authorToken, buildCourse, buildModule, publishCourse } from '../../builders/catalogue';
import { buildUser, type BuiltUser } from '../../builders/identity';
import { buildCohort, enrolLearner } from '../../builders/learning';
import { describeWithChromium, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const UNREAD = `{ unreadNotificationCount }`;

/**
 * What Pelita tells people reaches them in the app: a learner sees from home that their work was
 * reviewed and opens the course from the notification; the instructor opens the work waiting for
 * review. Opening one marks it read, and the rest can be marked read at once.
 */
describeWithChromium('Pelita web: notifications', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let learner: BuiltUser;
  let instructor: BuiltUser;
  let context: BrowserContext | undefined;
  const course = { id: '', title: 'Inovasi Pelayanan Publik' };
  const task = 'Rencana Aksi Inovasi';
  let submissionId = '';

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    t = await startTestApp();
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    instructor = await buildUser(t, { roles: ['INSTRUCTOR'], name: 'Darwin Sitompul' });
    learner = await buildUser(t, { name: 'Fitri Situmorang' });
    const built = await buildCourse(t, { author: instructor, title: course.title });
    course.id = built.id;
    const module = await buildModule(t, built, { title: 'Merancang Inovasi' });
    const assignment = await buildAssignmentMaterial(t, built, module.id, { title: task });
    await setAssignment(t, built, assignment.id);
    await publishCourse(t, built);
    const cohort = await buildCohort(t, built, { instructorIds: [instructor.id] });
    await enrolLearner(t, learner, built, cohort);
    // Handed in (the instructor is told), then sent back for a revision (the learner is told).
    submissionId = (await submitWork(t, learner, assignment.id, { file: false, text: 'Inovasi: antrean daring untuk layanan KTP-el.' })).id;
    await reviewSubmission(t, instructor, submissionId, { decision: 'NEEDS_REVISION', score: 6, comment: 'Tambahkan target waktu.' });
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

  it('shows a learner from home that their work was reviewed, opens the course from it and marks it read', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => message.type() === 'error' && failures.push(message.text()));
    await logInThroughTheApp(page, base, learner);
    await page.getByTestId('home-notifications').filter({ hasText: '1 pemberitahuan baru' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pemberitahuan' }).waitFor();
    await page.getByTestId('notifications-unread').filter({ hasText: '1 belum dibaca.' }).waitFor();
    const notice = page.getByTestId('notification').filter({ hasText: `Tugas "${task}" perlu direvisi (nilai 6/10)` });
    await notice.getByText('Tambahkan target waktu.').waitFor();
    await notice.getByText(/^Baru · /).waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'notifications.png'), fullPage: true });

    await notice.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: course.title }).waitFor();
    const learnerToken = { token: await authorToken(learner) };
    for (const started = Date.now(); (await t.ok<{ unreadNotificationCount: number }>(UNREAD, {}, learnerToken)).unreadNotificationCount !== 0; ) {
      if (Date.now() - started > 10_000) throw new Error('the notification was never marked read');
      await page.waitForTimeout(100);
    }
    await page.getByRole('link', { name: 'Beranda' }).click();
    await page.getByTestId('jp-progress').waitFor();
    await expect(page.getByTestId('home-notifications').count()).resolves.toBe(0);
    expect(failures).toEqual([]);
  });

  it('leads an instructor to the work waiting for review, and marks all read at once', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await logInThroughTheApp(page, base, instructor);
    await page.getByRole('link', { name: 'Pemberitahuan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Pemberitahuan' }).waitFor();
    const waiting = page.getByTestId('notification').filter({ hasText: `Tugas "${task}" menunggu penilaian` });
    expect(await waiting.getByRole('link').getAttribute('href')).toBe(`/teach/review/${submissionId}`);
    await page.getByRole('button', { name: 'Tandai semua sudah dibaca' }).click();
    await page.getByTestId('notifications-unread').filter({ hasText: 'Semua sudah dibaca.' }).waitFor();
    expect((await t.ok<{ unreadNotificationCount: number }>(UNREAD, {}, { token: await authorToken(instructor) })).unreadNotificationCount).toBe(0);
    await waiting.getByRole('link').click();
    await page.getByText('Inovasi: antrean daring untuk layanan KTP-el.').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/teach/review/${submissionId}`);

    // In English.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByTestId('notifications-unread').filter({ hasText: 'All read.' }).waitFor();
  });
});
