import { MaterialKind } from '../../src/modules/material/material.entity';
import { checkDeclaredFile, kindTakesFiles } from '../../src/modules/material/material-file.rules';
import {
  blobKey,
  MULTIPART_THRESHOLD,
  partCount,
  partSizeFor,
  sanitizeFilename,
  sniffedTypeMatches,
  stagingKey,
  usesMultipart,
} from '../../src/modules/files/upload.rules';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

describe('upload rules', () => {
  describe('declared file per material kind', () => {
    it.each([
      [MaterialKind.VIDEO, 'video/mp4', 2 * GiB],
      [MaterialKind.VIDEO, 'video/webm', 10 * MiB],
      [MaterialKind.AUDIO, 'audio/mpeg', 500 * MiB],
      [MaterialKind.AUDIO, 'Audio/OGG; codecs=opus', 1],
      [MaterialKind.DOCUMENT, 'application/pdf', 100 * MiB],
      [MaterialKind.DOCUMENT, DOCX, 1_000],
      [MaterialKind.SLIDES, PPTX, 1_000],
      [MaterialKind.SLIDES, 'application/vnd.oasis.opendocument.presentation', 1_000],
      [MaterialKind.IMAGE, 'image/webp', 20 * MiB],
    ])('%s accepts %s of %d bytes', (kind, contentType, size) => {
      expect(checkDeclaredFile(kind, { contentType, size })).toBeUndefined();
    });

    it.each([
      [MaterialKind.VIDEO, 'video/mp4', 2 * GiB + 1, 'file.size', /2 GiB/],
      [MaterialKind.AUDIO, 'audio/wav', 500 * MiB + 1, 'file.size', /500 MiB/],
      [MaterialKind.DOCUMENT, 'application/pdf', 100 * MiB + 1, 'file.size', /100 MiB/],
      [MaterialKind.IMAGE, 'image/png', 20 * MiB + 1, 'file.size', /20 MiB/],
      [MaterialKind.IMAGE, 'image/png', 0, 'file.size', /positive/],
      [MaterialKind.IMAGE, 'image/png', 1.5, 'file.size', /whole/],
      [MaterialKind.IMAGE, 'image/svg+xml', 100, 'file.contentType', /image\/png/],
      [MaterialKind.DOCUMENT, 'text/html', 100, 'file.contentType', /application\/pdf/],
      [MaterialKind.SLIDES, DOCX, 100, 'file.contentType', /presentation/],
      [MaterialKind.TEXT, 'text/markdown', 100, 'file.contentType', /takes no file/],
      [MaterialKind.LINK, 'application/pdf', 100, 'file.contentType', /takes no file/],
      [MaterialKind.QUIZ, 'application/pdf', 100, 'file.contentType', /takes no file/],
      [MaterialKind.ASSIGNMENT, 'application/pdf', 100, 'file.contentType', /takes no file/],
    ])('%s refuses %s of %d bytes on %s', (kind, contentType, size, field, message) => {
      expect(checkDeclaredFile(kind, { contentType, size })).toEqual({ field, message: expect.stringMatching(message) });
    });

    it.each([
      [{ sha256: 'abc' }, 'file.sha256'],
      [{ sha256: 'g'.repeat(64) }, 'file.sha256'],
      [{ filename: '   ' }, 'file.filename'],
      [{ filename: 'a'.repeat(256) }, 'file.filename'],
    ])('refuses %j on %s', (declared, field) => {
      const file = { filename: 'modul.pdf', contentType: 'application/pdf', size: 10, sha256: 'AB'.repeat(32), ...declared };
      expect(checkDeclaredFile(MaterialKind.DOCUMENT, file)?.field).toBe(field);
    });

    it('accepts an upper-case checksum', () => {
      const file = { filename: 'modul.pdf', contentType: 'application/pdf', size: 10, sha256: 'AB'.repeat(32) };
      expect(checkDeclaredFile(MaterialKind.DOCUMENT, file)).toBeUndefined();
    });

    it('knows which kinds take files', () => {
      expect(Object.values(MaterialKind).filter(kindTakesFiles).sort()).toEqual(['AUDIO', 'DOCUMENT', 'IMAGE', 'SLIDES', 'VIDEO']);
    });
  });

  describe('sniffed type against the declared one', () => {
    it.each([
      ['application/pdf', 'application/pdf'],
      ['video/mp4', 'video/mp4'],
      [DOCX, DOCX],
      [DOCX, 'application/zip'],
      [PPTX, 'application/zip'],
      ['audio/mp4', 'audio/x-m4a'],
      ['audio/wav', 'audio/vnd.wave'],
      ['audio/ogg', 'audio/ogg; codecs=opus'],
      ['IMAGE/JPEG', 'image/jpeg'],
    ])('declared %s, sniffed %s: matches', (declared, sniffed) => {
      expect(sniffedTypeMatches(declared, sniffed)).toBe(true);
    });

    it.each([
      ['application/pdf', 'image/png'],
      ['application/pdf', undefined],
      ['application/pdf', 'application/zip'],
      [DOCX, PPTX],
      ['video/mp4', 'video/quicktime'],
      ['image/png', 'image/svg+xml'],
    ])('declared %s, sniffed %s: does not match', (declared, sniffed) => {
      expect(sniffedTypeMatches(declared, sniffed)).toBe(false);
    });
  });

  describe('multipart', () => {
    it('sends files over 64 MiB in parts', () => {
      expect(usesMultipart(MULTIPART_THRESHOLD)).toBe(false);
      expect(usesMultipart(MULTIPART_THRESHOLD + 1)).toBe(true);
    });

    it.each([70 * MiB, 2 * GiB, 100 * GiB, 5 * 1024 * GiB])('keeps parts of %d bytes within S3 limits', (size) => {
      const partSize = partSizeFor(size);
      expect(partSize).toBeGreaterThanOrEqual(5 * MiB);
      expect(partSize % MiB).toBe(0);
      expect(partCount(size, partSize)).toBeLessThanOrEqual(10_000);
    });

    it('uses 16 MiB parts for a 70 MiB video: five parts, the last one short', () => {
      expect(partSizeFor(70 * MiB)).toBe(16 * MiB);
      expect(partCount(70 * MiB, 16 * MiB)).toBe(5);
    });
  });

  describe('keys and filenames', () => {
    it('never builds object keys from filenames', () => {
      expect(stagingKey('0b6c2f0e-7a51-4f2b-9d7c-3c1f1a2b3c4d')).toBe('uploads/0b6c2f0e-7a51-4f2b-9d7c-3c1f1a2b3c4d');
      expect(blobKey('ab'.repeat(32))).toBe(`blobs/${'ab'.repeat(32)}`);
    });

    it.each([
      ['Modul 1 - Pelayanan Publik.pdf', 'Modul 1 - Pelayanan Publik.pdf'],
      ['../../etc/passwd', 'passwd'],
      ['C:\\Users\\guru\\Materi Ajar.pptx', 'Materi Ajar.pptx'],
      ['laporan\u0000\u202e.pdf', 'laporan.pdf'],
      ['jadwal:"baru"?.pdf', 'jadwal__baru__.pdf'],
      ['  Rencana   Aksi\t2026.docx ', 'Rencana Aksi 2026.docx'],
      ['.htaccess', 'htaccess'],
      ['', 'berkas'],
      ['...', 'berkas'],
      ['Materi — Ṡibolga 日本.pdf', 'Materi — Ṡibolga 日本.pdf'],
    ])('sanitises %j to %j', (input, expected) => {
      expect(sanitizeFilename(input)).toBe(expected);
    });

    it('bounds long names and keeps the extension', () => {
      const name = sanitizeFilename(`${'a'.repeat(500)}.pdf`);
      expect(name).toHaveLength(200);
      expect(name.endsWith('.pdf')).toBe(true);
    });
  });
});
