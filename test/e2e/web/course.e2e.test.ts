import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse } from '../../builders/catalogue';
import { buildUser, type BuiltUser } from '../../builders/identity';
import { enrolLearner } from '../../builders/learning';
import { describeWithChromium, freePort, launchChromium, logInThroughTheApp, postedText, SCREENSHOTS } from '../../support/browser';
import { selectRows } from '../../support/database';
import { wavBytes } from '../../support/sample-files';
import { uploadFile } from '../../support/uploads';
import { startTestApp, type TestApp } from '../../support/test-app';
import { WEB_ROOT } from '../../../src/web-assets';

/** A cheap Android phone's screen. */
const PHONE = { viewport: { width: 360, height: 740 }, locale: 'id-ID', deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** The device's event ids: version 8, a per-device random prefix and a counter (README, "Web app"). */
const DEVICE_EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const MATERIAL_PROGRESS = `query ($id: ID!) { material(id: $id) { myProgress { status furthestPositionSeconds durationSeconds } } }`;
const RECORD_PROGRESS = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { applied duplicates refused } }`;

/*
 * waitForFunction gets functions, not strings: a string is compiled in the page, which the app's
 * Content-Security-Policy forbids (no 'unsafe-eval'). They run in the browser, so they reach the
 * page through globalThis (the tests' tsconfig has Node's libraries, not the DOM's).
 */
type InPage = any;

interface SentEvent {
  id: string;
  materialId: string;
  occurredAt: string;
  kind: string;
}

/**
 * Issue 17: the course page, the material player, and progress that survives going offline: a
 * learner reads online (recorded and synced), goes offline, opens another material (queued on the
 * device, through a reload), comes back online, and the server has every event exactly once.
 */
describeWithChromium('Pelita web: course page, player and offline progress', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let learner: BuiltUser;
  let context: BrowserContext | undefined;
  const course = { id: '', title: 'Pelayanan Publik Prima' };
  const reading = { id: '', title: 'Konsep Pelayanan Publik' };
  const document = { id: '', title: 'Modul Standar Pelayanan (PDF)' };
  const later = { id: '', title: 'Survei Kepuasan Masyarakat' };
  const picture = { id: '', title: 'Alur Pengaduan Masyarakat' };
  const firstModule = 'Dasar Pelayanan Publik';
  const listening = { courseId: '', id: '', title: 'Siniar: Pelayanan Prima di Kelurahan' };

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    // The app's public address is where the browser is: a store that keeps bucket CORS rules (RADOS
    // Gateway) lets that origin GET the files the player keeps for offline use.
    const port = await freePort();
    t = await startTestApp({ port, publicBaseUrl: `http://127.0.0.1:${port}` });
    base = new URL('/', t.app.url).toString();
    browser = await launchChromium();
    learner = await buildUser(t, { name: 'Siti Pohan' });
    const built = await buildCourse(t, { title: course.title, jp: 8 });
    course.id = built.id;
    const first = await buildModule(t, built, { title: firstModule });
    reading.id = (await buildMaterial(t, built, first.id, 'TEXT', { title: reading.title })).id;
    document.id = (await buildMaterial(t, built, first.id, 'DOCUMENT', { title: document.title })).id;
    // The second module opens only once the first is complete.
    const second = await t.ok<{ addModule: { id: string } }>(
      `mutation ($courseId: ID!, $input: ModuleInput!) { addModule(courseId: $courseId, input: $input) { id } }`,
      { courseId: built.id, input: { title: 'Mengukur Pelayanan', prerequisiteModuleId: first.id } },
      { token: await authorToken(built.author) },
    );
    later.id = (await buildMaterial(t, built, second.addModule.id, 'TEXT', { title: later.title })).id;
    picture.id = (await buildMaterial(t, built, second.addModule.id, 'IMAGE', { title: picture.title })).id;
    await publishCourse(t, built);
    await enrolLearner(t, learner, built);

    // A second course with a 20-second audio (silent PCM WAV, which Chromium plays without codecs).
    const audioCourse = await buildCourse(t, { title: 'Pelayanan Prima: Siniar', jp: 2 });
    const audioModule = await buildModule(t, audioCourse);
    listening.courseId = audioCourse.id;
    listening.id = (await buildMaterial(t, audioCourse, audioModule.id, 'AUDIO', { title: listening.title })).id;
    await uploadFile(t, { token: await authorToken(audioCourse.author) }, listening.id, wavBytes(8000 * 20), 'siniar.wav', 'audio/wav');
    await publishCourse(t, audioCourse);
    await enrolLearner(t, learner, audioCourse);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.stop();
  });

  /** Until the player's progress status says `text` (it changes as the queue is written and sent). */
  const statusSays = (page: Page, text: string) => page.getByTestId('sync-status').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();
  const materialProgress = async (id: string) =>
    (await t.ok<{ material: { myProgress: { status: string; furthestPositionSeconds: number; durationSeconds: number | null } | null } }>(MATERIAL_PROGRESS, { id }, { token: await authorToken(learner) }))
      .material.myProgress;
  const materialStatus = async (id: string) => (await materialProgress(id))?.status;
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  it('shows the course and its materials, records progress, queues it offline and syncs it once', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    // Offline, Chromium logs each failed request as an error: expected here, and not the app's.
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && failures.push(message.text()));
    // Every progress event that reached the server, by id (tries that failed offline are not
    // counted; a first use of the mutation goes twice, by hash and then with its text: APQ).
    const reached = new Map<string, SentEvent>();
    // Each sync's body: its JSON's length, what went over the wire, and whether it went gzipped.
    const posted: { text: number; wire: number; gzipped: boolean }[] = [];
    page.on('requestfinished', (request) => {
      if (request.method() !== 'POST' || new URL(request.url()).pathname !== '/graphql') return;
      const body = JSON.parse(postedText(request) || '{}');
      if (body.operationName === 'RecordProgress') for (const event of body.variables.events as SentEvent[]) reached.set(event.id, event);
      if (body.operationName === 'RecordProgress') posted.push({ text: postedText(request).length, wire: request.postDataBuffer()?.length ?? 0, gzipped: request.headers()['content-encoding'] === 'gzip' });
    });
    const synced = () => page.waitForResponse((response) => postedText(response.request()).includes('"operationName":"RecordProgress"') && response.ok());

    await logInThroughTheApp(page, base, learner);
    await page.waitForFunction('navigator.serviceWorker.controller !== null');

    // Home: "Lanjutkan" opens the material to resume.
    let answered = synced();
    await page.getByRole('link', { name: `Lanjutkan: ${reading.title}` }).click();
    await page.getByRole('heading', { level: 1, name: reading.title }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/course/${course.id}/material/${reading.id}`);
    // The Markdown body, rendered as elements (its "# Standar Pelayanan" is a heading below the title).
    await page.getByRole('heading', { level: 2, name: 'Standar Pelayanan' }).waitFor();
    await page.getByText('Setiap unit layanan wajib menetapkan standar pelayanan.').waitFor();
    await answered;
    await statusSays(page, 'Tersimpan');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player-text.png'), fullPage: true });
    // Opening a TEXT material completes it (the server's rule), through the real API.
    await expect(materialStatus(reading.id)).resolves.toBe('COMPLETED');

    // The course page: percent done, modules in order, materials with their state, the locked module.
    await page.getByRole('link', { name: `Kembali ke ${course.title}` }).click();
    await page.getByRole('heading', { level: 1, name: course.title }).waitFor();
    await expect(page.getByTestId('course-percent').textContent()).resolves.toBe('25% selesai');
    const readingRow = page.locator('li.material', { hasText: reading.title });
    await expect(readingRow.getAttribute('data-status')).resolves.toBe('COMPLETED');
    await expect(readingRow.textContent()).resolves.toContain('Bacaan');
    const documentRow = page.locator('li.material', { hasText: document.title });
    await expect(documentRow.getAttribute('data-status')).resolves.toBe('NOT_STARTED');
    await expect(documentRow.textContent()).resolves.toContain('Dokumen');
    await page.getByText(`Terkunci: selesaikan dulu modul “${firstModule}”.`).waitFor();
    // A locked material is shown, but is no link.
    await expect(page.getByText(later.title).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: later.title }).count()).resolves.toBe(0);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'course.png'), fullPage: true });

    // Offline: the course comes from the device, opening the PDF is queued.
    await context.setOffline(true);
    await page.getByRole('link', { name: document.title }).click();
    await page.getByRole('heading', { level: 1, name: document.title }).waitFor();
    await page.getByText('Anda sedang luring').waitFor();
    await page.getByRole('link', { name: /Buka modul\.pdf/ }).waitFor();
    await statusSays(page, '1 kemajuan menunggu koneksi');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player-offline.png'), fullPage: true });
    // The queue survives a reload (IndexedDB); opening the material again queues a second event.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: document.title }).waitFor();
    await statusSays(page, '2 kemajuan menunggu koneksi');
    expect(reached.size).toBe(1); // only the OPENED made online reached the server
    // The course page (from the device) shows that the PDF's progress waits for a connection.
    await page.getByRole('link', { name: `Kembali ke ${course.title}` }).click();
    await page.locator('li.material', { hasText: document.title }).locator('.state', { hasText: /^Menunggu koneksi$/ }).waitFor();
    await page.getByRole('link', { name: document.title }).click();
    await statusSays(page, '3 kemajuan menunggu koneksi');

    // Back online: the queue syncs by itself, and the server has each event once.
    answered = synced();
    await context.setOffline(false);
    await answered;
    await statusSays(page, 'Tersimpan');
    const sent = [...reached.values()];
    const ids = [...reached.keys()];
    expect(ids).toHaveLength(4);
    for (const id of ids) expect(id).toMatch(DEVICE_EVENT_ID);
    // On a weak link a longer sync goes gzipped, and the server reads it as it was.
    const long = posted.filter((body) => body.text >= 512);
    expect(long.length).toBeGreaterThan(0);
    for (const body of long) expect(body).toEqual({ text: body.text, wire: expect.any(Number), gzipped: true });
    for (const body of long) expect(body.wire).toBeLessThan(body.text * 0.75);
    // One device: one prefix, consecutive counters.
    expect(new Set(ids.map((id) => id.slice(0, 23))).size).toBe(1);
    const stored = await selectRows<{ id: string; material_id: string; kind: string }>(
      t.databaseUrl,
      'SELECT id, material_id, kind FROM progress_events WHERE user_id = $1 AND material_id = ANY($2) ORDER BY occurred_at',
      [learner.id, [reading.id, document.id]],
    );
    expect(stored.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(stored.map((row) => [row.material_id, row.kind])).toEqual([
      [reading.id, 'OPENED'],
      [document.id, 'OPENED'],
      [document.id, 'OPENED'],
      [document.id, 'OPENED'],
    ]);
    // A replay changes nothing.
    const replay = await t.ok<{ recordProgress: { applied: number; duplicates: number; refused: number } }>(RECORD_PROGRESS, { events: sent }, { token: await authorToken(learner) });
    expect(replay.recordProgress).toEqual({ applied: 0, duplicates: 4, refused: 0 });
    await expect(selectRows(t.databaseUrl, 'SELECT id FROM progress_events WHERE user_id = $1 AND material_id = ANY($2)', [learner.id, [reading.id, document.id]])).resolves.toHaveLength(4);

    // The first module is complete now: the second opens.
    await expect(materialStatus(document.id)).resolves.toBe('COMPLETED');
    await page.getByRole('link', { name: `Kembali ke ${course.title}` }).click();
    await page.getByRole('link', { name: later.title }).waitFor();
    await expect(page.getByTestId('course-percent').textContent()).resolves.toBe('50% selesai');
    // An image comes from the store (by its presigned URL, kept on the device as it is opened).
    await page.getByRole('link', { name: picture.title }).click();
    await page.getByRole('heading', { level: 1, name: picture.title }).waitFor();
    await page.waitForFunction(() => {
      const image = (globalThis as InPage).document.querySelector('img.media');
      return image?.complete && image.naturalWidth > 0;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player-image.png'), fullPage: true });
    expect(failures).toEqual([]);
  });

  it('plays audio from the presigned URL, reports where the learner got to, resumes there, and completes at the end', async () => {
    context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await logInThroughTheApp(page, base, learner);
    // Until the server has stored a batch with an event of this kind (not an APQ miss: the answer has the results).
    const stored = (kind: string) =>
      page.waitForResponse(async (response) => {
        const sent = postedText(response.request());
        return sent.includes('"operationName":"RecordProgress"') && sent.includes(`"kind":"${kind}"`) && (await response.text()).includes('"outcome":"APPLIED"');
      });
    const audio = (script: string) => page.evaluate(`(async () => { const audio = document.querySelector('audio'); ${script} })()`);

    await page.goto(new URL(`/course/${listening.courseId}/material/${listening.id}`, base).toString());
    await page.getByRole('heading', { level: 1, name: listening.title }).waitFor();
    await page.waitForFunction(() => (globalThis as InPage).document.querySelector('audio')?.readyState >= 1);
    expect(Math.round(Number(await audio('return audio.duration;')))).toBe(20);
    // A click first: Chromium lets a page play sound once the person has interacted with it.
    await page.getByRole('heading', { level: 1, name: listening.title }).click();

    // Listen from 8 s for a moment, then pause: the pause reports the position.
    let answered = stored('POSITION');
    await audio('audio.currentTime = 8; await audio.play();');
    await page.waitForFunction(() => (globalThis as InPage).document.querySelector('audio').currentTime > 9);
    await audio('audio.pause();');
    await answered;
    const paused = await materialProgress(listening.id);
    expect(paused?.status).toBe('IN_PROGRESS');
    expect(paused?.furthestPositionSeconds).toBeGreaterThan(9);
    expect(paused?.durationSeconds).toBeCloseTo(20, 0);

    // Back later: the player starts where the learner got to.
    await page.reload();
    await page.waitForFunction(() => (globalThis as InPage).document.querySelector('audio')?.readyState >= 1 && (globalThis as InPage).document.querySelector('audio').currentTime > 9);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'player-audio.png'), fullPage: true });

    // To the end: 90% reached completes it (the server's rule for audio and video).
    await page.getByRole('heading', { level: 1, name: listening.title }).click();
    answered = stored('POSITION');
    await audio("audio.currentTime = 18.5; await audio.play(); await new Promise((ended) => audio.addEventListener('ended', ended, { once: true }));");
    await answered;
    await statusSays(page, 'Tersimpan');
    await expect(materialStatus(listening.id)).resolves.toBe('COMPLETED');
  });
});
