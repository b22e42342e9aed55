import { randomUUID } from 'node:crypto';
import { LockMode, ref } from '@mikro-orm/core';
import type { GraphQLError } from 'graphql';
import type { Context } from '../../context';
import { appError, badField, conflict, ErrorCode, forbidden, notFound } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { canAuthorCourse, isEditable } from '../course/course.policy';
import type { Material } from '../material/material.entity';
import { inTransaction } from '../../db/transaction';
import { MaterialVersion } from './material-version.entity';
import { findMaterialForAuthoring, ownerId, type UploadOwner, uploaderOf } from './request-upload.service';
import { verifyStagedObject } from './staged-object';
import { StoredBlob } from './stored-blob.entity';
import { Upload, UploadStatus } from './upload.entity';
import { canCompleteUpload } from './upload.policy';
import { blobKey } from './upload.rules';

const FIELD_OF_CHECK = { parts: 'uploadId', missing: 'uploadId', size: 'file.size', checksum: 'file.sha256', type: 'file.contentType' };

/** The verified bytes of an upload, stored once, ready to become what the upload was for. */
export interface VerifiedFile {
  upload: Upload;
  blob: StoredBlob;
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * What a completion is for. `open` runs in the completion's transaction before any byte is
 * read: it refuses callers who may not (or no longer) change the target, and answers how to
 * attach the verified file to it.
 */
export interface CompletionTarget<T> {
  owner: UploadOwner;
  open(tx: Context): Promise<(file: VerifiedFile) => Promise<T>>;
}

type Outcome<T> = { result: T; stagingKey: string } | { failure: GraphQLError };

/** Makes the verified bytes the material's new current version. */
export function completeMaterialUpload(ctx: Context, materialId: string, uploadId: string): Promise<Material> {
  return completeUpload(ctx, uploadId, {
    owner: { material: materialId },
    open: async (tx) => {
      const { material, course } = await findMaterialForAuthoring(tx, materialId);
      if (!canAuthorCourse(tx.caller, course)) throw forbidden();
      if (!isEditable(course)) throw conflict('Files change only while the course is a draft');
      return async ({ upload, blob, contentType, size, sha256 }) => {
        await tx.em.lock(material, LockMode.PESSIMISTIC_WRITE);
        const [{ latest }] = await tx.em.execute<{ latest: number }[]>(
          'SELECT coalesce(max(version), 0)::int AS latest FROM material_versions WHERE material_id = ?',
          [material.id],
        );
        const version = tx.em.create(MaterialVersion, {
          material,
          version: latest + 1,
          blob,
          filename: upload.filename,
          contentType,
          size,
          sha256,
          uploadedBy: upload.requestedBy,
          uploadedByApiKey: upload.requestedByApiKey,
        });
        material.currentVersion = ref(version);
        return material;
      };
    },
  });
}

/**
 * Verifies what arrived for an upload and hands it to its target: every kind of upload
 * completes here. A failed check removes the bytes and marks the upload FAILED (committed),
 * then answers why.
 */
export async function completeUpload<T>(ctx: Context, uploadId: string, target: CompletionTarget<T>): Promise<T> {
  uploaderOf(ctx);
  const outcome = await inTransaction(ctx, (tx) => completeLocked(tx, uploadId, target));
  if ('failure' in outcome) throw outcome.failure;
  // After the commit: until then a retry after a crash could still need the staged bytes.
  await removeQuietly(ctx, outcome.stagingKey);
  return outcome.result;
}

async function completeLocked<T>(tx: Context, uploadId: string, target: CompletionTarget<T>): Promise<Outcome<T>> {
  const upload = await lockUpload(tx, target.owner, uploadId);
  if (!canCompleteUpload(tx.caller, upload)) throw forbidden('Only whoever requested this upload can complete it');
  if (upload.status === UploadStatus.COMPLETED) throw conflict('This upload is already completed', 'uploadId');
  if (upload.status === UploadStatus.FAILED) {
    throw conflict(`This upload failed (${upload.failureReason ?? 'unknown reason'}); request a new one`, 'uploadId');
  }
  const attach = await target.open(tx);

  if (upload.expiresAt.getTime() <= Date.now()) {
    await discardStaged(tx, upload);
    const message = `the upload ticket expired at ${upload.expiresAt.toISOString()}; request a new one`;
    return fail(upload, message, badField('uploadId', message));
  }

  const check = await verifyStagedObject(tx.app.storage, upload);
  if (!check.ok) {
    const error = appError(ErrorCode.BAD_USER_INPUT, check.message, {
      fields: [{ field: FIELD_OF_CHECK[check.check], message: check.message }],
      check: check.check,
    });
    if (check.keepPending) return { failure: error };
    await discardStaged(tx, upload);
    return fail(upload, check.message, error);
  }

  const blob = await storedBlobFor(tx, upload, check.contentType);
  const result = await attach({ upload, blob, contentType: check.contentType, size: check.size, sha256: check.sha256 });
  upload.status = UploadStatus.COMPLETED;
  return { result, stagingKey: upload.objectKey };
}

async function lockUpload(tx: Context, owner: UploadOwner, uploadId: string): Promise<Upload> {
  if (!isUuid(ownerId(owner)) || !isUuid(uploadId)) throw notFound('Upload');
  try {
    // NOWAIT: a second completion running at the same time is refused, not queued behind a long read.
    const upload = await tx.em.findOne(
      Upload,
      { id: uploadId, ...owner },
      { lockMode: LockMode.PESSIMISTIC_WRITE_OR_FAIL },
    );
    if (!upload) throw notFound('Upload');
    return upload;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') throw conflict('This upload is being completed right now', 'uploadId');
    throw error;
  }
}

/**
 * The blob with these bytes: an existing one (identical files are stored once), or a new
 * content-addressed copy. FOR SHARE keeps storage cleanup from removing it until this commits.
 */
async function storedBlobFor(tx: Context, upload: Upload, contentType: string): Promise<StoredBlob> {
  const existing = await tx.em.findOne(StoredBlob, { sha256: upload.sha256 }, { lockMode: LockMode.PESSIMISTIC_READ });
  if (existing) return existing;
  const objectKey = blobKey(upload.sha256);
  await tx.app.storage.copyObject(upload.objectKey, objectKey);
  // Another completion of the same bytes may insert first; either row serves both.
  await tx.em
    .createQueryBuilder(StoredBlob)
    .insert({ id: randomUUID(), sha256: upload.sha256, size: upload.size, contentType, objectKey })
    .onConflict('sha256')
    .ignore()
    .execute();
  return tx.em.findOneOrFail(StoredBlob, { sha256: upload.sha256 }, { lockMode: LockMode.PESSIMISTIC_READ });
}

function fail(upload: Upload, reason: string, error: GraphQLError): { failure: GraphQLError } {
  upload.status = UploadStatus.FAILED;
  upload.failureReason = reason;
  return { failure: error };
}

async function discardStaged(tx: Context, upload: Upload): Promise<void> {
  if (upload.multipartUploadId) await tx.app.storage.abortMultipartUpload(upload.objectKey, upload.multipartUploadId);
  await tx.app.storage.removeObject(upload.objectKey);
}

async function removeQuietly(ctx: Context, key: string): Promise<void> {
  try {
    await ctx.app.storage.removeObject(key);
  } catch (error) {
    ctx.logger.warn({ err: error, key }, 'could not remove a staged upload object after completing it');
  }
}
