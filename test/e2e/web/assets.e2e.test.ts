import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import { IMMUTABLE, WEB_ROOT, webAssets } from '../../../src/web-assets';
import { startTestApp, type TestApp } from '../../support/test-app';

const APP_MARKER = '<div id="app">';

/** How the server hands out the web app (src/web-assets.ts): caching, compression, fallback, and what it leaves alone. */
describe('web app assets', () => {
  let t: TestApp;
  let base: string;
  const get = (pathname: string, headers: Record<string, string> = {}) => fetch(new URL(pathname, base), { headers: { 'accept-encoding': 'br, gzip', ...headers } });

  beforeAll(async () => {
    if (!existsSync(path.join(WEB_ROOT, 'index.html'))) throw new Error(`${WEB_ROOT} has no build: run \`npm run build\` first`);
    t = await startTestApp();
    base = new URL('/', t.app.url).toString();
  });
  afterAll(() => t.stop());

  it('serves index.html at / for revalidation on every visit, with a policy that allows only its own files', async () => {
    const answer = await get('/', { accept: 'text/html' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(answer.headers.get('cache-control')).toBe('no-cache');
    expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
    // Materials' images, video and audio come by presigned URLs from the store, and from nowhere else.
    const store = t.config.storage.publicAddress ?? t.config.storage;
    const storeOrigin = `${store.useSSL ? 'https' : 'http'}://${store.endPoint}:${store.port}`;
    expect(answer.headers.get('content-security-policy')).toContain(`img-src 'self' data: ${storeOrigin};`);
    expect(answer.headers.get('content-security-policy')).toContain(`media-src 'self' ${storeOrigin};`);
    // An instructor's upload PUTs the bytes straight to the store; the app connects nowhere else.
    expect(answer.headers.get('content-security-policy')).toContain(`connect-src 'self' ${storeOrigin};`);
    const html = await answer.text();
    expect(html).toContain('<html lang="id">');
    expect(html).toContain(APP_MARKER);
  });

  it('serves the hashed JS and CSS compressed and cacheable forever, and the manifest and service worker revalidated', async () => {
    const html = await (await get('/')).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
    expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const answer = await get(asset);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe(IMMUTABLE);
      expect(answer.headers.get('content-encoding')).toBe('br');
      const gzipped = await get(asset, { 'accept-encoding': 'gzip' });
      expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    }

    const manifest = await get('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
    const manifestBody = (await manifest.json()) as { icons: { src: string; sizes: string; type: string }[] };
    expect(manifestBody).toMatchObject({ name: 'Pelita', lang: 'id', start_url: '/' });
    // Android installs with a 192 px and a 512 px icon; every icon named must be there.
    expect(manifestBody.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifestBody.icons) {
      const answer = await get(icon.src);
      expect([icon.src, answer.status, answer.headers.get('content-type')]).toEqual([icon.src, 200, icon.type]);
    }

    const worker = await get('/sw.js');
    expect(worker.headers.get('content-type')).toMatch(/javascript/);
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    const source = await worker.text();
    for (const asset of assets) expect(source).toContain(asset);
  });

  it('answers index.html for the app’s own paths, so a reload opens the same screen', async () => {
    for (const pathname of ['/catalogue', '/catalogue/', '/courses/123']) {
      const answer = await get(pathname, { accept: 'text/html' });
      expect([pathname, answer.status]).toEqual([pathname, 200]);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toContain(APP_MARKER);
    }
  });

  it('shadows none of the server’s routes, and answers 404 for a missing file rather than the app', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz')).headers.get('content-type')).toMatch(/json/);
    const graphql = await get('/graphql?query=%7B__typename%7D', { 'apollo-require-preflight': 'true' });
    expect(((await graphql.json()) as any).data).toEqual({ __typename: 'Query' });
    for (const pathname of ['/metrics', '/verify/TIDAK-ADA', '/calendar/users/nope.ics', '/calendar/seminars/nope.ics', '/graphql/anything', '/assets/index-missing.js', '/favicon.ico']) {
      const answer = await get(pathname, { accept: 'text/html' });
      expect([pathname, answer.status === 200 && (await answer.text()).includes(APP_MARKER)]).toEqual([pathname, false]);
    }
    expect((await get('/assets/index-missing.js')).status).toBe(404);
    expect((await fetch(new URL('/', base), { method: 'POST' })).status).toBe(404);
  });

  it('leaves the API running when the server was built without the web app', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
    const app = express().use(webAssets(logger, path.join(WEB_ROOT, 'not-built')));
    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(warnings.join('')).toContain('no web app build found');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
