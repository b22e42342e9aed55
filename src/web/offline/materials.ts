import { useEffect, useState } from 'preact/hooks';

/**
 * Materials kept on the device for offline use: a file material's bytes, fetched once from the
 * store by its presigned URL (which ends within the hour) and kept in Cache Storage under a
 * same-origin URL that names the material VERSION (a version's bytes never change, so a kept copy
 * never goes stale). The service worker (sw.js) answers those URLs from the cache, ranges
 * included, so a PDF opens in a new tab and audio and video seek without a connection.
 *
 * Kept per user (the user is in the URL) and forgotten on logout: what someone studies is personal.
 * What is kept is listed in localStorage (size, last opened), so the course page can mark it at
 * once and the least recently opened go first when the budget is reached.
 */

/** Cache Storage's cache of the kept bytes; the service worker reads it (keep in step with sw.js). */
export const MATERIALS_CACHE = 'pelita-materials';

/**
 * Files up to this size are kept as soon as they are opened. Documents, slides and images are
 * downloaded whole by the phone's viewer anyway, so keeping them costs no extra data; 25 MB holds a
 * long PDF or a slide deck with pictures, and about 25 minutes of speech at 128 kbit/s. Anything
 * bigger (a video, mostly) is kept only when the learner asks: it is minutes of a weak link and
 * a tenth of the budget.
 */
export const AUTO_KEEP_BYTES = 25 * 1024 * 1024;

/** All kept files together, of every user of the device, stay within this; the least recently opened go first. */
export const BUDGET_BYTES = 200 * 1024 * 1024;

/** Room left for the app's other storage (the shell, IndexedDB's progress queue) when the quota is small. */
const QUOTA_MARGIN_BYTES = 10 * 1024 * 1024;

const INDEX_KEY = 'pelita.offline-materials';

/** Content types a kept copy is shown as in a tab of the app's origin: none of them runs script. */
const INLINE_TYPES = /^(application\/pdf|image\/(png|jpeg|webp|gif)|audio\/[\w.+-]+|video\/[\w.+-]+)$/;

/** What the player knows of a material's current version. */
export interface MaterialFile {
  materialId: string;
  versionId: string;
  filename: string;
  contentType: string;
  size: number;
}

interface KeptEntry {
  userId: string;
  materialId: string;
  versionId: string;
  size: number;
  openedAt: number;
}

type Index = Record<string, KeptEntry>;

export type KeepOutcome = 'kept' | 'no-space' | 'failed';

/** The same-origin address of a kept version (the service worker serves it from the cache). */
export function keptPath(userId: string, file: Pick<MaterialFile, 'versionId' | 'filename'>): string {
  return `/offline/materials/${encodeURIComponent(userId)}/${encodeURIComponent(file.versionId)}/${encodeURIComponent(file.filename || 'materi')}`;
}

function keyOf(path: string): string {
  return new URL(path, location.origin).href;
}

function readIndex(): Index {
  try {
    return (JSON.parse(localStorage.getItem(INDEX_KEY) ?? 'null') as Index | null) ?? {};
  } catch {
    return {};
  }
}

function writeIndex(index: Index): void {
  try {
    localStorage.setItem(INDEX_KEY, JSON.stringify(index));
  } catch {
    // Storage refused: the files stay in the cache, found again by reconcile().
  }
  for (const listener of listeners) listener();
}

const listeners = new Set<() => void>();
/** Files being written now: in the cache a moment before they are listed, and not strays then. */
const inFlight = new Map<string, Promise<KeepOutcome>>();

/** Cache Storage exists only in secure contexts (https, localhost) and with a service worker to serve it. */
function supported(): boolean {
  return typeof caches !== 'undefined' && 'serviceWorker' in navigator;
}

/** The page can use kept URLs only while the service worker answers them. */
function served(): boolean {
  return supported() && !!navigator.serviceWorker.controller;
}

/** The version ids this user has kept (from the list; reconcile() brings it in step with the cache). */
export function keptVersionIds(userId: string): Set<string> {
  return new Set(
    Object.values(readIndex())
      .filter((entry) => entry.userId === userId)
      .map((entry) => entry.versionId),
  );
}

/** The kept versions of this user, updated as files are kept or forgotten. */
export function useKeptVersions(userId: string): Set<string> {
  const [kept, setKept] = useState(() => keptVersionIds(userId));
  useEffect(() => {
    const update = () => setKept(keptVersionIds(userId));
    listeners.add(update);
    void reconcile().then(update);
    return () => {
      listeners.delete(update);
    };
  }, [userId]);
  return kept;
}

/**
 * Brings the list in step with the cache: the browser may have evicted the cache under storage
 * pressure, and a copy whose listing was lost (storage refused) is dropped rather than left
 * outside the budget.
 */
export async function reconcile(): Promise<void> {
  if (!supported()) return;
  try {
    const cache = await caches.open(MATERIALS_CACHE);
    const cached = new Set((await cache.keys()).map((request) => request.url));
    const index = readIndex();
    let changed = false;
    for (const key of Object.keys(index)) {
      if (!cached.has(key)) {
        delete index[key];
        changed = true;
      }
    }
    for (const key of cached) if (!index[key] && !inFlight.has(key)) await cache.delete(key);
    if (changed) writeIndex(index);
  } catch {
    // No cache at all: nothing is kept.
  }
}

/** The kept copy's same-origin URL when this version is kept and can be served; marks it as opened. */
export async function openKept(userId: string, file: MaterialFile): Promise<string | undefined> {
  if (!served()) return undefined;
  const path = keptPath(userId, file);
  const key = keyOf(path);
  try {
    const hit = await (await caches.open(MATERIALS_CACHE)).match(key);
    const index = readIndex();
    if (!hit) {
      if (index[key]) {
        delete index[key];
        writeIndex(index);
      }
      return undefined;
    }
    index[key] = { userId, materialId: file.materialId, versionId: file.versionId, size: file.size, openedAt: Date.now() };
    writeIndex(index);
    return path;
  } catch {
    return undefined;
  }
}

/** Whether this version is kept by this user (without marking it opened). */
export function isKept(userId: string, file: Pick<MaterialFile, 'versionId' | 'filename'>): boolean {
  return !!readIndex()[keyOf(keptPath(userId, file))];
}

/**
 * Fetches the version's bytes from the store (CORS: the store lets the app's origin GET) and keeps
 * them. `onProgress` hears the bytes received so far. Makes room first: the least recently opened
 * files go while the budget or the browser's quota (navigator.storage.estimate) would be passed.
 */
export function keepMaterial(userId: string, file: MaterialFile, sourceUrl: string, onProgress?: (received: number) => void): Promise<KeepOutcome> {
  const key = keyOf(keptPath(userId, file));
  // Opened again while it is still being kept (the learner went back and forth): the same download.
  const running = inFlight.get(key);
  if (running) return running;
  const keeping = download(userId, file, key, sourceUrl, onProgress).finally(() => inFlight.delete(key));
  inFlight.set(key, keeping);
  return keeping;
}

async function download(userId: string, file: MaterialFile, key: string, sourceUrl: string, onProgress?: (received: number) => void): Promise<KeepOutcome> {
  if (!served()) return 'failed';
  try {
    if (!(await makeRoom(file.size, key))) return 'no-space';
    // no-store: the HTTP cache may hold this URL from an <img> or <video> (fetched without CORS,
    // so without the store's CORS headers), which a CORS request must not be answered with.
    const response = await fetch(sourceUrl, { mode: 'cors', credentials: 'omit', cache: 'no-store' });
    if (!response.ok || !response.body) return 'failed';
    let received = 0;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          onProgress?.(received);
          controller.enqueue(chunk);
        },
      }),
    );
    // Served from the app's own origin now, not the store's: only types that run no script are
    // shown in the tab (the server accepts no others for materials today); anything else is a download.
    const inline = INLINE_TYPES.test(file.contentType);
    const headers = {
      'content-type': inline ? file.contentType : 'application/octet-stream',
      'content-length': String(file.size),
      // Shown in the tab (a PDF in the phone's viewer) with its own name when saved from there.
      'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
    };
    const cache = await caches.open(MATERIALS_CACHE);
    await cache.put(key, new Response(counted, { status: 200, headers }));
    // A cut connection can end a body early without an error on every browser: only whole files count.
    if (received !== file.size) {
      await cache.delete(key);
      return 'failed';
    }
    const index = readIndex();
    index[key] = { userId, materialId: file.materialId, versionId: file.versionId, size: file.size, openedAt: Date.now() };
    writeIndex(index);
    // Asked once a learner keeps something: a persisted origin is not cleared under storage pressure.
    void navigator.storage?.persist?.().catch(() => false);
    return 'kept';
  } catch (error) {
    await caches
      .open(MATERIALS_CACHE)
      .then((cache) => cache.delete(key))
      .catch(() => undefined);
    return error instanceof DOMException && error.name === 'QuotaExceededError' ? 'no-space' : 'failed';
  }
}

/** Evicts the least recently opened kept files until `size` more fits; false when it never will. */
async function makeRoom(size: number, keeping: string): Promise<boolean> {
  if (size > BUDGET_BYTES) return false;
  const index = readIndex();
  delete index[keeping];
  const total = () => Object.values(index).reduce((sum, entry) => sum + entry.size, 0);
  let free = Infinity;
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate?.quota !== undefined && estimate.usage !== undefined) free = estimate.quota - estimate.usage - QUOTA_MARGIN_BYTES;
  } catch {
    // No estimate: the budget alone decides.
  }
  const oldestFirst = Object.entries(index).sort(([, a], [, b]) => a.openedAt - b.openedAt);
  const evicted: string[] = [];
  while (total() + size > BUDGET_BYTES || free < size) {
    const next = oldestFirst.shift();
    if (!next) return false;
    delete index[next[0]];
    evicted.push(next[0]);
    free += next[1].size;
  }
  if (evicted.length) {
    const cache = await caches.open(MATERIALS_CACHE);
    await Promise.all(evicted.map((key) => cache.delete(key)));
    writeIndex(index);
  }
  return true;
}

/**
 * On logging out: this user's kept files are personal, and go. On signing in, `{ allBut }` names
 * the person whose files stay: anyone else's, left by a session that ran out on a shared PC, go.
 */
export async function forgetKeptMaterials(who: string | { allBut: string }): Promise<void> {
  const prefixOf = (userId: string) => keyOf(`/offline/materials/${encodeURIComponent(userId)}/`);
  const forgets = typeof who === 'string' ? (userId: string) => userId === who : (userId: string) => userId !== who.allBut;
  const forgetsUrl = typeof who === 'string' ? (url: string) => url.startsWith(prefixOf(who)) : (url: string) => !url.startsWith(prefixOf(who.allBut));
  const index = readIndex();
  const gone = Object.keys(index).filter((key) => forgets(index[key].userId));
  for (const key of gone) delete index[key];
  writeIndex(index);
  if (!supported()) return;
  try {
    const cache = await caches.open(MATERIALS_CACHE);
    // By the URL too: a copy whose listing was lost is the user's all the same.
    const keys = (await cache.keys()).map((request) => request.url).filter((url) => forgetsUrl(url) || gone.includes(url));
    await Promise.all(keys.map((key) => cache.delete(key)));
  } catch {
    // No cache: nothing was kept.
  }
}

/** The player's view of one file: kept (and where), being kept (how far), or not. */
export type KeptState =
  | { state: 'checking' }
  | { state: 'kept'; src: string }
  | { state: 'keeping'; received: number }
  | { state: 'not-kept'; failed?: 'no-space' | 'failed'; unavailable?: boolean };

/**
 * The player's hook: finds the kept copy, and keeps the file when it is opened if it is small
 * enough (`keep()` for a bigger one, on the learner's request). Offline nothing is fetched.
 */
export function useKeptFile(userId: string, file: MaterialFile | undefined, sourceUrl: string | undefined) {
  const [kept, setKept] = useState<KeptState>({ state: 'checking' });
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (!file || !sourceUrl) return setKept({ state: 'not-kept' });
    let current = true;
    void (async () => {
      const src = await openKept(userId, file);
      if (!current) return;
      if (src) return setKept({ state: 'kept', src });
      // Offline, or no service worker to serve a kept copy (an old browser, the very first visit): nothing to offer.
      if (!served() || !navigator.onLine) return setKept({ state: 'not-kept', unavailable: true });
      if (request === 0 && file.size > AUTO_KEEP_BYTES) return setKept({ state: 'not-kept' });
      setKept({ state: 'keeping', received: 0 });
      let shown = 0;
      const outcome = await keepMaterial(userId, file, sourceUrl, (received) => {
        // A re-render per chunk would be thousands for a video: only each whole percent.
        if (!current || received - shown < file.size / 100) return;
        shown = received;
        setKept({ state: 'keeping', received });
      });
      if (!current) return;
      setKept(outcome === 'kept' ? { state: 'kept', src: keptPath(userId, file) } : { state: 'not-kept', failed: outcome });
    })();
    return () => {
      current = false;
    };
  }, [userId, file?.versionId, sourceUrl === undefined, request]);
  return [kept, () => setRequest((n) => n + 1)] as const;
}
