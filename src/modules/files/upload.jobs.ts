import type { EntityManager } from '@mikro-orm/postgresql';
import type { ObjectStorage } from '../../storage/storage.port';

/** Uploads and blobs are left alone this long after they stop mattering: a client may be mid-way. */
export const STORAGE_GC_GRACE_SECONDS = 24 * 3600;
const BATCH_SIZE = 100;

export interface StorageGcResult {
  uploads: number;
  versions: number;
  /** Files of learners' work never handed in, and reviewers' feedback files no review named. */
  submissionFiles: number;
  blobs: number;
}

/**
 * Removes uploads never completed, whatever they were for (aborting their multipart uploads
 * and staged objects), versions replaced by a newer file longer than the grace period ago,
 * verified submission files nobody used (work never handed in, feedback no review named), and
 * blobs that no version, course cover, submission file or seminar material references any
 * more. Safe to run twice and next to live API processes: stale uploads are past completing, so
 * their bytes go before their rows, outside any transaction; other rows are claimed with SKIP
 * LOCKED (a completion's short commit holds its upload and blob rows; while it reads the bytes it
 * holds no row, and a blob removed meanwhile is copied again before it commits), and a blob row
 * goes only while still unreferenced, before its object, in one transaction.
 */
export async function collectStorageGarbage(
  em: EntityManager,
  storage: ObjectStorage,
  options: { graceSeconds?: number } = {},
): Promise<StorageGcResult> {
  const graceSeconds = options.graceSeconds ?? STORAGE_GC_GRACE_SECONDS;
  const result: StorageGcResult = { uploads: 0, versions: 0, submissionFiles: 0, blobs: 0 };
  let batch: Batch;
  do {
    batch = await removeStaleUploads(em, storage, graceSeconds);
    result.uploads += batch.removed;
  } while (batch.claimed === BATCH_SIZE);
  do {
    batch = await removeSupersededVersions(em, graceSeconds);
    result.versions += batch.removed;
  } while (batch.claimed === BATCH_SIZE);
  do {
    batch = await removeUnusedSubmissionFiles(em, graceSeconds);
    result.submissionFiles += batch.removed;
  } while (batch.claimed === BATCH_SIZE);
  do {
    batch = await removeUnreferencedBlobs(em, storage, graceSeconds);
    result.blobs += batch.removed;
  } while (batch.claimed === BATCH_SIZE);
  return result;
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
  const uploads = await em.execute<{ id: string; object_key: string; multipart_upload_id: string | null }[]>(
    `SELECT id, object_key, multipart_upload_id FROM uploads WHERE ${stale} ORDER BY expires_at LIMIT ?`,
    [graceSeconds, BATCH_SIZE],
  );
  for (const upload of uploads) {
    if (upload.multipart_upload_id) await storage.abortMultipartUpload(upload.object_key, upload.multipart_upload_id);
    await storage.removeObject(upload.object_key);
  }
  if (!uploads.length) return { claimed: 0, removed: 0 };
  const removed = await em.execute<{ id: string }[]>(`DELETE FROM uploads WHERE id IN (?) AND ${stale} RETURNING id`, [
    uploads.map((upload) => upload.id),
    graceSeconds,
  ]);
  return { claimed: uploads.length, removed: removed.length };
}

/**
 * A version stops mattering once a newer version of its material has been the file for the
 * whole grace period (learners mid-download keep their link that long). The current version
 * always stays; its blob then goes with the blob sweep when nothing else shares it.
 */
async function removeSupersededVersions(em: EntityManager, graceSeconds: number): Promise<Batch> {
  return em.transactional(async (tx) => {
    const removed = await tx.execute<{ id: string }[]>(
      `DELETE FROM material_versions WHERE id IN (
         SELECT v.id FROM material_versions v JOIN materials m ON m.id = v.material_id
          WHERE m.current_version_id IS DISTINCT FROM v.id
            AND EXISTS (SELECT 1 FROM material_versions newer
                         WHERE newer.material_id = v.material_id AND newer.version > v.version
                           AND newer.created_at < now() - make_interval(secs => ?))
          LIMIT ? FOR UPDATE OF v SKIP LOCKED)
       RETURNING id`,
      [graceSeconds, BATCH_SIZE],
    );
    return { claimed: removed.length, removed: removed.length };
  });
}

/**
 * A learner's verified file that no submission took within the grace period was abandoned (the
 * learner handed in something else, or nothing), as is a feedback file no review named: only
 * their uploader could ever have seen them. Once they are gone their blobs may go too. A
 * hand-in attaching one right now holds its row (FOR UPDATE), so it is skipped, not taken.
 */
async function removeUnusedSubmissionFiles(em: EntityManager, graceSeconds: number): Promise<Batch> {
  return em.transactional(async (tx) => {
    const removed = await tx.execute<{ id: string }[]>(
      `DELETE FROM submission_files WHERE id IN (
         SELECT id FROM submission_files
          WHERE ((purpose = 'WORK' AND submission_id IS NULL) OR (purpose = 'FEEDBACK' AND review_id IS NULL))
            AND created_at < now() - make_interval(secs => ?)
          LIMIT ? FOR UPDATE SKIP LOCKED)
         AND ((purpose = 'WORK' AND submission_id IS NULL) OR (purpose = 'FEEDBACK' AND review_id IS NULL))
       RETURNING id`,
      [graceSeconds, BATCH_SIZE],
    );
    return { claimed: removed.length, removed: removed.length };
  });
}

async function removeUnreferencedBlobs(em: EntityManager, storage: ObjectStorage, graceSeconds: number): Promise<Batch> {
  return em.transactional(async (tx) => {
    const candidates = await tx.execute<{ id: string }[]>(
      `SELECT id FROM stored_blobs b
        WHERE created_at < now() - make_interval(secs => ?)
          AND NOT EXISTS (SELECT 1 FROM material_versions v WHERE v.blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM courses c WHERE c.cover_blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM submission_files f WHERE f.blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM seminar_materials sm WHERE sm.blob_id = b.id)
        LIMIT ? FOR UPDATE SKIP LOCKED`,
      [graceSeconds, BATCH_SIZE],
    );
    if (!candidates.length) return { claimed: 0, removed: 0 };
    // Checked again by this statement's own snapshot: a version, cover, submission file or
    // seminar material that referenced a blob after the SELECT above committed keeps it.
    const deleted = await tx.execute<{ object_key: string }[]>(
      `DELETE FROM stored_blobs b WHERE id IN (?)
          AND NOT EXISTS (SELECT 1 FROM material_versions v WHERE v.blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM courses c WHERE c.cover_blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM submission_files f WHERE f.blob_id = b.id)
          AND NOT EXISTS (SELECT 1 FROM seminar_materials sm WHERE sm.blob_id = b.id)
        RETURNING object_key`,
      [candidates.map((blob) => blob.id)],
    );
    // Before the commit: if storage fails, the rows come back and the next run tries again.
    for (const blob of deleted) await storage.removeObject(blob.object_key);
    return { claimed: candidates.length, removed: deleted.length };
  });
}
