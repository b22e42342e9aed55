import { open, readFile } from 'node:fs/promises';
import { PublishError } from './errors';
import type { LocalFile } from './files';
import type { UploadProgress } from './progress';
import { withoutSignature } from './remote';

export interface UploadTicket {
  uploadId: string;
  url: string | null;
  method: string;
  headers: { name: string; value: string }[];
  multipart: boolean;
  partSize: number | null;
  partCount: number | null;
  parts: { partNumber: number; url: string }[];
}

export const fileInput = (file: LocalFile) => ({ filename: file.filename, contentType: file.contentType, size: file.size, sha256: file.sha256 });

/**
 * Sends a file's bytes where the ticket says: one PUT of the whole file, or one PUT per part
 * still missing (asking again for the same file answers only those, so an interrupted upload
 * resumes). Reads one part at a time, so big files need not fit in memory.
 */
export async function sendBytes(ticket: UploadTicket, file: LocalFile, progress: UploadProgress): Promise<void> {
  const headers = Object.fromEntries(ticket.headers.map((header) => [header.name, header.value]));
  progress.start(file.relativePath);
  if (!ticket.multipart) {
    if (!ticket.url) throw new PublishError(`upload of ${file.relativePath}: the ticket has no URL`);
    await put(ticket.url, ticket.method, headers, await readFile(file.absolutePath), file);
    progress.advance(file.size);
    return;
  }
  const partSize = ticket.partSize ?? file.size;
  const missing = new Set(ticket.parts.map((part) => part.partNumber));
  // Parts sent before an interruption are already stored: they count as done.
  const partCount = ticket.partCount ?? ticket.parts.length;
  for (let number = 1; number <= partCount; number += 1) {
    if (!missing.has(number)) progress.advance(Math.min(partSize, file.size - (number - 1) * partSize));
  }
  const handle = await open(file.absolutePath, 'r');
  try {
    for (const part of ticket.parts) {
      const start = (part.partNumber - 1) * partSize;
      const length = Math.min(partSize, file.size - start);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, start);
      await put(part.url, ticket.method, headers, buffer, file);
      progress.advance(length);
    }
  } finally {
    await handle.close();
  }
}

async function put(url: string, method: string, headers: Record<string, string>, body: Buffer, file: LocalFile): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: method || 'PUT', headers, body });
  } catch (error) {
    throw new PublishError(`upload of ${file.relativePath} to ${withoutSignature(url)} failed: ${(error as Error).message}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new PublishError(`upload of ${file.relativePath} to ${withoutSignature(url)}: HTTP ${response.status}`);
  }
  await response.body?.cancel();
}
