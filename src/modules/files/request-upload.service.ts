import { randomUUID } from 'node:crypto';
import type { Context } from '../../context';
import { forbidden } from '../../errors';
import { Upload, UploadStatus, type UploadTarget } from './upload.entity';
import type { FileInput, UploadTicket } from './upload.inputs';
import {
  COMPLETION_SLACK_SECONDS,
  normalizeContentType,
  partCount,
  partSizeFor,
  sanitizeFilename,
  stagingKey,
  UPLOAD_URL_TTL_SECONDS,
  usesMultipart,
} from './upload.rules';

/**
 * Answers where to send a file that the caller has already been allowed to upload (by the
 * feature's own policy) and whose declaration fits the feature's rules (checkFileAgainst): every
 * kind of upload gets its ticket here. The bytes go straight to object storage; a pending
 * multipart upload of the same file by the same uploader for the same target is resumed, not
 * restarted.
 */
export async function issueUploadTicket(
  ctx: Context,
  target: UploadTarget,
  uploader: Uploader,
  file: FileInput,
): Promise<UploadTicket> {
  const sha256 = file.sha256.toLowerCase();
  const now = new Date();
  if (usesMultipart(file.size)) {
    const pending = await ctx.em.findOne(
      Upload,
      {
        ...target,
        ...uploader,
        sha256,
        size: file.size,
        status: UploadStatus.PENDING,
        multipartUploadId: { $ne: null },
        expiresAt: { $gt: now },
      },
      { orderBy: { createdAt: 'desc' } },
    );
    if (pending) {
      const resumed = await resumeTicket(ctx, pending, now);
      if (resumed) return resumed;
    }
  }

  const id = randomUUID();
  const objectKey = stagingKey(id);
  const multipart = usesMultipart(file.size);
  const multipartUploadId = multipart ? await ctx.app.storage.initiateMultipartUpload(objectKey) : undefined;
  const upload = ctx.em.create(Upload, {
    id,
    ...target,
    ...uploader,
    objectKey,
    filename: sanitizeFilename(file.filename),
    contentType: normalizeContentType(file.contentType),
    size: file.size,
    sha256,
    multipartUploadId,
    partSize: multipart ? partSizeFor(file.size) : undefined,
    expiresAt: completionDeadline(now),
  });
  await ctx.em.flush();
  return multipart ? multipartTicket(ctx, upload, new Set(), now) : singlePutTicket(ctx, upload, now);
}

export type Uploader = { requestedBy: string } | { requestedByApiKey: string };

/** Uploads are tied to who asked for them (a person or a partner system's key), who alone may complete them. */
export function uploaderOf(ctx: Context): Uploader {
  if (ctx.caller?.kind === 'user') return { requestedBy: ctx.caller.userId };
  if (ctx.caller?.kind === 'apiKey') return { requestedByApiKey: ctx.caller.apiKeyId };
  throw forbidden();
}

const completionDeadline = (now: Date) =>
  new Date(now.getTime() + (UPLOAD_URL_TTL_SECONDS + COMPLETION_SLACK_SECONDS) * 1000);

/** A fresh ticket for the parts still missing; undefined when storage no longer knows the upload. */
async function resumeTicket(ctx: Context, upload: Upload, now: Date): Promise<UploadTicket | undefined> {
  const parts = await ctx.app.storage.listParts(upload.objectKey, upload.multipartUploadId!);
  if (!parts) {
    upload.status = UploadStatus.FAILED;
    upload.failureReason = 'the multipart upload no longer exists in storage';
    await ctx.em.flush();
    return undefined;
  }
  const partSize = upload.partSize!;
  const lastPart = partCount(upload.size, partSize);
  // A part whose size is wrong was cut badly by the client: it is asked for again.
  const received = new Set(
    parts
      .filter((part) => part.size === (part.partNumber === lastPart ? upload.size - partSize * (lastPart - 1) : partSize))
      .map((part) => part.partNumber),
  );
  upload.expiresAt = completionDeadline(now);
  await ctx.em.flush();
  return multipartTicket(ctx, upload, received, now);
}

async function singlePutTicket(ctx: Context, upload: Upload, now: Date): Promise<UploadTicket> {
  return {
    uploadId: upload.id,
    url: await ctx.app.storage.presignedPutUrl(upload.objectKey, UPLOAD_URL_TTL_SECONDS),
    method: 'PUT',
    headers: [{ name: 'Content-Type', value: upload.contentType }],
    expiresAt: urlExpiry(now),
    multipart: false,
    partSize: null,
    partCount: null,
    parts: [],
  };
}

async function multipartTicket(ctx: Context, upload: Upload, received: Set<number>, now: Date): Promise<UploadTicket> {
  const partSize = upload.partSize!;
  const count = partCount(upload.size, partSize);
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((n) => !received.has(n));
  const parts = await Promise.all(
    missing.map(async (partNumber) => ({
      partNumber,
      url: await ctx.app.storage.presignedPartUrl(upload.objectKey, upload.multipartUploadId!, partNumber, UPLOAD_URL_TTL_SECONDS),
    })),
  );
  return {
    uploadId: upload.id,
    url: null,
    method: 'PUT',
    headers: [],
    expiresAt: urlExpiry(now),
    multipart: true,
    partSize,
    partCount: count,
    parts,
  };
}

const urlExpiry = (now: Date) => new Date(now.getTime() + UPLOAD_URL_TTL_SECONDS * 1000);
