/**
 * Sends a file straight to the object store by the presigned URLs of an UploadTicket, as the
 * schema describes it: small files in one PUT of the whole body, large files in parts (one PUT
 * each). Asking for a ticket again for the same file (same SHA-256 and size) answers only the parts
 * the store still lacks, so a dropped connection costs at most the part that was on its way:
 * `uploadFile` is simply called again, after a failure or after a reload with the same file.
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 */
import type { FileInput } from '../gql/graphql';
import { Sha256 } from './sha256-incremental';

export interface UploadTicket {
  uploadId: string;
  url?: string | null;
  method: string;
  headers: { name: string; value: string }[];
  multipart: boolean;
  partSize?: number | null;
  partCount?: number | null;
  parts: { partNumber: number; url: string }[];
}

export type UploadPhase = 'hashing' | 'sending' | 'completing';

export interface UploadProgress {
  phase: UploadPhase;
  /** Bytes hashed or known to be at the store. */
  done: number;
  total: number;
}

/** Why the bytes did not reach the store: `offline` (no answer, cut or stalled) is worth resuming as is. */
export class UploadFailed extends Error {
  constructor(
    readonly reason: 'offline' | 'refused',
    readonly status?: number,
  ) {
    super(reason === 'offline' ? 'the connection to the file store was lost' : `the file store answered ${status}`);
  }
}

/** The person stopped the upload. What already reached the store stays there for a resume (the API's clean-up removes it if nobody resumes). */
export class UploadCancelled extends Error {
  constructor() {
    super('the upload was cancelled');
  }
}

/** No progress for this long: the link is as good as cut (a weak link stalls rather than fails). */
const STALL_MS = 60_000;
const HASH_CHUNK = 4 * 1024 * 1024;
/** Hashed in one go by the browser below this size; larger files are read in chunks (memory). */
const ONE_SHOT_HASH_LIMIT = 64 * 1024 * 1024;

export interface UploadOptions<T> {
  file: File;
  /** Asks the API for a ticket (requestMaterialUpload…); asked again on every resume. */
  request: (file: FileInput) => Promise<UploadTicket>;
  /** Tells the API the bytes are there (completeMaterialUpload…), which verifies them. */
  complete: (uploadId: string) => Promise<T>;
  onProgress: (progress: UploadProgress) => void;
  /** Where to keep what a resume after a reload needs (the hash, the upload id). */
  memoryKey: string;
  /** Aborting it stops hashing or sending at once, with UploadCancelled; the API is not told to complete. */
  signal?: AbortSignal;
}

export async function uploadFile<T>({ file, request, complete, onProgress, memoryKey, signal }: UploadOptions<T>): Promise<T> {
  const stopIfCancelled = () => {
    if (signal?.aborted) throw new UploadCancelled();
  };
  const total = file.size;
  const identity = identityOf(file);
  const remembered = recall(memoryKey);
  let sha256 = remembered?.identity === identity ? remembered.sha256 : undefined;
  if (!sha256) {
    onProgress({ phase: 'hashing', done: 0, total });
    sha256 = await fileSha256(file, (done) => {
      stopIfCancelled();
      onProgress({ phase: 'hashing', done, total });
    });
  }
  stopIfCancelled();
  const contentType = contentTypeOf(file);
  const ticket = await request({ filename: file.name, contentType, size: total, sha256 });
  stopIfCancelled();
  remember(memoryKey, { identity, sha256, uploadId: ticket.uploadId, filename: file.name, size: total });
  const headers = ticket.headers.map(({ name, value }) => [name, value] as const);

  if (!ticket.multipart) {
    onProgress({ phase: 'sending', done: 0, total });
    await put(ticket.method, ticket.url!, headers, file, (sent) => onProgress({ phase: 'sending', done: sent, total }), signal);
  } else {
    const partSize = ticket.partSize!;
    const sizeOf = (n: number) => Math.min(partSize, total - (n - 1) * partSize);
    // What the ticket does not list is already at the store.
    let done = total - ticket.parts.reduce((sum, part) => sum + sizeOf(part.partNumber), 0);
    onProgress({ phase: 'sending', done, total });
    for (const part of ticket.parts) {
      const start = (part.partNumber - 1) * partSize;
      const body = file.slice(start, start + partSize);
      const before = done;
      try {
        await put(ticket.method, part.url, headers, body, (sent) => onProgress({ phase: 'sending', done: before + sent, total }), signal);
      } catch (error) {
        // What a cut part had sent is lost: the bar goes back to what the store holds.
        onProgress({ phase: 'sending', done: before, total });
        throw error;
      }
      done = before + body.size;
      onProgress({ phase: 'sending', done, total });
    }
  }
  stopIfCancelled();
  onProgress({ phase: 'completing', done: total, total });
  const result = await complete(ticket.uploadId);
  forget(memoryKey);
  return result;
}

function put(method: string, url: string, headers: readonly (readonly [string, string])[], body: Blob, onSent: (bytes: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UploadCancelled());
    const xhr = new XMLHttpRequest();
    const cancel = () => xhr.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    let stall: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(() => xhr.abort(), STALL_MS);
    };
    xhr.open(method, url);
    for (const [name, value] of headers) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      watch();
      onSent(event.loaded);
    };
    xhr.onload = () => {
      clearTimeout(stall);
      signal?.removeEventListener('abort', cancel);
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(new UploadFailed('refused', xhr.status));
    };
    // A cut connection, a refused CORS preflight and a stall all look alike from here.
    xhr.onerror = xhr.onabort = xhr.ontimeout = () => {
      clearTimeout(stall);
      signal?.removeEventListener('abort', cancel);
      reject(signal?.aborted ? new UploadCancelled() : new UploadFailed('offline'));
    };
    watch();
    xhr.send(body);
  });
}

/** Name, size and date: a file picked again after a reload is recognised without reading it. */
const identityOf = (file: File) => `${file.name}\u0000${file.size}\u0000${file.lastModified}`;

const EXTENSION_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odp: 'application/vnd.oasis.opendocument.presentation',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
};

/** The browser's type, or one from the extension when it has none (some phones give none). */
export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const extension = /\.(\w+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  return EXTENSION_TYPES[extension] ?? 'application/octet-stream';
}

// ---- what a resume needs, kept on the device --------------------------------------------

export interface PendingUpload {
  identity: string;
  sha256: string;
  uploadId: string;
  filename: string;
  size: number;
}

const MEMORY_PREFIX = 'pelita.upload.';

export function recall(key: string): PendingUpload | undefined {
  try {
    return (JSON.parse(localStorage.getItem(MEMORY_PREFIX + key) ?? 'null') as PendingUpload | null) ?? undefined;
  } catch {
    return undefined;
  }
}

function remember(key: string, pending: PendingUpload): void {
  try {
    localStorage.setItem(MEMORY_PREFIX + key, JSON.stringify(pending));
  } catch {
    // Storage refused: a resume after a reload hashes the file again; the server still resumes.
  }
}

function forget(key: string): void {
  try {
    localStorage.removeItem(MEMORY_PREFIX + key);
  } catch {
    // nothing kept
  }
}

// ---- SHA-256 of a file ---------------------------------------------------------------------

/**
 * The browser's digest for files that fit in memory comfortably; larger ones (videos up to 2 GiB)
 * through an incremental SHA-256 over 4 MiB slices, so a phone never holds the whole file. Without
 * crypto.subtle (plain http on a LAN address) every file goes the incremental way.
 */
export async function fileSha256(file: Blob, onHashed: (bytes: number) => void = () => undefined): Promise<string> {
  if (globalThis.crypto?.subtle && file.size <= ONE_SHOT_HASH_LIMIT) {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    onHashed(file.size);
    return hex(new Uint8Array(digest));
  }
  const hash = new Sha256();
  for (let offset = 0; offset < file.size; offset += HASH_CHUNK) {
    hash.update(new Uint8Array(await file.slice(offset, offset + HASH_CHUNK).arrayBuffer()));
    onHashed(Math.min(file.size, offset + HASH_CHUNK));
  }
  return hex(hash.digest());
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
