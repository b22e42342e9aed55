import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badInput, conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { completeUpload } from '../files/complete-upload.service';
import { issueUploadTicket, uploaderOf } from '../files/request-upload.service';
import type { FileInput, UploadTicket } from '../files/upload.inputs';
import { checkFileAgainst, DOWNLOAD_URL_TTL_SECONDS } from '../files/upload.rules';
import { SeminarMaterial, type SeminarMaterialKind } from './seminar-material.entity';
import { Seminar, SeminarStatus } from './seminar.entity';
import { seminarMaterialNames, seminarMaterialRules } from './seminar.rules';
import { canDownloadSeminarFiles, canManageSeminar, canViewSeminar } from './seminar.policy';
import { myRegistration } from './seminar.service';

/** Uploads of a seminar's files, as uploads.purpose keeps it: never renamed without a migration. */
export const SEMINAR_MATERIAL_UPLOAD = 'seminar-material';

/** Answers where to send a seminar's file (its organizer's partners and admins), through the common upload flow. */
export async function requestSeminarMaterialUpload(
  ctx: Context,
  seminarId: string,
  kind: SeminarMaterialKind,
  file: FileInput,
): Promise<UploadTicket> {
  const uploader = uploaderOf(ctx);
  const seminar = await seminarForFiles(ctx, seminarId);
  const problem = checkFileAgainst(seminarMaterialRules(kind), seminarMaterialNames(kind), file);
  if (problem) throw badInput([problem]);
  return issueUploadTicket(ctx, { purpose: SEMINAR_MATERIAL_UPLOAD, targetId: seminar.id }, uploader, file);
}

/** Verifies the bytes exactly as a course file's and adds them to the seminar's materials. */
export function completeSeminarMaterialUpload(
  ctx: Context,
  seminarId: string,
  uploadId: string,
  kind: SeminarMaterialKind,
  title?: string | null,
): Promise<SeminarMaterial> {
  const named = title?.trim();
  return completeUpload(ctx, uploadId, {
    owner: { purpose: SEMINAR_MATERIAL_UPLOAD, targetId: seminarId },
    check: async (c, upload) => {
      await seminarForFiles(c, seminarId);
      // The kind may differ from the one asked for at request time: check the declared file again, before any byte is read.
      const problem = checkFileAgainst(seminarMaterialRules(kind), seminarMaterialNames(kind), { contentType: upload.contentType, size: upload.size });
      if (problem) throw badInput([{ field: 'kind', message: problem.message }]);
      if (named !== undefined && (named.length < 1 || named.length > 300)) throw badInput([{ field: 'title', message: 'title must be 1 to 300 characters' }]);
    },
    attach: async (tx, verified) => {
      // Read again under a shared lock: a cancellation either waits for this commit or went first and is seen.
      const seminar = await seminarForFiles(tx, seminarId, { locked: true });
      return tx.em.create(SeminarMaterial, {
        seminar,
        title: named || verified.upload.filename,
        kind,
        file: verified.file,
        uploadedBy: verified.upload.requestedBy,
        uploadedByApiKey: verified.upload.requestedByApiKey,
      });
    },
  });
}

/** Removes a material; its bytes go with storage cleanup once nothing else references them. */
export async function removeSeminarMaterial(ctx: Context, id: string): Promise<boolean> {
  const material = await findById(ctx.em, SeminarMaterial, id);
  if (!material) throw notFound('Seminar material');
  await seminarForFiles(ctx, material.seminar.id);
  await ctx.em.remove(material).flush();
  return true;
}

/** A short-lived presigned GET for the organizer, admins and registrants; null for others. */
export async function materialDownloadUrl(ctx: Context, material: SeminarMaterial): Promise<string | null> {
  const seminar = await ctx.loaders.seminarById.load(material.seminar.id);
  if (!seminar || !canViewSeminar(ctx.caller, seminar)) return null;
  if (!canDownloadSeminarFiles(ctx.caller, seminar, await myRegistration(ctx, seminar))) return null;
  const blob = await ctx.loaders.storedBlobById.load(material.file.blob.id);
  if (!blob) return null;
  return ctx.app.storage.presignedGetUrl(blob.objectKey, DOWNLOAD_URL_TTL_SECONDS, {
    downloadFilename: material.filename,
    contentType: material.contentType,
  });
}

async function seminarForFiles(ctx: Context, seminarId: string, options: { locked?: boolean } = {}): Promise<Seminar> {
  const seminar = await findById(ctx.em, Seminar, seminarId, options.locked ? { lockMode: LockMode.PESSIMISTIC_READ, refresh: true } : undefined);
  if (!seminar || !canViewSeminar(ctx.caller, seminar)) throw notFound('Seminar');
  if (!canManageSeminar(ctx.caller, seminar)) throw forbidden('Only the organizer’s partners and admins may change a seminar’s files');
  if (seminar.status === SeminarStatus.CANCELLED) throw conflict('The seminar is cancelled', 'seminarId');
  return seminar;
}
