import { randomUUID } from 'node:crypto';
import { LockMode, ref } from '@mikro-orm/core';
import type { GraphQLError } from 'graphql';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { appError, badField, conflict, ErrorCode, forbidden, notFound } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import type { StoredObjectInfo } from '../../storage/storage.port';
import { uploaderOf } from './request-upload.service';
import { sameObject, verifyStagedObject } from './staged-object';
import { StoredBlob } from './stored-blob.entity';
import { StoredFile } from './stored-file.embeddable';
import { Upload, UploadStatus, type UploadTarget } from './upload.entity';
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
  /** The same, as a feature keeps it (embedded StoredFile). */
  file: StoredFile;
}

/**
 * What a completion is for, as the feature that asked for the upload describes it: the files
 * kernel verifies the bytes and runs the commit's transaction, the feature decides who may and
 * what the file becomes. Its two steps run on either side of reading the bytes, never across
 * it: `check` runs before any byte is read, on the request's `em` outside any transaction, and
 * refuses callers who may not (or no longer) change the target; `attach` runs in the short
 * transaction that commits the completion, checks again whatever may have changed while the
 * bytes were read (locking the target where that matters) and attaches the verified file.
 */
export interface CompletionTarget<T> {
  /** The purpose and target the upload was requested for: an upload for another one is not found. */
  owner: UploadTarget;
  check(ctx: Context, upload: Upload): Promise<void>;
  attach(tx: Context, file: VerifiedFile): Promise<T>;
}

/**
 * What the object store said about an upload's bytes, learned outside any transaction:
 * verified (and, when no blob had these bytes yet, copied to their content-addressed key and
 * recorded as a blob, which storage cleanup removes should no completion ever use it), or
 * refused — with a `failureReason` when the upload fails for good and its bytes go, without
 * one when it stays pending — or the store failed mid-way.
 */
type Staged =
  | { kind: 'verified'; sha256: string; size: number; contentType: string; object: StoredObjectInfo }
  | { kind: 'refused'; error: GraphQLError; failureReason?: string }
  | { kind: 'broken'; error: unknown };

/** What the commit's transaction wrote (nothing for `refused` and `blobMissing`). */
type Committed<T> =
  | { kind: 'completed'; result: T }
  | { kind: 'failed'; error: GraphQLError }
  | { kind: 'refused'; error: GraphQLError }
  | { kind: 'blobMissing' };

/** What the bytes were declared to be when verification started; the commit insists they still are. */
type Declared = Pick<Upload, 'objectKey' | 'size' | 'sha256' | 'contentType' | 'multipartUploadId'>;

/**
 * Verifies what arrived for an upload and hands it to its target: every kind of upload
 * completes here, in three steps, so that no transaction or row lock is ever held while the
 * object store works (a 2 GiB file takes a while to read):
 *
 * 1. Checks, on the request's `em` without a transaction: the upload is the caller's and still
 *    pending, and the target accepts the caller (`target.check`).
 * 2. Verifies with the store alone: size, SHA-256 and sniffed type of the bytes read back; unless
 *    a blob already has these bytes, copies them to their content-addressed key and records
 *    the blob (one statement, no transaction).
 * 3. Commits in one short transaction that locks the upload and checks it again: a completion
 *    of the same upload that committed first shows as COMPLETED here and this one answers
 *    CONFLICT, writing nothing, so no file is ever attached twice. Then it either marks the
 *    upload FAILED or attaches the file (`target.attach`) and marks it COMPLETED.
 *
 * Removing the staged bytes (after a success, or after a failure was committed) comes last,
 * outside the transaction; a removal that fails is left to storage cleanup.
 */
export async function completeUpload<T>(ctx: Context, uploadId: string, target: CompletionTarget<T>): Promise<T> {
  uploaderOf(ctx);
  const upload = await pendingUpload(ctx, target, uploadId);
  const declared: Declared = {
    objectKey: upload.objectKey,
    size: upload.size,
    sha256: upload.sha256,
    contentType: upload.contentType,
    multipartUploadId: upload.multipartUploadId,
  };
  let staged = await stage(ctx, upload);
  for (let attempt = 1; ; attempt += 1) {
    const current = staged;
    const committed = await inTransaction(ctx, (tx) => commit(tx, target, uploadId, declared, current));
    switch (committed.kind) {
      case 'completed':
        // After the commit: until then a retry after a crash could still need the staged bytes.
        await removeQuietly(ctx, declared.objectKey);
        return committed.result;
      case 'failed':
        await discardQuietly(ctx, declared);
        throw committed.error;
      case 'refused':
        throw committed.error;
      case 'blobMissing':
        // Storage cleanup removed the old, unused blob these bytes matched while they were being
        // verified: they are copied again (outside the transaction) as a new blob, which cleanup
        // leaves alone for its grace period, and committed again.
        if (attempt > 2) throw new Error(`the blob of upload ${uploadId} vanished while completing it twice over`);
        staged = current.kind === 'verified' ? await keepBytes(ctx, declared, current) : current;
    }
  }
}

/** Step 1: the upload, when the caller may complete it and the target accepts them. Nothing is locked. */
async function pendingUpload<T>(ctx: Context, target: CompletionTarget<T>, uploadId: string): Promise<Upload> {
  if (!isUuid(target.owner.targetId) || !isUuid(uploadId)) throw notFound('Upload');
  const upload = await ctx.em.findOne(Upload, { id: uploadId, ...target.owner }, { refresh: true });
  if (!upload) throw notFound('Upload');
  assertCompletable(ctx, upload);
  await target.check(ctx, upload);
  return upload;
}

function assertCompletable(ctx: Context, upload: Upload): void {
  if (!canCompleteUpload(ctx.caller, upload)) throw forbidden('Only whoever requested this upload can complete it');
  if (upload.status === UploadStatus.COMPLETED) throw conflict('This upload is already completed', 'uploadId');
  if (upload.status === UploadStatus.FAILED) {
    throw conflict(`This upload failed (${upload.failureReason ?? 'unknown reason'}); request a new one`, 'uploadId');
  }
}

/** Step 2: only store calls. Errors are kept, not thrown: the commit tells first whether another completion won. */
async function stage(ctx: Context, upload: Upload): Promise<Staged> {
  if (upload.expiresAt.getTime() <= Date.now()) {
    const message = `the upload ticket expired at ${upload.expiresAt.toISOString()}; request a new one`;
    return { kind: 'refused', error: badField('uploadId', message), failureReason: message };
  }
  try {
    const check = await verifyStagedObject(ctx.app.storage, upload);
    if (!check.ok) {
      const error = appError(ErrorCode.BAD_USER_INPUT, check.message, {
        fields: [{ field: FIELD_OF_CHECK[check.check], message: check.message }],
        check: check.check,
      });
      return { kind: 'refused', error, failureReason: check.keepPending ? undefined : check.message };
    }
    const { sha256, size, contentType, object } = check;
    const verified = { kind: 'verified' as const, sha256, size, contentType, object };
    // Identical files are stored once: bytes a blob already has need no copy.
    if ((await ctx.em.count(StoredBlob, { sha256: check.sha256 })) > 0) return verified;
    return await keepBytes(ctx, upload, verified);
  } catch (error) {
    return { kind: 'broken', error };
  }
}

/**
 * Copies verified bytes to their content-addressed key, makes sure the staged object is still
 * the one that was read (a presigned PUT still valid could have replaced it meanwhile, and then
 * the copy may hold other bytes than the ones verified), then records the blob: one statement,
 * no transaction. Recorded before the commit, a copy whose completion never commits is still
 * storage cleanup's to remove.
 */
async function keepBytes(ctx: Context, declared: Declared, verified: Staged & { kind: 'verified' }): Promise<Staged> {
  try {
    const objectKey = blobKey(verified.sha256);
    await ctx.app.storage.copyObject(declared.objectKey, objectKey);
    if (!sameObject(verified.object, await ctx.app.storage.statObject(declared.objectKey))) {
      const error = conflict('The uploaded bytes changed while they were being verified; complete the upload again', 'uploadId');
      return { kind: 'refused', error };
    }
    // Another completion of the same bytes may insert first; either row serves both.
    await ctx.em
      .createQueryBuilder(StoredBlob)
      .insert({ id: randomUUID(), sha256: verified.sha256, size: verified.size, contentType: verified.contentType, objectKey })
      .onConflict('sha256')
      .ignore()
      .execute();
    return verified;
  } catch (error) {
    return { kind: 'broken', error };
  }
}

/** Step 3: the short transaction. No store call here, only rows. */
async function commit<T>(
  tx: Context,
  target: CompletionTarget<T>,
  uploadId: string,
  declared: Declared,
  staged: Staged,
): Promise<Committed<T>> {
  // Waits only for another commit of this upload, which is as short as this one.
  const upload = await tx.em.findOne(Upload, { id: uploadId, ...target.owner }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!upload) throw notFound('Upload');
  assertCompletable(tx, upload);
  if (!sameDeclaration(upload, declared)) throw conflict('This upload changed while it was being verified; complete it again', 'uploadId');
  if (staged.kind === 'broken') throw staged.error;
  if (staged.kind === 'refused') {
    if (staged.failureReason === undefined) return { kind: 'refused', error: staged.error };
    upload.status = UploadStatus.FAILED;
    upload.failureReason = staged.failureReason;
    return { kind: 'failed', error: staged.error };
  }

  // FOR SHARE keeps storage cleanup from removing the blob until this commits.
  const blob = await tx.em.findOne(StoredBlob, { sha256: staged.sha256 }, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
  if (!blob) return { kind: 'blobMissing' };
  const { contentType, size, sha256 } = staged;
  const file = Object.assign(new StoredFile(), { blob: ref(blob), filename: upload.filename, contentType, size, sha256 });
  const result = await target.attach(tx, { upload, blob, contentType, size, sha256, file });
  upload.status = UploadStatus.COMPLETED;
  return { kind: 'completed', result };
}

const sameDeclaration = (upload: Upload, declared: Declared): boolean =>
  upload.objectKey === declared.objectKey &&
  upload.size === declared.size &&
  upload.sha256 === declared.sha256 &&
  upload.contentType === declared.contentType &&
  (upload.multipartUploadId ?? null) === (declared.multipartUploadId ?? null);

async function discardQuietly(ctx: Context, declared: Declared): Promise<void> {
  try {
    if (declared.multipartUploadId) await ctx.app.storage.abortMultipartUpload(declared.objectKey, declared.multipartUploadId);
    await ctx.app.storage.removeObject(declared.objectKey);
  } catch (error) {
    // The upload is FAILED already: storage cleanup removes its bytes once it is old enough.
    ctx.logger.warn({ err: error, key: declared.objectKey }, 'could not remove the bytes of a failed upload');
  }
}

async function removeQuietly(ctx: Context, key: string): Promise<void> {
  try {
    await ctx.app.storage.removeObject(key);
  } catch (error) {
    ctx.logger.warn({ err: error, key }, 'could not remove a staged upload object after completing it');
  }
}
