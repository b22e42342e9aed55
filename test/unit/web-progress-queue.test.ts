import { gzipSync } from 'node:zlib';
import { randomBytes, randomUUID } from 'node:crypto';
// The queue's pure rules have no DOM and no imports, so the server's tsconfig compiles them for
// this test (the rest of src/web needs the DOM libraries and is checked by `npm run build:web`).
import { BATCH_SIZE, batches, devicePrefixFrom, dispositionOf, eventId, isDevicePrefix } from '../../src/web/progress/rules';

/** A UUID the server accepts (any version), here version 8 with the RFC 9562 variant. */
const V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the web app offline progress queue rules', () => {
  it('makes version-8 ids from a per-device prefix and a counter', () => {
    const prefix = devicePrefixFrom(Uint8Array.from([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x12, 0xff]));
    expect(prefix).toEqual({ hex: '0123456789abcdef12', variant: 'b' });
    expect(eventId(prefix, 1)).toBe('01234567-89ab-8cde-bf12-000000000001');
    expect(eventId(prefix, 0xabc)).toBe('01234567-89ab-8cde-bf12-000000000abc');
    for (let i = 0; i < 50; i += 1) expect(eventId(devicePrefixFrom(randomBytes(10)), i)).toMatch(V8);
    expect(() => eventId(prefix, -1)).toThrow();
    expect(() => eventId(prefix, 2 ** 48)).toThrow();
  });

  it('uses all four variant digits, so the prefix carries 74 random bits', () => {
    const variants = new Set([0, 1, 2, 3].map((low) => devicePrefixFrom(Uint8Array.from([...new Array(9).fill(0), 0xf0 | low])).variant));
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });

  it('keeps only a well-formed stored prefix', () => {
    expect(isDevicePrefix({ hex: '0123456789abcdef12', variant: '8' })).toBe(true);
    expect(isDevicePrefix({ hex: '0123456789abcdef1', variant: '8' })).toBe(false);
    expect(isDevicePrefix({ hex: '0123456789abcdef12', variant: 'c' })).toBe(false);
    expect(isDevicePrefix(null)).toBe(false);
  });

  it('compresses a batch of ids far better than random UUIDs', () => {
    const prefix = devicePrefixFrom(randomBytes(10));
    const device = JSON.stringify(Array.from({ length: BATCH_SIZE }, (_, i) => eventId(prefix, 1000 + i)));
    const random = JSON.stringify(Array.from({ length: BATCH_SIZE }, () => randomUUID()));
    expect(gzipSync(device).length * 3).toBeLessThan(gzipSync(random).length);
  });

  it('cuts the queue into batches of at most 50, in order', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    const cut = batches(items);
    expect(cut.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(cut.flat()).toEqual(items);
    expect(batches([])).toEqual([]);
  });

  it('removes what the server has, keeps retryable refusals and drops final ones', () => {
    expect(dispositionOf({ outcome: 'APPLIED' })).toBe('remove');
    expect(dispositionOf({ outcome: 'DUPLICATE' })).toBe('remove');
    expect(dispositionOf({ outcome: 'REFUSED', code: 'MODULE_LOCKED' })).toBe('keep');
    expect(dispositionOf({ outcome: 'REFUSED', code: 'COURSE_UNAVAILABLE' })).toBe('keep');
    expect(dispositionOf({ outcome: 'REFUSED', code: 'BAD_USER_INPUT' })).toBe('drop');
    expect(dispositionOf({ outcome: 'REFUSED', code: 'FORBIDDEN' })).toBe('drop');
    expect(dispositionOf({ outcome: 'REFUSED', code: null })).toBe('drop');
  });
});
