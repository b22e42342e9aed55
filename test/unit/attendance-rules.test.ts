import {
  attendedEverySession,
  CODE_ALPHABET,
  CODE_LENGTH,
  checkInWindow,
  codeForStep,
  codeMatches,
  currentCode,
  normalizeCode,
  ROTATION_SECONDS,
  timeStep,
  windowState,
} from '../../src/modules/check-in/check-in.rules';

const secret = Buffer.alloc(32, 7);
const otherSecret = Buffer.alloc(32, 8);
const at = (iso: string) => new Date(iso);

describe('rotating check-in codes', () => {
  const now = at('2026-12-01T02:00:30Z');

  it('are six characters of the unambiguous alphabet, the same for every process within a step', () => {
    const { code } = currentCode(secret, now);
    expect(code).toHaveLength(CODE_LENGTH);
    expect([...code].every((c) => CODE_ALPHABET.includes(c))).toBe(true);
    expect(code).not.toMatch(/[01OIL]/);
    expect(currentCode(secret, at('2026-12-01T02:00:59.999Z')).code).toBe(code);
    expect(currentCode(secret, at('2026-12-01T02:00:00Z')).code).toBe(code);
  });

  it('rotate every minute and say when', () => {
    const { code, rotatesAt } = currentCode(secret, now);
    expect(rotatesAt).toEqual(at('2026-12-01T02:01:00Z'));
    expect(currentCode(secret, rotatesAt).code).not.toBe(code);
    expect(ROTATION_SECONDS).toBe(60);
  });

  it('differ between sessions (secrets)', () => {
    expect(codeForStep(secret, timeStep(now))).not.toBe(codeForStep(otherSecret, timeStep(now)));
  });

  it('accept the current and the previous code, not older or future ones, nor another session’s', () => {
    const step = timeStep(now);
    expect(codeMatches(secret, codeForStep(secret, step), now)).toBe(true);
    expect(codeMatches(secret, codeForStep(secret, step - 1), now)).toBe(true);
    expect(codeMatches(secret, codeForStep(secret, step - 2), now)).toBe(false);
    expect(codeMatches(secret, codeForStep(secret, step + 1), now)).toBe(false);
    expect(codeMatches(secret, codeForStep(otherSecret, step), now)).toBe(false);
    expect(codeMatches(secret, 'ABC', now)).toBe(false);
  });

  it('are read forgivingly (case, spaces, dashes) but only in the alphabet', () => {
    expect(normalizeCode(' ab3-k9z ')).toBe('AB3K9Z');
    expect(normalizeCode('AB3K9')).toBeNull();
    expect(normalizeCode('AB3K9ZZ')).toBeNull();
    expect(normalizeCode('AB0K9Z')).toBeNull();
    expect(normalizeCode('ABIK9Z')).toBeNull();
  });
});

describe('the check-in window', () => {
  const session = { startsAt: at('2026-12-01T01:00:00Z'), endsAt: at('2026-12-01T05:00:00Z') };

  it('opens 30 minutes before the start and closes 15 minutes after the end', () => {
    expect(checkInWindow(session)).toEqual({ opensAt: at('2026-12-01T00:30:00Z'), closesAt: at('2026-12-01T05:15:00Z') });
    expect(windowState(session, at('2026-12-01T00:29:59Z'))).toBe('BEFORE');
    expect(windowState(session, at('2026-12-01T00:30:00Z'))).toBe('OPEN');
    expect(windowState(session, at('2026-12-01T03:00:00Z'))).toBe('OPEN');
    expect(windowState(session, at('2026-12-01T05:15:00Z'))).toBe('OPEN');
    expect(windowState(session, at('2026-12-01T05:15:01Z'))).toBe('OVER');
  });
});

describe('the JP rule of attendance', () => {
  it('credits once every session was attended', () => {
    expect(attendedEverySession(1, 2)).toBe(false);
    expect(attendedEverySession(2, 2)).toBe(true);
    expect(attendedEverySession(0, 0)).toBe(false);
  });
});
