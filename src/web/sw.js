// Pelita's service worker: keeps the app shell (HTML, JS, CSS, manifest, icons) so the app opens
// without a connection. GraphQL answers are not cached here: they are personal (the app keeps the
// course it showed, per user, and queues progress in IndexedDB itself; see src/web/progress/).
// Screens loaded on demand (the quiz, the certificate, the administrator's area…) are kept the
// first time they are opened, so they open offline afterwards without being downloaded at install.
// Built by vite.config.mts, which fills in the version and the lists.
const VERSION = '__VERSION__';
const SHELL = [/* __SHELL__ */];
const ON_DEMAND = [/* __ON_DEMAND__ */];
const CACHE = `pelita-shell-${VERSION}`;
// Hashed, immutable files: one cache across versions, pruned to the current build's list.
const SCREENS = 'pelita-screens';
// Server routes that are not the app: never answered with the shell.
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
