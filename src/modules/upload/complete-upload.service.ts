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
import { findMaterialForAuthoring, uploaderOf } from './request-upload.service';
import { verifyStagedObject } from './staged-object';
import { StoredBlob } from './stored-blob.entity';
import { Upload, UploadStatus } from './upload.entity';
import { canCompleteUpload } from './upload.policy';
import { blobKey } from './upload.rules';

const FIELD_OF_CHECK = { parts: 'uploadId', missing: 'uploadId', size: 'file.size', checksum: 'file.sha256', type: 'file.contentType' };

type Outcome = { material: Material; stagingKey: string } | { failure: GraphQLError };

/**
 * Verifies what arrived for an upload and makes it the material's current version. A failed
 * check removes the bytes and marks the upload FAILED (committed), then answers why.
 */
export async function completeMaterialUpload(ctx: Context, materialId: string, uploadId: string): Promise<Material> {
  uploaderOf(ctx);
  const outcome = await inTransaction(ctx, (tx) => completeLocked(tx, materialId, uploadId));
  if ('failure' in outcome) throw outcome.failure;
  // After the commit: until then a retry after a crash could still need the staged bytes.
  await removeQuietly(ctx, outcome.stagingKey);
  return outcome.material;
}

async function completeLocked(tx: Context, materialId: string, uploadId: string): Promise<Outcome> {
  const upload = await lockUpload(tx, materialId, uploadId);
  if (!canCompleteUpload(tx.caller, upload)) throw forbidden('Only whoever requested this upload can complete it');
  if (upload.status === UploadStatus.COMPLETED) throw conflict('This upload is already completed', 'uploadId');
  if (upload.status === UploadStatus.FAILED) {
    throw conflict(`This upload failed (${upload.failureReason ?? 'unknown reason'}); request a new one`, 'uploadId');
  }
  const { material, course } = await findMaterialForAuthoring(tx, materialId);
  if (!canAuthorCourse(tx.caller, course)) throw forbidden();
  if (!isEditable(course)) throw conflict('Files change only while the course is a draft');

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
    contentType: check.contentType,
    size: check.size,
    sha256: check.sha256,
    uploadedBy: upload.requestedBy,
    uploadedByApiKey: upload.requestedByApiKey,
  });
  material.currentVersion = ref(version);
  upload.status = UploadStatus.COMPLETED;
  return { material, stagingKey: upload.objectKey };
}

async function lockUpload(tx: Context, materialId: string, uploadId: string): Promise<Upload> {
  if (!isUuid(materialId) || !isUuid(uploadId)) throw notFound('Upload');
  try {
    // NOWAIT: a second completion running at the same time is refused, not queued behind a long read.
    const upload = await tx.em.findOne(
      Upload,
      { id: uploadId, material: materialId },
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

function fail(upload: Upload, reason: string, error: GraphQLError): Outcome {
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
