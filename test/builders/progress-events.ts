import { randomUUID } from 'node:crypto';

/** A progress event as a device sends it (ProgressEventInput). */
export interface ProgressEvent {
  id: string;
  materialId: string;
  occurredAt: string;
  kind: 'OPENED' | 'POSITION' | 'COMPLETED';
  position?: number;
  duration?: number;
}

/**
 * Events of an offline session that began `daysAgo` days ago, each `seconds` after it began and
 * with a fresh client event id, as a device queues them before it syncs.
 */
export function offlineSession(daysAgo: number) {
  const start = Date.now() - daysAgo * 86_400_000;
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  const event = (materialId: string, seconds: number, kind: ProgressEvent['kind']): ProgressEvent => ({ id: randomUUID(), materialId, occurredAt: at(seconds), kind });
  return {
    at,
    opened: (materialId: string, seconds: number) => event(materialId, seconds, 'OPENED'),
    /** A player's heartbeat: where it is (`where` seconds) in a medium `duration` seconds long. */
    position: (materialId: string, seconds: number, where: number, duration = 1200): ProgressEvent => ({ ...event(materialId, seconds, 'POSITION'), position: where, duration }),
    completed: (materialId: string, seconds: number) => event(materialId, seconds, 'COMPLETED'),
  };
}
