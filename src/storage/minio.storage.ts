import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client, CopyDestinationOptions, CopySourceOptions } from 'minio';
import type { StorageAddress, StorageEndpoint } from '../config';
import { appError, ErrorCode, RETRY_AFTER_SECONDS } from '../errors';
import { IMMUTABLE_CACHE_CONTROL, IMMUTABLE_SIGNING_WINDOW_SECONDS, type ObjectStorage, type PresignedGetOptions, type StoredObjectInfo, type UploadedPart } from './storage.port';

const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** Long enough for a large export over a slow link; the URL never leaves the process. */
const PUT_FILE_SECONDS = 3600;
const PUT_FILE_IDLE_MS = 60_000;

export class MinioStorage implements ObjectStorage {
  readonly bucket: string;
  private readonly client: Client;
  /**
   * Signs the URLs handed to browsers and phones. SigV4 signs the host, so a URL must be signed
   * for the address the client will use (MINIO_PUBLIC_URL), not the one the API uses inside its
   * network; the signature still verifies at the store, which sees that public host. Presigning
   * is local computation: this client never opens a connection (its region is fixed).
   */
  private readonly signer: Client;
  private readonly region: string;

  constructor(endpoint: StorageEndpoint) {
    this.bucket = endpoint.bucket;
    this.region = endpoint.region;
    const clientFor = (address: StorageAddress) =>
      new Client({
        endPoint: address.endPoint,
        port: address.port,
        useSSL: address.useSSL,
        accessKey: endpoint.accessKey,
        secretKey: endpoint.secretKey,
        region: endpoint.region,
        // Path-style works on MinIO, RADOS Gateway and local endpoints without wildcard DNS.
        pathStyle: true,
      });
    this.client = clientFor(endpoint);
    this.signer = endpoint.publicAddress ? clientFor(endpoint.publicAddress) : this.client;
  }

  async ensureBucket(): Promise<void> {
    if (await this.client.bucketExists(this.bucket)) return;
    try {
      await this.client.makeBucket(this.bucket, this.region);
    } catch (error) {
      // Another API process created it between our check and our request.
      if (!isS3Code(error, 'BucketAlreadyOwnedByYou') && !isS3Code(error, 'BucketAlreadyExists')) throw error;
    }
  }

  async allowBrowserAccess(origins: string[]): Promise<'set' | 'unchanged' | 'unsupported'> {
    // Bucket CORS is one document, replaced whole: two processes adding their origins at once
    // (API replicas, or test apps on their own ports) can each overwrite the other's with what
    // they read before. So after writing, wait longer than a read-then-write takes (any write
    // based on an older read has landed by then), read again, and write again if this process's
    // origins were lost; random pauses put concurrent writers out of step.
    for (let attempt = 0; attempt < CORS_ATTEMPTS; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, CORS_SETTLE_MS + Math.random() * CORS_SETTLE_MS));
      let current: string;
      try {
        current = await this.bucketCors();
      } catch (error) {
        if (isS3Code(error, 'NotImplemented')) return 'unsupported';
        throw error;
      }
      const body = corsWithOrigins(current, origins);
      if (!body) return attempt === 0 ? 'unchanged' : 'set';
      try {
        await this.client.makeRequestAsync(
          { method: 'PUT', bucketName: this.bucket, query: 'cors', headers: { 'Content-MD5': createHash('md5').update(body).digest('base64') } },
          body,
          [200],
        );
      } catch (error) {
        if (isS3Code(error, 'NotImplemented')) return 'unsupported';
        throw error;
      }
    }
    throw new Error(`the bucket's CORS rule kept losing ${origins.join(', ')}: another process is rewriting it`);
  }

  /** The bucket's CORS configuration as XML; empty when it has none. */
  private async bucketCors(): Promise<string> {
    try {
      const response = await this.client.makeRequestAsync({ method: 'GET', bucketName: this.bucket, query: 'cors' }, '', [200]);
      const chunks: Buffer[] = [];
      for await (const chunk of response) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      if (isS3Code(error, 'NoSuchCORSConfiguration')) return '';
      throw error;
    }
  }

  async ping(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) {
      throw new Error(`bucket ${this.bucket} does not exist`);
    }
  }

  async putObject(key: string, body: Buffer | Readable, size: number, contentType: string): Promise<void> {
    await this.guard(() => this.client.putObject(this.bucket, key, body, size, { 'Content-Type': contentType }));
  }

  /**
   * minio-js reads a stream of up to its part size into one buffer to sign the request; a
   * presigned PUT signs only the address, so the file goes out as it is read, its length known.
   * Signed for the internal address: this request is the API's own, not a client's.
   */
  async putFile(key: string, filePath: string, size: number, contentType: string): Promise<void> {
    const url = new URL(await this.guard(() => this.client.presignedPutObject(this.bucket, key, PUT_FILE_SECONDS)));
    await this.guard(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = (url.protocol === 'https:' ? https : http).request(
            url,
            { method: 'PUT', headers: { 'content-length': String(size), 'content-type': contentType } },
            (response) => {
              response.resume();
              response.on('error', reject);
              response.on('end', () => {
                const status = response.statusCode ?? 0;
                if (status >= 200 && status < 300) resolve();
                else reject(new Error(`PUT ${key} answered ${status}`));
              });
            },
          );
          request.on('error', reject);
          // A store that stops answering must not hold the job for ever: the socket's idle time is capped.
          request.setTimeout(PUT_FILE_IDLE_MS, () => request.destroy(new Error(`PUT ${key}: no progress for ${PUT_FILE_IDLE_MS / 1000} s`)));
          pipeline(createReadStream(filePath), request).catch(reject);
        }),
    );
  }

  getObject(key: string): Promise<Readable> {
    return this.guard(() => this.client.getObject(this.bucket, key));
  }

  async statObject(key: string): Promise<StoredObjectInfo | undefined> {
    try {
      const stat = await this.client.statObject(this.bucket, key);
      return {
        size: stat.size,
        etag: stat.etag,
        contentType: (stat.metaData?.['content-type'] as string | undefined) ?? undefined,
        lastModified: stat.lastModified,
      };
    } catch (error) {
      if (isS3Code(error, 'NotFound') || isS3Code(error, 'NoSuchKey')) return undefined;
      throw storageUnavailable(error);
    }
  }

  async removeObject(key: string): Promise<void> {
    await this.guard(() => this.client.removeObject(this.bucket, key));
  }

  presignedPutUrl(key: string, expiresInSeconds: number): Promise<string> {
    return this.guard(() => this.signer.presignedPutObject(this.bucket, key, clampExpiry(expiresInSeconds)));
  }

  presignedGetUrl(key: string, expiresInSeconds: number, options: PresignedGetOptions = {}): Promise<string> {
    const responseHeaders: Record<string, string> = {};
    if (options.downloadFilename) {
      responseHeaders['response-content-disposition'] = contentDisposition(options.downloadFilename);
    }
    if (options.contentType) responseHeaders['response-content-type'] = options.contentType;
    if (!options.immutable) {
      return this.guard(() => this.signer.presignedGetObject(this.bucket, key, clampExpiry(expiresInSeconds), responseHeaders));
    }
    responseHeaders['response-cache-control'] = IMMUTABLE_CACHE_CONTROL;
    const windowMs = IMMUTABLE_SIGNING_WINDOW_SECONDS * 1000;
    const signedAt = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    // Counted from the window's start: still `expiresInSeconds` from now at the window's end.
    const expiry = clampExpiry(expiresInSeconds + IMMUTABLE_SIGNING_WINDOW_SECONDS);
    return this.guard(() => this.signer.presignedGetObject(this.bucket, key, expiry, responseHeaders, signedAt));
  }

  async copyObject(sourceKey: string, targetKey: string): Promise<void> {
    await this.guard(() =>
      this.client.copyObject(
        new CopySourceOptions({ Bucket: this.bucket, Object: sourceKey }),
        new CopyDestinationOptions({ Bucket: this.bucket, Object: targetKey }),
      ),
    );
  }

  initiateMultipartUpload(key: string): Promise<string> {
    return this.guard(() => this.client.initiateNewMultipartUpload(this.bucket, key, {}));
  }

  presignedPartUrl(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string> {
    return this.guard(() =>
      this.signer.presignedUrl('PUT', this.bucket, key, clampExpiry(expiresInSeconds), {
        partNumber: String(partNumber),
        uploadId,
      }),
    );
  }

  async listParts(key: string, uploadId: string): Promise<UploadedPart[] | undefined> {
    try {
      // listParts is public S3 API, but minio-js declares its method protected.
      const client = this.client as unknown as MultipartClient;
      const parts = await client.listParts(this.bucket, key, uploadId);
      return parts.map((part) => ({ partNumber: part.part, etag: part.etag, size: part.size }));
    } catch (error) {
      // AWS and MinIO answer NoSuchUpload; RADOS Gateway (Ceph 16) answers NoSuchKey for an
      // upload that was completed or aborted. Either way there is nothing left to list.
      if (isS3Code(error, 'NoSuchUpload') || isS3Code(error, 'NoSuchKey')) return undefined;
      throw storageUnavailable(error);
    }
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void> {
    const etags = [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ part: p.partNumber, etag: p.etag }));
    await this.guard(() => this.client.completeMultipartUpload(this.bucket, key, uploadId, etags));
  }

  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.client.abortMultipartUpload(this.bucket, key, uploadId);
    } catch (error) {
      if (isS3Code(error, 'NoSuchUpload')) return;
      throw storageUnavailable(error);
    }
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw storageUnavailable(error);
    }
  }
}

interface MultipartClient {
  listParts(bucket: string, key: string, uploadId: string): Promise<{ part: number; etag: string; size: number }[]>;
}

function clampExpiry(seconds: number): number {
  return Math.max(1, Math.min(MAX_PRESIGN_SECONDS, Math.floor(seconds)));
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name, so names in any script survive. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const CORS_RULE_ID = 'pelita-browser-uploads';
/** Enough for every app of a parallel test run at once; a deployment has one or two. */
const MAX_CORS_ORIGINS = 50;
/** Writes and re-reads before giving up on a bucket CORS rule that others keep rewriting. */
const CORS_ATTEMPTS = 8;
/** Longer than one read and one write of the CORS document take. */
const CORS_SETTLE_MS = 300;
/** What the app's pages do with presigned URLs: upload (PUT), and read a material to keep it offline (GET, HEAD). */
const BROWSER_METHODS = ['PUT', 'GET', 'HEAD'];
const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function isS3Code(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === code;
}

function storageUnavailable(cause: unknown) {
  const error = appError(ErrorCode.STORAGE_UNAVAILABLE, 'Object storage is unavailable; try again later', {
    retryable: true,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/**
 * The bucket's CORS document with these origins allowed to PUT, GET and HEAD, or null when it
 * allows them already. One rule of our own (by its ID); rules an operator added stay as they
 * are. It keeps the newest origins only: a store shared by many test runs, each on its own port,
 * stays small.
 */
function corsWithOrigins(current: string, origins: string[]): string | null {
  const rules = current.match(/<CORSRule>[\s\S]*?<\/CORSRule>/g) ?? [];
  // A rule that lets the origin PUT only (as this method once set it) is not enough: the app GETs too.
  const allowsAll = (origin: string) =>
    rules.some(
      (rule) =>
        BROWSER_METHODS.every((method) => rule.includes(`<AllowedMethod>${method}</AllowedMethod>`)) &&
        (rule.includes(`<AllowedOrigin>${xmlText(origin)}</AllowedOrigin>`) || rule.includes('<AllowedOrigin>*</AllowedOrigin>')),
    );
  const missing = origins.filter((origin) => !allowsAll(origin));
  if (missing.length === 0) return null;
  const ours = rules.find((rule) => rule.includes(`<ID>${CORS_RULE_ID}</ID>`));
  const before = ours ? [...ours.matchAll(/<AllowedOrigin>([^<]*)<\/AllowedOrigin>/g)].map((match) => match[1]) : [];
  const allowed = [...before, ...missing.map(xmlText)].slice(-MAX_CORS_ORIGINS);
  // The browser sends Content-Type (single PUTs) and reads nothing but the status; ETag is
  // exposed for clients that complete multipart uploads themselves. A GET reads the bytes (and
  // Content-Length/Content-Type, which CORS exposes anyway); a ranged one sends Range.
  const rule =
    `<CORSRule><ID>${CORS_RULE_ID}</ID>` +
    allowed.map((origin) => `<AllowedOrigin>${origin}</AllowedOrigin>`).join('') +
    BROWSER_METHODS.map((method) => `<AllowedMethod>${method}</AllowedMethod>`).join('') +
    '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule>';
  const others = rules.filter((existing) => existing !== ours);
  return `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${others.join('')}${rule}</CORSConfiguration>`;
}
