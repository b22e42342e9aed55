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
  /** Throws when the bucket cannot be reached with the configured credentials. */
  ping(): Promise<void>;
  putObject(key: string, body: Buffer | Readable, size: number, contentType: string): Promise<void>;
  getObject(key: string): Promise<Readable>;
  /** Undefined when the object does not exist. */
  statObject(key: string): Promise<StoredObjectInfo | undefined>;
  removeObject(key: string): Promise<void>;
  presignedPutUrl(key: string, expiresInSeconds: number): Promise<string>;
  presignedGetUrl(key: string, expiresInSeconds: number, options?: { downloadFilename?: string }): Promise<string>;
}
