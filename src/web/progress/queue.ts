import { useEffect, useState } from 'preact/hooks';
import { OfflineError } from '../api/client';
import { RecordProgressMutation } from '../api/operations';
import { type Auth, SessionEnded } from '../api/session';
import type { ProgressEventKind } from '../gql/graphql';
import { batches, type DevicePrefix, devicePrefixFrom, dispositionOf, eventId, isDevicePrefix } from './rules';

/**
 * Progress recorded on the device: every event goes to IndexedDB first (it survives a reload or a
 * closed tab), then to the server through the idempotent recordProgress, in batches. What the
 * server has (APPLIED, DUPLICATE) leaves the queue; a retryable refusal stays for later; a final
 * refusal is dropped. No connection leaves everything as it is until the next try: when the
 * browser comes back online, when the app starts, and shortly after each new event.
 */
export interface QueuedEvent {
  id: string;
  /** Whose event: only their session may send it (another person may log in on the phone). */
  userId: string;
  /** Order of recording on this device. */
  seq: number;
  materialId: string;
  occurredAt: string;
  kind: ProgressEventKind;
  position?: number;
  duration?: number;
}

export interface QueueStatus {
  pending: number;
  /** Materials with events still waiting: shown as such, since the server does not know yet. */
  materialIds: ReadonlySet<string>;
  syncing: boolean;
  /** The last try found no connection. */
  offline: boolean;
}

const DB_NAME = 'pelita';
const STORE = 'progress';
const DEVICE_KEY = 'pelita.progress.device';
const COUNTER_KEY = 'pelita.progress.counter';
/** A few events in a row (opened, then a heartbeat) go in one request. */
const SYNC_DEBOUNCE_MS = 1000;
/**
 * A weak link often fails while the browser still counts itself online, so no 'online' event
 * comes: after a failed try the queue tries again by itself, less and less often.
 */
const RETRY_FIRST_MS = 15_000;
const RETRY_MAX_MS = 5 * 60_000;

let database: Promise<IDBDatabase> | undefined;
function db(): Promise<IDBDatabase> {
  database ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' }).createIndex('userId', 'userId');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return database;
}

function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return db().then(
    (opened) =>
      new Promise<T | undefined>((resolve, reject) => {
        const tx = opened.transaction(STORE, mode);
        const request = work(tx.objectStore(STORE));
        tx.oncomplete = () => resolve(request ? request.result : undefined);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      }),
  );
}

/** This device's id prefix, made once and kept; a device without storage gets one per visit. */
function devicePrefix(): DevicePrefix {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? 'null');
    if (isDevicePrefix(stored)) return stored;
  } catch {
    // unreadable: make a new one
  }
  const prefix = devicePrefixFrom(crypto.getRandomValues(new Uint8Array(10)));
  try {
    localStorage.setItem(DEVICE_KEY, JSON.stringify(prefix));
  } catch {
    // Private mode: the prefix lasts for this visit, the ids stay unique by its randomness.
  }
  return prefix;
}

let fallbackCounter = 0;
/**
 * The next counter, saved before it is used, so an id is never made twice on this device. Two tabs
 * of the app share localStorage: a Web Lock (where the browser has them) keeps their read and
 * write of the counter apart.
 */
function nextCounter(): Promise<number> {
  const bump = () => {
    try {
      const next = (Number(localStorage.getItem(COUNTER_KEY)) || 0) + 1;
      localStorage.setItem(COUNTER_KEY, String(next));
      return next;
    } catch {
      return (fallbackCounter += 1);
    }
  };
  return 'locks' in navigator ? navigator.locks.request(COUNTER_KEY, bump) : Promise.resolve(bump());
}

type Listener = (status: QueueStatus) => void;

class ProgressQueue {
  private auth: Auth | undefined;
  private userId: string | undefined;
  private onSessionEnded: (() => void) | undefined;
  private status: QueueStatus = { pending: 0, materialIds: new Set(), syncing: false, offline: false };
  private readonly listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private prefix: DevicePrefix | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_FIRST_MS;

  constructor() {
    if (typeof addEventListener === 'function') addEventListener('online', () => void this.sync());
  }

  /** The signed-in person whose events are sent (none after logging out: theirs wait for them). */
  attach(auth: Auth | null, userId: string | null, onSessionEnded?: () => void): void {
    this.auth = auth ?? undefined;
    this.userId = userId ?? undefined;
    this.onSessionEnded = onSessionEnded;
    void this.refreshCount();
    if (auth) void this.sync();
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  async record(materialId: string, kind: ProgressEventKind, position?: { position: number; duration: number }): Promise<void> {
    if (!this.userId) return;
    this.prefix ??= devicePrefix();
    const seq = await nextCounter();
    const event: QueuedEvent = { id: eventId(this.prefix, seq), userId: this.userId, seq, materialId, occurredAt: new Date().toISOString(), kind, ...position };
    await transact('readwrite', (store) => store.put(event));
    await this.refreshCount();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sync(), SYNC_DEBOUNCE_MS);
  }

  /** Sends what waits; a sync asked for while one runs runs again after it. */
  sync(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.flush().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.sync();
      }
    });
    return this.running;
  }

  private async flush(): Promise<void> {
    const { auth, userId } = this;
    if (!auth || !userId) return;
    const waiting = (await this.eventsOf(userId)).sort((a, b) => a.seq - b.seq);
    if (!waiting.length) return this.refreshCount();
    this.update({ syncing: true });
    let offline = false;
    let failed = false;
    let kept = 0;
    try {
      for (const batch of batches(waiting)) {
        const data = await auth.run(RecordProgressMutation, {
          events: batch.map(({ id, materialId, occurredAt, kind, position, duration }) => ({ id, materialId, occurredAt, kind, position, duration })),
        });
        const done: string[] = [];
        for (const result of data.recordProgress.results) {
          const disposition = dispositionOf(result);
          if (disposition === 'drop') console.error(`progress event ${result.id} refused (${result.code ?? 'no code'}); dropped`);
          if (disposition !== 'keep') done.push(result.id);
          else kept += 1;
        }
        await transact('readwrite', (store) => {
          for (const id of done) store.delete(id);
        });
      }
    } catch (error) {
      // Everything not yet answered stays queued; the next try sends it again (ids make it harmless).
      if (error instanceof SessionEnded) this.onSessionEnded?.();
      else {
        failed = true;
        if (error instanceof OfflineError) offline = true;
        else console.error('progress sync failed; will retry', error);
      }
    }
    clearTimeout(this.retryTimer);
    // Kept events (MODULE_LOCKED, COURSE_UNAVAILABLE) are tried again by themselves too: a module
    // unlocks when the one before it completes, which may happen on the server (a graded quiz, an
    // instructor's review) with no new event from this device to wake the queue.
    if (failed || kept > 0) {
      this.retryTimer = setTimeout(() => void this.sync(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    } else {
      this.retryMs = RETRY_FIRST_MS;
    }
    this.update({ syncing: false, offline });
    await this.refreshCount();
  }

  private async eventsOf(userId: string): Promise<QueuedEvent[]> {
    try {
      return ((await transact<QueuedEvent[]>('readonly', (store) => store.index('userId').getAll(userId))) ?? []) as QueuedEvent[];
    } catch {
      return [];
    }
  }

  private async refreshCount(): Promise<void> {
    const waiting = this.userId ? await this.eventsOf(this.userId) : [];
    this.update({ pending: waiting.length, materialIds: new Set(waiting.map((event) => event.materialId)) });
  }

  private update(change: Partial<QueueStatus>): void {
    this.status = { ...this.status, ...change };
    for (const listener of this.listeners) listener(this.status);
  }
}

/** One queue per page: every screen records into it and watches its status. */
export const progressQueue = new ProgressQueue();

/** The queue's status, kept current for a screen. */
export function useQueueStatus(): QueueStatus {
  const [status, setStatus] = useState<QueueStatus>({ pending: 0, materialIds: new Set(), syncing: false, offline: false });
  useEffect(() => progressQueue.subscribe(setStatus), []);
  return status;
}
