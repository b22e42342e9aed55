import { createHash } from 'node:crypto';
import type { ObjectStorage, StoredObjectInfo } from '../../storage/storage.port';
import type { Upload } from './upload.entity';
import { partCount, SNIFF_BYTES, sniffedTypeMatches } from './upload.rules';

export type StagedCheck =
  | { ok: true; sha256: string; size: number; contentType: string; object: StoredObjectInfo }
  | { ok: false; check: 'parts' | 'missing' | 'size' | 'checksum' | 'type'; message: string; keepPending?: boolean };

/**
 * Assembles a multipart upload from the parts storage received, then reads the object back
 * once: its SHA-256 and its real type (sniffed from the first bytes) must be what was declared.
 * Only store calls: it runs outside any transaction. A passed check answers what the object
 * looked like before it was read (`object`), so whoever keeps the bytes can tell that the
 * object is still the one verified.
 */
export async function verifyStagedObject(storage: ObjectStorage, upload: Upload): Promise<StagedCheck> {
  if (upload.multipartUploadId) {
    const assembled = await assembleParts(storage, upload);
    if (assembled) return assembled;
  }
  const stat = await storage.statObject(upload.objectKey);
  if (!stat) return { ok: false, check: 'missing', message: 'no bytes were uploaded', keepPending: true };
  if (stat.size !== upload.size) {
    return { ok: false, check: 'size', message: `size mismatch: ${stat.size} bytes arrived, ${upload.size} were declared` };
  }

  const { sha256, size, head } = await readBack(storage, upload.objectKey);
  if (size !== upload.size) {
    return { ok: false, check: 'size', message: `size mismatch: ${size} bytes arrived, ${upload.size} were declared` };
  }
  if (sha256 !== upload.sha256) {
    return { ok: false, check: 'checksum', message: 'checksum mismatch: the SHA-256 of the bytes is not the one declared' };
  }
  const sniffed = await sniffContentType(head);
  if (!sniffedTypeMatches(upload.contentType, sniffed)) {
    return {
      ok: false,
      check: 'type',
      message: `type mismatch: the bytes are ${sniffed ?? 'of an unrecognised type'}, not ${upload.contentType}`,
    };
  }
  return { ok: true, sha256, size, contentType: upload.contentType, object: stat };
}

/** Undefined when the object is (now) whole; a failed check when parts are missing or wrong. */
async function assembleParts(storage: ObjectStorage, upload: Upload): Promise<StagedCheck | undefined> {
  const parts = await storage.listParts(upload.objectKey, upload.multipartUploadId!);
  // Storage forgot the upload: a previous attempt completed it (then stat tells) or it was aborted.
  if (!parts) return undefined;
  const count = partCount(upload.size, upload.partSize!);
  const received = new Set(parts.map((part) => part.partNumber));
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((n) => !received.has(n));
  if (missing.length) {
    return {
      ok: false,
      check: 'parts',
      message: `parts ${missing.join(', ')} of ${count} have not been uploaded; ask requestMaterialUpload again for their URLs`,
      keepPending: true,
    };
  }
  const extra = parts.filter((part) => part.partNumber > count);
  const total = parts.reduce((sum, part) => sum + (part.partNumber <= count ? part.size : 0), 0);
  if (extra.length || total !== upload.size) {
    return { ok: false, check: 'size', message: `size mismatch: ${total} bytes arrived in parts, ${upload.size} were declared` };
  }
  try {
    await storage.completeMultipartUpload(upload.objectKey, upload.multipartUploadId!, parts);
  } catch (error) {
    // A completion of the same upload running next to this one assembled it first: the object is whole.
    if ((await storage.listParts(upload.objectKey, upload.multipartUploadId!)) === undefined) return undefined;
    throw error;
  }
  return undefined;
}

/**
 * Whether an object is still the one seen before: same size, ETag and modification time. A
 * presigned PUT still valid after the check could have replaced the bytes meanwhile.
 */
export function sameObject(before: StoredObjectInfo, now: StoredObjectInfo | undefined): boolean {
  return (
    now !== undefined &&
    now.size === before.size &&
    now.etag === before.etag &&
    now.lastModified.getTime() === before.lastModified.getTime()
  );
}

async function readBack(storage: ObjectStorage, key: string): Promise<{ sha256: string; size: number; head: Buffer }> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  for await (const chunk of await storage.getObject(key)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
    if (headBytes < SNIFF_BYTES) {
      head.push(bytes.subarray(0, SNIFF_BYTES - headBytes));
      headBytes += Math.min(bytes.length, SNIFF_BYTES - headBytes);
    }
  }
  return { sha256: hash.digest('hex'), size, head: Buffer.concat(head) };
}

/** file-type is ESM-only; TypeScript keeps this a real dynamic import under module Node16. */
export async function sniffContentType(head: Uint8Array): Promise<string | undefined> {
  const { fileTypeFromBuffer } = await import('file-type');
  return (await fileTypeFromBuffer(head))?.mime;
}
