// Pelita's service worker: keeps the app shell (HTML, JS, CSS, manifest, icons) so the app opens
// without a connection. GraphQL answers are not cached here: they are personal (the app keeps the
// course it showed, per user, and queues progress in IndexedDB itself; see src/web/progress/).
// Screens loaded on demand (the quiz, the certificate, the administrator's area…) are kept the
// first time they are opened, so they open offline afterwards without being downloaded at install.
// Materials a learner opened are kept too (src/web/offline/materials.ts writes them, in cache
// `pelita-materials`, under same-origin URLs /offline/materials/<user>/<version>/<file>): this
// worker answers those URLs from that cache, ranges included, so a PDF opens in a new tab and a
// video or audio seeks without a connection.
// Built by vite.config.mts, which fills in the version and the lists.
/* global Response, Headers */
const VERSION = '__VERSION__';
const SHELL = [/* __SHELL__ */];
const ON_DEMAND = [/* __ON_DEMAND__ */];
const CACHE = `pelita-shell-${VERSION}`;
// Hashed, immutable files: one cache across versions, pruned to the current build's list.
const SCREENS = 'pelita-screens';
// Server routes that are not the app: never answered with the shell.
// A material version's bytes never change, so they are kept across app versions (the app evicts them).
const MATERIALS = 'pelita-materials';
const MATERIAL_PATH = /^\/offline\/materials\//;
const SERVER_PATHS = /^\/(graphql|healthz|readyz|metrics|verify|calendar)(\/|$)/;

self.addEventListener('install', (event) => {
  // Through the HTTP cache: hashed files just loaded by the page come from it (they are immutable),
  // and the others are no-cache there, so they are revalidated (a 304) and never stale.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('pelita-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => caches.open(SCREENS))
      .then((cache) => cache.keys().then((kept) => Promise.all(kept.filter((request) => !ON_DEMAND.includes(new URL(request.url).pathname)).map((request) => cache.delete(request)))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || SERVER_PATHS.test(url.pathname)) return;
  if (MATERIAL_PATH.test(url.pathname)) {
    event.respondWith(keptMaterial(request));
    return;
  }
  if (request.mode === 'navigate') {
    // Cache first: on a weak link the shell opens at once; a new deploy brings a new worker and shell.
    event.respondWith(caches.match('/index.html', { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  if (ON_DEMAND.includes(url.pathname)) {
    event.respondWith(
      caches.open(SCREENS).then((cache) =>
        cache.match(request).then(
          (hit) =>
            hit ||
            fetch(request).then((response) => {
              if (response.ok) void cache.put(request, response.clone());
              return response;
            }),
        ),
      ),
    );
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});

/**
 * A kept material, whole or the one range asked for (a <video> or <audio> asks for ranges, and a
 * seek is one). Not kept (forgotten on logout, or evicted): the network, where the server knows
 * no such file (404).
 */
async function keptMaterial(request) {
  const cache = await caches.open(MATERIALS);
  const kept = await cache.match(request.url, { ignoreSearch: true, ignoreVary: true });
  if (!kept) return fetch(request);
  const range = request.headers.get('range');
  if (!range) return kept;
  const body = await kept.blob();
  const size = body.size;
  const match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start;
  let end;
  if (match && match[1] !== '') {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  } else if (match && match[2] !== '') {
    // A suffix: the last N bytes.
    start = Math.max(size - Number(match[2]), 0);
    end = size - 1;
  } else {
    // Several ranges, or none we read: the whole file, as RFC 9110 allows.
    return kept;
  }
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
  }
  const headers = new Headers(kept.headers);
  headers.set('content-range', `bytes ${start}-${end}/${size}`);
  headers.set('content-length', String(end - start + 1));
  headers.set('accept-ranges', 'bytes');
  // A slice of a Blob reads only those bytes from the disk.
  return new Response(body.slice(start, end + 1), { status: 206, statusText: 'Partial Content', headers });
}
