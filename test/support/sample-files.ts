import { createHash, randomBytes } from 'node:crypto';

/** Small but real files: each starts with the bytes a type detector recognises. */

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export function pdfBytes(text = `Modul Pelayanan Publik Prima ${randomBytes(6).toString('hex')}`): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\n${'% isi materi pelatihan\n'.repeat(200)}trailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

/** A 1×1 PNG followed by a unique comment-free tail, so each call gives new content. */
export function pngBytes(): Buffer {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1' +
      'f58a9c0000000049454e44ae426082',
    'hex',
  );
  return Buffer.concat([png, randomBytes(16)]);
}

/** Bytes that sniff as MP4 video: an ftyp box with the isom brand, then random data. */
export function mp4Bytes(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes.writeUInt32BE(24, 0);
  Buffer.from('ftypisom\0\0\x02\0isommp41', 'latin1').copy(bytes, 4);
  return bytes;
}

/** A short silent PCM WAV file. */
export function wavBytes(samples = 8000): Buffer {
  const data = Buffer.alloc(samples * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data, randomBytes(2)]);
}
