import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import { type Browser, chromium, type Page, type Request } from 'playwright-core';

/** Debian's `chromium` package; .ci/run installs it. No browser is ever downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, and quiet on a closed network: without these Chromium keeps trying Google's services
 * (sync, component updates, QUIC probes) and floods the log with refused connections.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the browser tests save what they saw (ignored by git). */
export const SCREENSHOTS = path.resolve(__dirname, '../../../test/e2e/web/screenshots');

/**
 * `describe` for tests that need a real Chromium. Without one: CI fails (it must run them), and a
 * developer's `npm test` skips them with a message saying how to get it.
 */
export function describeWithChromium(name: string, tests: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, tests);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('has Chromium to run in', () => {
        throw new Error(`${CHROMIUM} is missing: CI must run the browser tests (.ci/run installs Debian's chromium package)`);
      });
    });
    return;
  }
  console.log(`[skipped] ${name}: ${CHROMIUM} is missing; \`apt-get install -y chromium\` to run the browser tests`);
  describe.skip(name, tests);
}

/** A fresh headless Chromium (Playwright gives each launch a new, empty profile). */
export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** Logs a person in through the app's login form, as they would, and waits for their home screen. */
export async function logInThroughTheApp(page: Page, appUrl: string, person: { email: string; password: string }): Promise<void> {
  await page.goto(appUrl);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Kata sandi').fill(person.password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.getByTestId('jp-progress').waitFor();
}

/**
 * A port free now, so that a test app's public address can name it before it starts: a store
 * that needs a CORS rule (Ceph's RADOS Gateway) gets one for that origin, the origin the browser
 * is on, when the app ensures its bucket (`startTestApp({ port, publicBaseUrl })`).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What a request posted, as text: the app gzips longer bodies (Content-Encoding: gzip). */
export function postedText(request: Request): string {
  const body = request.postDataBuffer();
  if (!body) return '';
  return request.headers()['content-encoding'] === 'gzip' ? gunzipSync(body).toString('utf8') : body.toString('utf8');
}
