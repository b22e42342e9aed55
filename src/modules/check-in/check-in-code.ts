import QRCode from 'qrcode';
import type { Context } from '../../context';
import { badField, conflict, forbidden } from '../../errors';
import { LOGIN_WINDOW_SECONDS, reserveAttempts } from '../auth/login-throttle';
import { canRegister } from '../seminar/seminar.policy';
import { checkInWindow, currentCode, normalizeCode, ROTATION_SECONDS, windowState } from './check-in.rules';

/**
 * What seminar sessions and classroom sessions share about attendance: the code a screen shows,
 * the guarded start of a check-in, and its window. Each kind keeps only its own "who may" rules
 * and tables.
 */

/**
 * Check-in attempts per person in the login window (15 minutes), right or wrong, over both kinds
 * of session: plenty for typos, hopeless for guessing one of 31^6 codes. Counted in
 * login_throttles (purged with it).
 */
export const CHECK_IN_ATTEMPTS = 10;

export interface AttendanceCodeView {
  sessionId: string;
  code: string;
  expiresAt: Date;
  rotatesEverySeconds: number;
  qrPngDataUrl: string;
  checkInOpensAt: Date;
  checkInClosesAt: Date;
}

interface Timed {
  startsAt: Date;
  endsAt: Date;
}

/** Refuses to open a session whose check-in has closed; opening early is fine (setting up the screen). */
export function assertStillOpenable(session: Timed, now: Date): void {
  if (windowState(session, now) === 'OVER') {
    throw conflict(`Check-in for this session closed at ${checkInWindow(session).closesAt.toISOString()}`, 'sessionId');
  }
}

/** The code to show now for a session's secret, with a QR image of just the code (a scanner hands it to check-in as if typed). */
export async function attendanceCodeView(sessionId: string, secretHex: string, session: Timed, now: Date): Promise<AttendanceCodeView> {
  const { code, rotatesAt } = currentCode(Buffer.from(secretHex, 'hex'), now);
  const qrPngDataUrl = await QRCode.toDataURL(code, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2, width: 320 });
  const window = checkInWindow(session);
  return {
    sessionId,
    code,
    expiresAt: rotatesAt,
    rotatesEverySeconds: ROTATION_SECONDS,
    qrPngDataUrl,
    checkInOpensAt: window.opensAt,
    checkInClosesAt: window.closesAt,
  };
}

/**
 * The start of every check-in: a person (never an API key), a well-formed code, and one more
 * counted attempt. Outside any transaction, so a refused attempt still counts.
 */
export async function beginCheckIn(ctx: Context, typed: string): Promise<{ userId: string; code: string }> {
  const caller = ctx.caller;
  if (!canRegister(caller)) throw forbidden('Only a signed-in person checks in, for themself');
  const code = normalizeCode(typed);
  if (!code) throw badField('code', 'A check-in code has 6 letters and digits');
  await reserveAttempts(ctx.em, [{ key: `check-in:${caller.userId}`, limit: CHECK_IN_ATTEMPTS, windowSeconds: LOGIN_WINDOW_SECONDS }], 'check-in attempts');
  return { userId: caller.userId, code };
}

/** Check-ins are taken only inside the session's window: before or after it, CONFLICT on the code. */
export function assertInsideCheckInWindow(session: Timed, now: Date): void {
  const state = windowState(session, now);
  const window = checkInWindow(session);
  if (state === 'BEFORE') throw conflict(`Check-in for this session opens at ${window.opensAt.toISOString()}`, 'code');
  if (state === 'OVER') throw conflict(`Check-in for this session closed at ${window.closesAt.toISOString()}`, 'code');
}
