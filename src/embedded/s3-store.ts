import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { noSuchBucket, noSuchKey, noSuchUpload, S3Error } from './s3-errors';

/**
 * The embedded store's files. Each object is a JSON record (named by the SHA-256 of its key, so
 * any key fits a file name) pointing at an immutable data file: replacing an object writes a new
 * data file and swaps the record by rename, so a reader that opened the old data keeps reading
 * whole bytes. Multipart uploads keep each part as its own file until completion.
 *
 *   <root>/buckets/<bucket>/objects/<sha256(key)>.json   ObjectRecord
 *   <root>/buckets/<bucket>/data/<random>                the bytes
 *   <root>/buckets/<bucket>/uploads/<uploadId>/upload.json, part-<n>, part-<n>.json
 *   <root>/incoming/<pid>/                               bodies being received
 */

export interface ObjectRecord {
  key: string;
  size: number;
  /** Without quotes: md5 hex, or md5-of-md5s "-N" for a multipart object. */
  etag: string;
  lastModified: string;
  /** Content-Type, Cache-Control, Content-Disposition… and x-amz-meta-* as stored, lower-case names. */
  headers: Record<string, string>;
  data: string;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
}

export interface UploadRecord {
  key: string;
  uploadId: string;
  initiated: string;
  headers: Record<string, string>;
}

/** A body received into a temporary file, with the digests computed on the way in. */
export interface ReceivedBody {
  file: string;
  size: number;
  md5: Buffer;
  sha256: Buffer;
}

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export class FileStore {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly root: string) {}

  async open(): Promise<void> {
    await mkdir(path.join(this.root, 'buckets'), { recursive: true });
    await mkdir(path.join(this.root, 'incoming'), { recursive: true });
    // Bodies cut off by a crash are never completed. Each process receives into its own folder,
    // so a second process on the same DATA_DIR (npm run storage:gc) leaves the API's alone.
    for (const name of await readdir(path.join(this.root, 'incoming'))) {
      if (name === String(process.pid) || !isAlive(Number(name))) await rm(path.join(this.root, 'incoming', name), { recursive: true, force: true });
    }
    await mkdir(this.incomingDir(), { recursive: true });
  }

  incomingDir(): string {
    return path.join(this.root, 'incoming', String(process.pid));
  }

  newIncomingFile(): string {
    return path.join(this.incomingDir(), randomBytes(12).toString('hex'));
  }

  // ---- buckets -------------------------------------------------------------------------

  async createBucket(bucket: string): Promise<void> {
    try {
      await mkdir(this.bucketDir(bucket), { recursive: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
      }
      throw error;
    }
    await Promise.all(['objects', 'data', 'uploads'].map((dir) => mkdir(path.join(this.bucketDir(bucket), dir), { recursive: true })));
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return exists(path.join(this.bucketDir(bucket), 'objects'));
  }

  async listBuckets(): Promise<{ name: string; created: Date }[]> {
    const names = await readdir(path.join(this.root, 'buckets'));
    return Promise.all(names.map(async (name) => ({ name, created: (await stat(this.bucketDir(name))).birthtime })));
  }

  async deleteBucket(bucket: string): Promise<void> {
    await this.requireBucket(bucket);
    const [objects, uploads] = await Promise.all([readdir(this.objectsDir(bucket)), readdir(this.uploadsDir(bucket))]);
    if (objects.length || uploads.length) throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
    await rm(this.bucketDir(bucket), { recursive: true, force: true });
  }

  // ---- objects -------------------------------------------------------------------------

  async head(bucket: string, key: string): Promise<ObjectRecord> {
    await this.requireBucket(bucket);
    const record = await readJson<ObjectRecord>(this.recordPath(bucket, key));
    if (!record) throw noSuchKey();
    return record;
  }

  /** Opens the bytes of the current version; the stream keeps them even if the object is replaced meanwhile. */
  async read(bucket: string, key: string, range?: { start: number; end: number }): Promise<{ record: ObjectRecord; body: Readable }> {
    for (let attempt = 0; ; attempt += 1) {
      const record = await this.head(bucket, key);
      try {
        const handle = await open(path.join(this.dataDir(bucket), record.data), 'r');
        const body = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
        return { record, body };
      } catch (error) {
        // Replaced between reading the record and opening its data: read the new record.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 2) throw error;
      }
    }
  }

  async put(bucket: string, key: string, body: ReceivedBody, headers: Record<string, string>): Promise<ObjectRecord> {
    await this.requireBucket(bucket);
    return this.commit(bucket, key, body.file, { size: body.size, etag: body.md5.toString('hex'), headers });
  }

  async copy(bucket: string, sourceKey: string, targetKey: string, replaceHeaders?: Record<string, string>): Promise<ObjectRecord> {
    const source = await this.head(bucket, sourceKey);
    const file = this.newIncomingFile();
    await copyFile(path.join(this.dataDir(bucket), source.data), file);
    return this.commit(bucket, targetKey, file, { size: source.size, etag: source.etag, headers: replaceHeaders ?? source.headers });
  }

  async remove(bucket: string, key: string): Promise<void> {
    await this.requireBucket(bucket);
    await this.withLock(`object:${bucket}/${key}`, async () => {
      const record = await readJson<ObjectRecord>(this.recordPath(bucket, key));
      if (!record) return;
      await unlink(this.recordPath(bucket, key));
      await rm(path.join(this.dataDir(bucket), record.data), { force: true });
    });
  }

  async list(bucket: string): Promise<ObjectRecord[]> {
    await this.requireBucket(bucket);
    const names = (await readdir(this.objectsDir(bucket))).filter((name) => name.endsWith('.json'));
    const records = await Promise.all(names.map((name) => readJson<ObjectRecord>(path.join(this.objectsDir(bucket), name))));
    return records.filter((record): record is ObjectRecord => record !== undefined).sort((a, b) => compareKeys(a.key, b.key));
  }

  // ---- multipart -----------------------------------------------------------------------

  async initiateUpload(bucket: string, key: string, headers: Record<string, string>): Promise<UploadRecord> {
    await this.requireBucket(bucket);
    // A letter first: XML parsers in clients turn an all-digit id into a number.
    const upload: UploadRecord = { key, uploadId: `u${randomBytes(24).toString('base64url')}`, initiated: new Date().toISOString(), headers };
    const dir = this.uploadDir(bucket, upload.uploadId);
    await mkdir(dir, { recursive: true });
    await writeJson(path.join(dir, 'upload.json'), upload);
    return upload;
  }

  async putPart(bucket: string, key: string, uploadId: string, partNumber: number, body: ReceivedBody): Promise<PartRecord> {
    await this.requireUpload(bucket, key, uploadId);
    const dir = this.uploadDir(bucket, uploadId);
    const part: PartRecord = { partNumber, etag: body.md5.toString('hex'), size: body.size, lastModified: new Date().toISOString() };
    return this.withLock(`upload:${uploadId}`, async () => {
      // Aborted or completed while the body was arriving.
      if (!(await exists(dir))) throw noSuchUpload();
      await rename(body.file, path.join(dir, `part-${partNumber}`));
      await writeJson(path.join(dir, `part-${partNumber}.json`), part);
      return part;
    });
  }

  async listParts(bucket: string, key: string, uploadId: string): Promise<PartRecord[]> {
    await this.requireUpload(bucket, key, uploadId);
    const dir = this.uploadDir(bucket, uploadId);
    const names = (await readdirIfExists(dir)).filter((name) => /^part-\d+\.json$/.test(name));
    const parts = await Promise.all(names.map((name) => readJson<PartRecord>(path.join(dir, name))));
    return parts.filter((part): part is PartRecord => part !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  async listUploads(bucket: string): Promise<UploadRecord[]> {
    await this.requireBucket(bucket);
    const ids = await readdir(this.uploadsDir(bucket));
    const uploads = await Promise.all(ids.map((id) => readJson<UploadRecord>(path.join(this.uploadDir(bucket, id), 'upload.json'))));
    return uploads
      .filter((upload): upload is UploadRecord => upload !== undefined)
      .sort((a, b) => compareKeys(a.key, b.key) || a.initiated.localeCompare(b.initiated) || compareKeys(a.uploadId, b.uploadId));
  }

  async completeUpload(bucket: string, key: string, uploadId: string, requested: { partNumber: number; etag: string }[]): Promise<ObjectRecord> {
    const upload = await this.requireUpload(bucket, key, uploadId);
    return this.withLock(`upload:${uploadId}`, async () => {
      const stored = new Map((await this.listParts(bucket, key, uploadId)).map((part) => [part.partNumber, part]));
      if (!requested.length) throw new S3Error(400, 'MalformedXML', 'You must specify at least one part');
      const chosen: PartRecord[] = [];
      for (const [index, want] of requested.entries()) {
        if (index > 0 && want.partNumber <= requested[index - 1]!.partNumber) {
          throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
        }
        const part = stored.get(want.partNumber);
        if (!part || part.etag !== want.etag.replace(/"/g, '').toLowerCase()) {
          throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part\'s entity tag.');
        }
        chosen.push(part);
      }
      for (const part of chosen.slice(0, -1)) {
        if (part.size < MIN_PART_SIZE) throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
      }
      const dir = this.uploadDir(bucket, uploadId);
      const file = this.newIncomingFile();
      try {
        // One stream reading the parts in turn: a pipeline per part would pile listeners on `out`.
        const parts = chosen.map((part) => path.join(dir, `part-${part.partNumber}`));
        await pipeline(Readable.from(readInTurn(parts)), createWriteStream(file));
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
      const md5s = Buffer.concat(chosen.map((part) => Buffer.from(part.etag, 'hex')));
      const etag = `${createHash('md5').update(md5s).digest('hex')}-${chosen.length}`;
      const size = chosen.reduce((sum, part) => sum + part.size, 0);
      const record = await this.commit(bucket, key, file, { size, etag, headers: upload.headers });
      await rm(dir, { recursive: true, force: true });
      return record;
    });
  }

  async abortUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.requireUpload(bucket, key, uploadId);
    await this.withLock(`upload:${uploadId}`, () => rm(this.uploadDir(bucket, uploadId), { recursive: true, force: true }));
  }

  // ---- internals -----------------------------------------------------------------------

  /** Moves a received file in as the object's new bytes and swaps the record; the old bytes go after. */
  private commit(bucket: string, key: string, file: string, fields: { size: number; etag: string; headers: Record<string, string> }): Promise<ObjectRecord> {
    return this.withLock(`object:${bucket}/${key}`, async () => {
      const previous = await readJson<ObjectRecord>(this.recordPath(bucket, key));
      const data = randomBytes(16).toString('hex');
      await rename(file, path.join(this.dataDir(bucket), data));
      const record: ObjectRecord = { key, ...fields, lastModified: new Date().toISOString(), data };
      await writeJson(this.recordPath(bucket, key), record);
      if (previous) await rm(path.join(this.dataDir(bucket), previous.data), { force: true });
      return record;
    });
  }

  async requireBucket(bucket: string): Promise<void> {
    if (!(await this.bucketExists(bucket))) throw noSuchBucket();
  }

  private async requireUpload(bucket: string, key: string, uploadId: string): Promise<UploadRecord> {
    await this.requireBucket(bucket);
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(uploadId)) throw noSuchUpload();
    const upload = await readJson<UploadRecord>(path.join(this.uploadDir(bucket, uploadId), 'upload.json'));
    if (!upload || upload.key !== key) throw noSuchUpload();
    return upload;
  }

  /** Serialises the steps that read and swap one record (this store runs in one process). */
  private async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(name) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(work);
    this.locks.set(name, current);
    try {
      return await current;
    } finally {
      if (this.locks.get(name) === current) this.locks.delete(name);
    }
  }

  private bucketDir(bucket: string): string {
    return path.join(this.root, 'buckets', bucket);
  }

  private objectsDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'objects');
  }

  private dataDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'data');
  }

  private uploadsDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'uploads');
  }

  private uploadDir(bucket: string, uploadId: string): string {
    return path.join(this.uploadsDir(bucket), uploadId);
  }

  private recordPath(bucket: string, key: string): string {
    return path.join(this.objectsDir(bucket), `${createHash('sha256').update(key).digest('hex')}.json`);
  }
}

async function* readInTurn(files: string[]): AsyncGenerator<Buffer> {
  for (const file of files) {
    for await (const chunk of createReadStream(file)) yield chunk as Buffer;
  }
}

/** S3 lists keys in UTF-8 binary order. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Write then rename: a reader sees the old record or the new one, never half of one. */
async function writeJson(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(value));
  await rename(temporary, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readdirIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload();
    throw error;
  }
}
