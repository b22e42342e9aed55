import { IMMUTABLE_CACHE_CONTROL, IMMUTABLE_SIGNING_WINDOW_SECONDS } from '../../src/storage/storage.port';
import { DOWNLOAD_URL_TTL_SECONDS } from '../../src/modules/files/upload.rules';
import { authorToken, buildCourse, buildMaterial, buildModule, publishCourse } from '../builders/catalogue';
import { startTestApp, type TestApp } from '../support/test-app';

const DOWNLOAD = `query ($id: ID!) { material(id: $id) { downloadUrl } }`;

/** X-Amz-Date (20261207T020000Z) as a time. */
const signedAt = (url: URL) => Date.parse(url.searchParams.get('X-Amz-Date')!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));

/**
 * A material version's bytes never change, so its download answers with cache headers that let a
 * browser (and a CDN) keep them, under a URL that stays the same for the signing window.
 */
describe('material downloads are cacheable', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it('answers Cache-Control for an immutable version, from the real store, under a URL stable within the hour', async () => {
    const course = await buildCourse(t);
    const module = await buildModule(t, course);
    const material = await buildMaterial(t, course, module.id, 'DOCUMENT');
    await publishCourse(t, course);
    const token = await authorToken(course.author);

    const first = new URL((await t.ok(DOWNLOAD, { id: material.id }, { token })).material.downloadUrl);
    const second = new URL((await t.ok(DOWNLOAD, { id: material.id }, { token })).material.downloadUrl);
    const windowMs = IMMUTABLE_SIGNING_WINDOW_SECONDS * 1000;
    // Signed at the window's start, so two answers in one window are the same URL.
    expect(signedAt(first) % windowMs).toBe(0);
    if (signedAt(first) === signedAt(second)) expect(second.href).toBe(first.href);
    // Valid for at least the usual download time from now, and at most a window more.
    const expiresAt = signedAt(first) + Number(first.searchParams.get('X-Amz-Expires')) * 1000;
    expect(expiresAt - Date.now()).toBeGreaterThanOrEqual(DOWNLOAD_URL_TTL_SECONDS * 1000 - 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual((DOWNLOAD_URL_TTL_SECONDS + IMMUTABLE_SIGNING_WINDOW_SECONDS) * 1000);

    const download = await fetch(first);
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect((await download.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});
