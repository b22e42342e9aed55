import type { Readable } from 'node:stream';

export interface StoredObjectInfo {
  size: number;
  etag: string;
  contentType?: string;
  lastModified: Date;
}

/** The one port to object storage; MinIO (or any S3-compatible server) behind it. */
export interface ObjectStorage {
  readonly bucket: string;
  /** Creates the private bucket when it is missing. */
  ensureBucket(): Promise<void>;
  /**
   * Lets web pages of these origins PUT to presigned URLs (an instructor's upload) and GET and
   * HEAD them (a learner's app keeping a material for offline use) (bucket CORS), keeping any
   * rule the bucket already has. `unsupported`: the store has no bucket CORS API (MinIO, the embedded
   * store), and answers every origin by itself.
   */
  allowBrowserAccess(origins: string[]): Promise<'set' | 'unchanged' | 'unsupported'>;
  /** Throws when the bucket cannot be reached with the configured credentials. */
  ping(): Promise<void>;
  /** Buffers the body up to the client's part size (64 MiB) to sign it: for small objects. */
  putObject(key: string, body: Buffer | Readable, size: number, contentType: string): Promise<void>;
  /** Streams a local file of known size in one PUT without holding it in memory (generated exports). */
  putFile(key: string, filePath: string, size: number, contentType: string): Promise<void>;
  getObject(key: string): Promise<Readable>;
  /** Undefined when the object does not exist. */
  statObject(key: string): Promise<StoredObjectInfo | undefined>;
  removeObject(key: string): Promise<void>;
  presignedPutUrl(key: string, expiresInSeconds: number): Promise<string>;
  presignedGetUrl(key: string, expiresInSeconds: number, options?: PresignedGetOptions): Promise<string>;
  /** Server-side copy within the bucket: the bytes never pass through the API. */
  copyObject(sourceKey: string, targetKey: string): Promise<void>;

  /** Starts an S3 multipart upload; answers its upload id. */
  initiateMultipartUpload(key: string): Promise<string>;
  /** A presigned UploadPart request (PUT) for one part. */
  presignedPartUrl(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string>;
  /** The parts received so far, by part number. Undefined when the multipart upload does not exist (any more). */
  listParts(key: string, uploadId: string): Promise<UploadedPart[] | undefined>;
  completeMultipartUpload(key: string, uploadId: string, parts: UploadedPart[]): Promise<void>;
  /** Aborting one that no longer exists is not an error. */
  abortMultipartUpload(key: string, uploadId: string): Promise<void>;
}

export interface PresignedGetOptions {
  /** Offered as the Content-Disposition filename. */
  downloadFilename?: string;
  /** Answered as Content-Type whatever the object's metadata says. */
  contentType?: string;
  /**
   * The bytes under this key never change (a material version's blob, named by its SHA-256):
   * answered with IMMUTABLE_CACHE_CONTROL, and signed for the whole current hour, so that every
   * request in that hour is handed the same URL and a browser's or CDN's cache (keyed by URL) hits.
   * The URL then stays valid `expiresInSeconds` at least, an hour more at most.
   */
  immutable?: boolean;
}

/**
 * A browser keeps the bytes for a year without asking again (`immutable`: not even on reload).
 * A shared cache (a CDN in front of the store) keeps them an hour: the URL it is keyed by was
 * valid at most that long anyway, so a cache never serves a link much past its signature's
 * expiry, whereas the store refuses an expired one. `public`: the signature is in the URL, not in
 * an Authorization header, and is the same for every learner in the hour, so one fetch serves a class.
 */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, s-maxage=3600, immutable';

/** The URLs of immutable objects are signed at the start of such a window, so they are equal within it. */
export const IMMUTABLE_SIGNING_WINDOW_SECONDS = 3600;

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
}
