import { createHash, randomBytes } from 'node:crypto';
// DOM-free, so the server's tsconfig compiles it for this test (see web-progress-queue.test.ts).
import { Sha256 } from '../../src/web/api/sha256-incremental';
import { sha256 } from '../../src/web/api/sha256';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const reference = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The digest of `bytes` fed in pieces cut at `cuts`. */
function inPieces(bytes: Buffer, cuts: number[]): string {
  const hash = new Sha256();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    hash.update(new Uint8Array(bytes.buffer, bytes.byteOffset + from, cut - from));
    from = cut;
  }
  return hex(hash.digest());
}

describe("the web app's incremental SHA-256 (uploads hash large files in slices)", () => {
  it('matches the standard test vectors', () => {
    expect(inPieces(Buffer.alloc(0), [])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(inPieces(Buffer.from('abc'), [])).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(inPieces(Buffer.from('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), [])).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('gives the same digest however the bytes are cut, around every block and padding boundary', () => {
    for (const size of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096 + 7]) {
      const bytes = randomBytes(size);
      const expected = reference(bytes);
      expect(inPieces(bytes, [])).toBe(expected);
      expect(inPieces(bytes, [Math.floor(size / 2)])).toBe(expected);
      expect(inPieces(bytes, Array.from({ length: size - 1 }, (_, i) => i + 1))).toBe(expected);
      const random = [...new Set(Array.from({ length: 5 }, () => Math.floor(Math.random() * size)))].sort((a, b) => a - b);
      expect([size, inPieces(bytes, random)]).toEqual([size, expected]);
    }
  });

  it('hashes 20 MiB in 4 MiB slices as one piece would', () => {
    const bytes = randomBytes(20 * 1024 * 1024 + 3);
    const cuts = Array.from({ length: 5 }, (_, i) => (i + 1) * 4 * 1024 * 1024);
    expect(inPieces(bytes, cuts)).toBe(reference(bytes));
  });

  it('hashes in one go for persisted queries where crypto.subtle is missing (plain http on a LAN)', () => {
    for (const length of [0, 55, 56, 64, 1000]) {
      const bytes = randomBytes(length);
      expect(hex(sha256(new Uint8Array(bytes)))).toBe(reference(bytes));
    }
  });
});
