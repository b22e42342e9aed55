import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Response } from 'playwright-core';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse } from '../../builders/catalogue';
import { buildUser, type BuiltUser } from '../../builders/identity';
import { enrolLearner } from '../../builders/learning';
import { describeWithChromium, freePort, launchChromium, logInThroughTheApp, SCREENSHOTS } from '../../support/browser';
import { mp4Bytes, pdfBytes, wavBytes } from '../../support/sample-files';
import { uploadFile } from '../../support/uploads';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/* Functions passed to the page run in the browser: they reach it through globalThis (no DOM types here). */
type InPage = any;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Issue 17: "already-opened materials stay available offline". A learner opens a PDF and an audio
 * while online; the app keeps their bytes on the phone. Without a connection the course page says
 * both are available offline, the PDF opens in a new tab from the app's own origin with the very
 * bytes the instructor uploaded, and the audio plays and seeks (the service worker answers ranges).
 * Logging out forgets them.
 */
describeWithChromium('Pelita web: opened materials stay available offline', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let learner: BuiltUser;
  let context: BrowserContext | undefined;
  const course = { id: '', title: 'Etika Pelayanan Publik' };
  const pdf = { id: '', title: 'Modul Etika Pelayanan (PDF)', bytes: pdfBytes('Etika pelayanan publik: jujur, adil, ramah') };
  const podcast = { id: '', title: 'Siniar: Etika di Loket Pelayanan', bytes: wavBytes(8000 * 20) };
  const reading = { id: '', title: 'Pengantar Etika' };
  // Over the 25 MB kept without asking: kept only on the learner's request.
  const lecture = { id: '', title: 'Rekaman Kelas: Etika ASN', bytes: mp4Bytes(26 * 1024 * 1024) };

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The app's public address is where the browser is: a store that keeps bucket CORS rules (RADOS
    // Gateway) lets that origin GET the files the app keeps.
    const port = await freePort();
    t = await startTestApp({ port, publicBaseUrl: `http://127.0.0.1:${port}` });
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    learner = await buildUser(t, { name: 'Rahmi Sitompul' });
    const built = await buildCourse(t, { title: course.title, jp: 4 });
    course.id = built.id;
    const module = await buildModule(t, built, { title: 'Etika dan Integritas' });
    const token = { token: await authorToken(built.author) };
    reading.id = (await buildMaterial(t, built, module.id, 'TEXT', { title: reading.title })).id;
    pdf.id = (await buildMaterial(t, built, module.id, 'DOCUMENT', { title: pdf.title })).id;
    await uploadFile(t, token, pdf.id, pdf.bytes, 'etika.pdf', 'application/pdf');
    podcast.id = (await buildMaterial(t, built, module.id, 'AUDIO', { title: podcast.title })).id;
    await uploadFile(t, token, podcast.id, podcast.bytes, 'siniar-etika.wav', 'audio/wav');
    lecture.id = (await buildMaterial(t, built, module.id, 'VIDEO', { title: lecture.title })).id;
    await uploadFile(t, token, lecture.id, lecture.bytes, 'kelas-etika.mp4', 'video/mp4');
    await publishCourse(t, built);
    await enrolLearner(t, learner, built);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
  });

  it('keeps the PDF and the audio a learner opened, opens and plays them offline, and forgets them on logout', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // Offline, Chromium logs each failed request as an error: expected here, and not the app's.
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && failures.push(message.text()));
    // What the service worker answered for kept files (from the cache, not the network).
    const keptAnswers: Response[] = [];
    context.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/offline/materials/')) keptAnswers.push(response);
    });

    await logInThroughTheApp(page, base, learner);
    await page.waitForFunction(() => (globalThis as InPage).navigator.serviceWorker.controller !== null);

    // Online: opening each material keeps it (both are well under the 25 MB kept without asking).
    const material = (id: string) => new URL(`/course/${course.id}/material/${id}`, base).toString();
    await page.goto(material(pdf.id));
    await page.getByRole('heading', { level: 1, name: pdf.title }).waitFor();
    await page.getByTestId('kept-status').filter({ hasText: /^Tersedia luring$/ }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'offline-kept-pdf.png'), fullPage: true });
    await page.goto(material(podcast.id));
    await page.getByRole('heading', { level: 1, name: podcast.title }).waitFor();
    await page.getByTestId('kept-status').filter({ hasText: /^Tersedia luring$/ }).waitFor();

    // The network is cut; the app and the course come from the device.
    await context.setOffline(true);
    await page.goto(new URL(`/course/${course.id}`, base).toString());
    await page.getByRole('heading', { level: 1, name: course.title }).waitFor();
    await page.getByText('Anda sedang luring').waitFor();
    for (const title of [pdf.title, podcast.title]) await page.locator('li.material', { hasText: title }).locator('.kept', { hasText: /^Tersedia luring$/ }).waitFor();
    // A reading is in the course's answer itself: it is not marked as a kept file; nor is the video never opened.
    for (const title of [reading.title, lecture.title]) await expect(page.locator('li.material', { hasText: title }).locator('.kept').count()).resolves.toBe(0);
    expect(await page.evaluate(() => (globalThis as InPage).document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'offline-course.png'), fullPage: true });

    // The PDF opens in a new tab, from the app's own origin, with the bytes the instructor uploaded.
    await page.getByRole('link', { name: pdf.title }).click();
    await page.getByRole('heading', { level: 1, name: pdf.title }).waitFor();
    const link = page.getByRole('link', { name: /Buka etika\.pdf/ });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/offline\/materials\/[^/]+\/[^/]+\/etika\.pdf$/);
    const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await tab.waitForLoadState('domcontentloaded');
    expect(new URL(tab.url()).origin).toBe(new URL(base).origin);
    const opened = keptAnswers.find((response) => response.request().isNavigationRequest() && response.request().frame().page() === tab);
    expect(opened?.status()).toBe(200);
    expect(opened?.fromServiceWorker()).toBe(true);
    expect(await opened?.headerValue('content-type')).toBe('application/pdf');
    const digest = await tab.evaluate(async (url: string) => {
      const scope = globalThis as InPage;
      const bytes = await (await scope.fetch(url)).arrayBuffer();
      return [...new Uint8Array(await scope.crypto.subtle.digest('SHA-256', bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    }, href!);
    expect(digest).toBe(sha256(pdf.bytes));
    await tab.close();

    // The audio plays and seeks offline: the player asks for ranges, answered 206 from the cache.
    const beforeAudio = keptAnswers.length;
    await page.goto(material(podcast.id));
    await page.getByRole('heading', { level: 1, name: podcast.title }).waitFor();
    await page.waitForFunction(() => (globalThis as InPage).document.querySelector('audio')?.readyState >= 1);
    expect(await page.evaluate(() => new URL((globalThis as InPage).document.querySelector('audio').currentSrc).pathname)).toMatch(/^\/offline\/materials\/.+\/siniar-etika\.wav$/);
    expect(Math.round(await page.evaluate(() => (globalThis as InPage).document.querySelector('audio').duration))).toBe(20);
    // A click first: Chromium lets a page play sound once the person has interacted with it.
    await page.getByRole('heading', { level: 1, name: podcast.title }).click();
    await page.evaluate(async () => {
      const audio = (globalThis as InPage).document.querySelector('audio');
      audio.currentTime = 15;
      await audio.play();
    });
    await page.waitForFunction(() => (globalThis as InPage).document.querySelector('audio').currentTime > 15.5);
    const ranges = keptAnswers.slice(beforeAudio).filter((response) => response.url().endsWith('/siniar-etika.wav'));
    expect(ranges.length).toBeGreaterThan(0);
    for (const range of ranges) {
      expect(range.status()).toBe(206);
      expect(range.fromServiceWorker()).toBe(true);
      expect(await range.headerValue('content-range')).toMatch(new RegExp(`^bytes \\d+-\\d+/${podcast.bytes.length}$`));
    }
    await page.evaluate(() => (globalThis as InPage).document.querySelector('audio').pause());
    await page.screenshot({ path: path.join(SCREENSHOTS, 'offline-audio.png'), fullPage: true });

    // In English too.
    await page.getByRole('button', { name: 'Ganti bahasa ke bahasa Inggris' }).click();
    await page.getByTestId('kept-status').filter({ hasText: /^Available offline$/ }).waitFor();
    await page.getByRole('button', { name: 'Switch the language to Indonesian' }).click();

    // Logging out (still offline) forgets the kept files: they are personal.
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByLabel('Email').waitFor();
    await page.waitForFunction(async () => (await (await (globalThis as InPage).caches.open('pelita-materials')).keys()).length === 0);
    const after = await page.evaluate(async (url: string) => {
      const scope = globalThis as InPage;
      const index = JSON.parse(scope.localStorage.getItem('pelita.offline-materials') ?? '{}');
      const served = await scope.fetch(url).then(
        (response: InPage) => response.status,
        () => 'no connection',
      );
      return { listed: Object.keys(index).length, served };
    }, href!);
    expect(after).toEqual({ listed: 0, served: 'no connection' });
    expect(failures).toEqual([]);
  });

  it('on a shared PC, forgets what it kept for someone whose session ran out when another person signs in', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await logInThroughTheApp(page, base, learner);
    await page.waitForFunction(() => (globalThis as InPage).navigator.serviceWorker.controller !== null);
    // The course (its answer kept for reading offline) and the PDF (its bytes kept on opening).
    await page.goto(new URL(`/course/${course.id}/material/${pdf.id}`, base).toString());
    await page.getByTestId('kept-status').filter({ hasText: /^Tersedia luring$/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: `Kembali ke ${course.title}` }).click();
    await page.getByRole('heading', { level: 1, name: course.title }).waitFor();
    const keptFor = (userId: string) =>
      page.evaluate(async (id: string) => {
        const scope = globalThis as InPage;
        const files = (await (await scope.caches.open('pelita-materials')).keys()).filter((request: InPage) => new URL(request.url).pathname.startsWith(`/offline/materials/${id}/`)).length;
        const listed = Object.values(JSON.parse(scope.localStorage.getItem('pelita.offline-materials') ?? '{}')).filter((entry: InPage) => entry.userId === id).length;
        const answers = Object.keys(scope.localStorage).filter((key: string) => key.startsWith(`pelita.cache.${id}.`)).length;
        return { files, listed, answers };
      }, userId);
    expect(await keptFor(learner.id)).toEqual({ files: 1, listed: 1, answers: 1 });

    // The session runs out without a logout (the browser closed, a day later), and a colleague signs in.
    await page.evaluate(() => (globalThis as InPage).localStorage.removeItem('pelita.session'));
    await page.goto(base);
    const colleague = await buildUser(t, { name: 'Doli Pasaribu' });
    await logInThroughTheApp(page, base, colleague);
    await page.waitForFunction(async (id: string) => (await (await (globalThis as InPage).caches.open('pelita-materials')).keys()).every((request: InPage) => !new URL(request.url).pathname.startsWith(`/offline/materials/${id}/`)), learner.id);
    expect(await keptFor(learner.id)).toEqual({ files: 0, listed: 0, answers: 0 });
  });

  it('keeps a video over 25 MB only when the learner asks, and then plays it from the device', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await logInThroughTheApp(page, base, learner);
    await page.waitForFunction(() => (globalThis as InPage).navigator.serviceWorker.controller !== null);
    await page.goto(new URL(`/course/${course.id}/material/${lecture.id}`, base).toString());
    await page.getByRole('heading', { level: 1, name: lecture.title }).waitFor();
    const keep = page.getByRole('button', { name: 'Simpan untuk dibuka luring' });
    await keep.waitFor();
    // Not kept by itself: the video plays from the store meanwhile.
    expect(await page.evaluate(() => (globalThis as InPage).document.querySelector('video').getAttribute('src'))).toMatch(/^https?:\/\/[^/]+\/.*X-Amz-Signature=/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'offline-keep-video.png'), fullPage: true });
    await keep.click();
    await page.getByTestId('kept-status').filter({ hasText: /^Tersedia luring$/ }).waitFor({ timeout: 60_000 });
    const kept = await page.evaluate(async () => {
      const cache = await (globalThis as InPage).caches.open('pelita-materials');
      const entries = await cache.keys();
      const video = entries.find((request: InPage) => request.url.endsWith('/kelas-etika.mp4'));
      return video ? (await (await cache.match(video)).blob()).size : 0;
    });
    expect(kept).toBe(lecture.bytes.length);
    // Opened again, offline: the video's source is the kept copy.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: lecture.title }).waitFor();
    await page.getByTestId('kept-status').filter({ hasText: /^Tersedia luring$/ }).waitFor();
    expect(await page.evaluate(() => (globalThis as InPage).document.querySelector('video').getAttribute('src'))).toMatch(/^\/offline\/materials\/.+\/kelas-etika\.mp4$/);
  });
});
