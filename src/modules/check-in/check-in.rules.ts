import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Pure rules of seminar attendance: the rotating check-in code and the check-in window.
 *
 * The code is derived TOTP-style from a per-session secret and the current time step, so it
 * rotates without any server timer or stored state: every API process computes the same code.
 */

/** A new code every minute: long enough to read off a projector, short enough that a code sent to a friend soon dies. */
export const ROTATION_SECONDS = 60;
/** The previous step is accepted too: for the seconds between reading a code and sending it, and for small clock skew. */
export const ACCEPTED_PREVIOUS_STEPS = 1;
export const CODE_LENGTH = 6;
/** No 0/O, 1/I/L: the code is read off a screen and typed on a phone. Same alphabet as certificate codes. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Check-in opens before the session starts: people arrive early and sign in at the door. */
export const CHECK_IN_OPENS_BEFORE_START_MINUTES = 30;
/** …and closes a little after it ends, for the queue at the end and for slow networks. */
export const CHECK_IN_GRACE_AFTER_END_MINUTES = 15;

export const timeStep = (now: Date) => Math.floor(now.getTime() / 1000 / ROTATION_SECONDS);

/** The code of one time step: HMAC-SHA256(secret, step), its first 64 bits written in the alphabet. */
export function codeForStep(secret: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  let value = createHmac('sha256', secret).update(counter).digest().readBigUInt64BE(0);
  const base = BigInt(CODE_ALPHABET.length);
  let code = '';
  // 2^64 is so much larger than 31^6 that taking the remainder leaves no bias worth a guesser's while.
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CODE_ALPHABET[Number(value % base)];
    value /= base;
  }
  return code;
}

export interface CurrentCode {
  code: string;
  /** When the code stops being the one shown (it is still accepted for ACCEPTED_PREVIOUS_STEPS more steps). */
  rotatesAt: Date;
}

export function currentCode(secret: Buffer, now = new Date()): CurrentCode {
  const step = timeStep(now);
  return { code: codeForStep(secret, step), rotatesAt: new Date((step + 1) * ROTATION_SECONDS * 1000) };
}

/** Whether a typed code is the current code or one of the accepted previous ones. Compared in constant time. */
export function codeMatches(secret: Buffer, typed: string, now = new Date()): boolean {
  const step = timeStep(now);
  const wanted = Buffer.from(typed);
  let matched = false;
  for (let back = 0; back <= ACCEPTED_PREVIOUS_STEPS; back++) {
    const expected = Buffer.from(codeForStep(secret, step - back));
    if (expected.length === wanted.length && timingSafeEqual(expected, wanted)) matched = true;
  }
  return matched;
}

/** Uppercased without spaces or dashes ("abc 234" → "ABC234"); null when it cannot be a code at all. */
export function normalizeCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase();
  if (code.length !== CODE_LENGTH) return null;
  return [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}

export interface CheckInWindow {
  opensAt: Date;
  closesAt: Date;
}

export function checkInWindow(session: { startsAt: Date; endsAt: Date }): CheckInWindow {
  return {
    opensAt: new Date(session.startsAt.getTime() - CHECK_IN_OPENS_BEFORE_START_MINUTES * 60_000),
    closesAt: new Date(session.endsAt.getTime() + CHECK_IN_GRACE_AFTER_END_MINUTES * 60_000),
  };
}

/** BEFORE: too early to check in; OPEN: check-in allowed; OVER: too late. */
export type WindowState = 'BEFORE' | 'OPEN' | 'OVER';

export function windowState(session: { startsAt: Date; endsAt: Date }, now = new Date()): WindowState {
  const { opensAt, closesAt } = checkInWindow(session);
  if (now.getTime() < opensAt.getTime()) return 'BEFORE';
  if (now.getTime() > closesAt.getTime()) return 'OVER';
  return 'OPEN';
}

/** The JP rule of attendance: the seminar's JP is credited once every one of its sessions was attended. */
export const attendedEverySession = (attended: number, sessions: number) => sessions > 0 && attended >= sessions;
