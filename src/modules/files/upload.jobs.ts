import { ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ObjectStorage } from '../../storage/storage.port';
import { StoredBlob } from './stored-blob.entity';

/** Uploads and blobs are left alone this long after they stop mattering: a client may be mid-way. */
export const STORAGE_GC_GRACE_SECONDS = 24 * 3600;
const BATCH_SIZE = 100;

/**
 * A feature's part of storage cleanup: removes up to `limit` of its rows that stopped needing
 * their file (a replaced material version, a learner's file never handed in), answering how many
 * it removed; it is called again while it removes a full batch. Their blobs then go with the
 * blob sweep once no row references them. The files kernel knows no feature's table: each
 * feature hands its sweep in.
 */
export type RowSweep = (em: EntityManager, graceSeconds: number, limit: number) => Promise<number>;

export type StorageGcResult<K extends string> = { uploads: number } & Record<K, number> & { blobs: number };

/**
 * Removes uploads never completed, whatever they were for (aborting their multipart uploads
 * and staged objects), then the rows each feature's sweep finds unused, then blobs that no row
 * references any more (any foreign key to stored_blobs counts: see blobReferences). Safe to run
 * twice and next to live API processes: stale uploads are past completing, so their bytes go
 * before their rows, outside any transaction; other rows are claimed with SKIP LOCKED (a
 * completion's short commit holds its upload and blob rows; while it reads the bytes it holds no
 * row, and a blob removed meanwhile is copied again before it commits), and a blob row goes only
 * while still unreferenced, before its object, in one transaction.
 */
export async function collectStorageGarbage<K extends string>(
  em: EntityManager,
  storage: ObjectStorage,
  sweeps: Record<K, RowSweep>,
  options: { graceSeconds?: number } = {},
): Promise<StorageGcResult<K>> {
  const graceSeconds = options.graceSeconds ?? STORAGE_GC_GRACE_SECONDS;
  let uploads = 0;
  let batch: Batch;
  do {
    batch = await removeStaleUploads(em, storage, graceSeconds);
    uploads += batch.removed;
  } while (batch.claimed === BATCH_SIZE);
  const swept = {} as Record<K, number>;
  for (const name of Object.keys(sweeps) as K[]) {
    swept[name] = 0;
    let removed: number;
    do {
      removed = await sweeps[name](em, graceSeconds, BATCH_SIZE);
      swept[name] += removed;
    } while (removed === BATCH_SIZE);
  }
  let blobs = 0;
  do {
    batch = await removeUnreferencedBlobs(em, storage, graceSeconds);
    blobs += batch.removed;
  } while (batch.claimed === BATCH_SIZE);
  return { uploads, ...swept, blobs } as StorageGcResult<K>;
}

interface Batch {
  claimed: number;
  removed: number;
}

/**
 * An upload whose ticket expired more than the grace period ago can no longer complete (a late
 * completion only marks it FAILED), so its bytes may go at any time and more than once: they are
 * removed first, with no transaction or lock held across the store calls, and the rows after,
 * in one statement that checks again that they are still stale. A store failure leaves the rows
 * for the next run.
 */
async function removeStaleUploads(em: EntityManager, storage: ObjectStorage, graceSeconds: number): Promise<Batch> {
  const stale = `status IN ('PENDING', 'FAILED') AND expires_at < now() - make_interval(secs => ?)`;
  // raw SQL: an interval computed by PostgreSQL (make_interval) in a batch with LIMIT, shared with the DELETE below
  const uploads = await em.execute<{ id: string; object_key: string; multipart_upload_id: string | null }[]>(
    `SELECT id, object_key, multipart_upload_id FROM uploads WHERE ${stale} ORDER BY expires_at LIMIT ?`,
    [graceSeconds, BATCH_SIZE],
  );
  for (const upload of uploads) {
    if (upload.multipart_upload_id) await storage.abortMultipartUpload(upload.object_key, upload.multipart_upload_id);
    await storage.removeObject(upload.object_key);
  }
  if (!uploads.length) return { claimed: 0, removed: 0 };
  // raw SQL: DELETE … RETURNING that re-checks staleness in the same statement
  const removed = await em.execute<{ id: string }[]>(`DELETE FROM uploads WHERE id IN (?) AND ${stale} RETURNING id`, [
    uploads.map((upload) => upload.id),
    graceSeconds,
  ]);
  return { claimed: uploads.length, removed: removed.length };
}

/**
 * Every column that references a blob: the many-to-one relations to StoredBlob of all entities
 * the ORM knows (a material's versions, a course's cover, …), so a feature that keeps a file
 * keeps its blob without this module knowing the feature. Their foreign keys restrict deletes,
 * so a reference missed here fails the sweep instead of losing a file.
 */
function blobReferences(em: EntityManager): string {
  const quote = (name: string) => em.getPlatform().quoteIdentifier(name);
  const references = Object.values(em.getMetadata().getAll()).flatMap((meta) =>
    meta.embeddable || meta.virtual
      ? []
      : meta.props
          .filter((prop) => prop.kind === ReferenceKind.MANY_TO_ONE && prop.targetMeta?.class === StoredBlob)
          .map((prop) => `NOT EXISTS (SELECT 1 FROM ${quote(meta.tableName)} r WHERE r.${quote(prop.fieldNames[0])} = b.id)`),
  );
  return references.length ? references.sort().join(' AND ') : 'true';
}

async function removeUnreferencedBlobs(em: EntityManager, storage: ObjectStorage, graceSeconds: number): Promise<Batch> {
  const unreferenced = blobReferences(em);
  return em.transactional(async (tx) => {
    // raw SQL: NOT EXISTS over every referencing table and FOR UPDATE SKIP LOCKED
    const candidates = await tx.execute<{ id: string }[]>(
      `SELECT id FROM stored_blobs b
        WHERE created_at < now() - make_interval(secs => ?) AND ${unreferenced}
        LIMIT ? FOR UPDATE SKIP LOCKED`,
      [graceSeconds, BATCH_SIZE],
    );
    if (!candidates.length) return { claimed: 0, removed: 0 };
    // Checked again by this statement's own snapshot: a row that referenced a blob after the
    // SELECT above committed keeps it.
    // raw SQL: DELETE … RETURNING re-checking the NOT EXISTS in the statement's own snapshot
    const deleted = await tx.execute<{ object_key: string }[]>(
      `DELETE FROM stored_blobs b WHERE id IN (?) AND ${unreferenced}
        RETURNING object_key`,
      [candidates.map((blob) => blob.id)],
    );
    // Before the commit: if storage fails, the rows come back and the next run tries again.
    for (const blob of deleted) await storage.removeObject(blob.object_key);
    return { claimed: candidates.length, removed: deleted.length };
  });
}
