/**
 * The offline progress queue's pure rules (no DOM, no storage): how a device makes its event ids,
 * how queued events are cut into batches, and what each outcome of recordProgress does to an
 * event. queue.ts applies them to IndexedDB and the network.
 */

/** recordProgress takes up to 500; smaller batches keep each request short on a weak link. */
export const BATCH_SIZE = 50;

/**
 * The per-device part of every event id: 74 random bits, as 18 hex digits (72 bits) and the
 * UUID variant digit (8, 9, a or b: 2 more bits). Made once per device and kept.
 */
export interface DevicePrefix {
  hex: string;
  variant: string;
}

/** `random` gives 10 bytes (only 74 bits are used). */
export function devicePrefixFrom(random: Uint8Array): DevicePrefix {
  if (random.length < 10) throw new Error('need 10 random bytes');
  const hex = Array.from(random.subarray(0, 9), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return { hex, variant: (8 + (random[9] & 3)).toString(16) };
}

export function isDevicePrefix(value: unknown): value is DevicePrefix {
  const prefix = value as DevicePrefix | null;
  return !!prefix && typeof prefix.hex === 'string' && /^[0-9a-f]{18}$/.test(prefix.hex) && /^[89ab]$/.test(prefix.variant ?? '');
}

/** 12 hex digits: 48 bits, more events than a phone will ever make. */
const MAX_COUNTER = 0xffff_ffff_ffff;

/**
 * A version-8 UUID: the device's prefix and its event counter. Ids of one device differ only in
 * their last digits, so a batch of them compresses far better than random (version 4) UUIDs, and
 * the prefix keeps two devices' ids apart.
 * Layout: `${r8}-${r4}-8${r3}-${variant}${r3}-${counter as 12 hex}`.
 */
export function eventId(prefix: DevicePrefix, counter: number): string {
  if (!Number.isSafeInteger(counter) || counter < 0 || counter > MAX_COUNTER) throw new Error(`counter out of range: ${counter}`);
  const { hex, variant } = prefix;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(12, 15)}-${variant}${hex.slice(15, 18)}-${counter.toString(16).padStart(12, '0')}`;
}

export function batches<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What the queue does with an event after the server's answer. */
export type Disposition = 'remove' | 'keep' | 'drop';

/** Codes ProgressEventResult.code documents as retryable: the event is kept and sent again later. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['MODULE_LOCKED', 'COURSE_UNAVAILABLE']);

/**
 * APPLIED and DUPLICATE: the server has it (a replay changes nothing), so it leaves the queue.
 * REFUSED with a retryable code stays; any other refusal is final and is dropped.
 */
export function dispositionOf(result: { outcome: string; code?: string | null }): Disposition {
  if (result.outcome === 'APPLIED' || result.outcome === 'DUPLICATE') return 'remove';
  return result.code && RETRYABLE_CODES.has(result.code) ? 'keep' : 'drop';
}
