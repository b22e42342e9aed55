import { LockMode, ref } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badInput, conflict, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { Course } from '../course/course.entity';
import { isEditable } from '../course/course.policy';
import { assertAuthorOf } from '../course/course.service';
import { completeUpload } from '../files/complete-upload.service';
import { issueUploadTicket, uploaderOf } from '../files/request-upload.service';
import type { FileInput, UploadTicket } from '../files/upload.inputs';
import { checkDeclaredFile } from './material-file.rules';
import { Material, MaterialVersion } from './material.entity';

/** Uploads of a material's new version; stored in uploads.purpose, so never renamed without a migration. */
export const MATERIAL_VERSION_UPLOAD = 'material-version';

/** Answers where to send a new file of a material, once the material's kind accepts it. */
export async function requestMaterialUpload(ctx: Context, materialId: string, file: FileInput): Promise<UploadTicket> {
  const uploader = uploaderOf(ctx);
  const { material, course } = await findMaterialForAuthoring(ctx, materialId);
  assertAuthorOf(ctx, course);
  if (!isEditable(course)) throw conflict('Files change only while the course is a draft');
  const problem = checkDeclaredFile(material.kind, file);
  if (problem) throw badInput([problem]);
  return issueUploadTicket(ctx, { purpose: MATERIAL_VERSION_UPLOAD, targetId: material.id }, uploader, file);
}

export async function findMaterialForAuthoring(ctx: Context, materialId: string): Promise<{ material: Material; course: Course }> {
  const material = await findById(ctx.em, Material, materialId, { populate: ['module.course'] });
  if (!material) throw notFound('Material');
  return { material, course: material.module.getEntity().course.getEntity() };
}

/** Makes the verified bytes the material's new current version. */
export function completeMaterialUpload(ctx: Context, materialId: string, uploadId: string): Promise<Material> {
  return completeUpload(ctx, uploadId, {
    owner: { purpose: MATERIAL_VERSION_UPLOAD, targetId: materialId },
    check: async (c) => {
      await authorableMaterial(c, materialId);
    },
    attach: async (tx, { upload, file }) => {
      const material = await authorableMaterial(tx, materialId, { locked: true });
      // raw SQL: coalesce(max(…), 0) as one scalar, without loading versions
      const [{ latest }] = await tx.em.execute<{ latest: number }[]>(
        'SELECT coalesce(max(version), 0)::int AS latest FROM material_versions WHERE material_id = ?',
        [material.id],
      );
      const version = tx.em.create(MaterialVersion, {
        material,
        version: latest + 1,
        file,
        uploadedBy: upload.requestedBy,
        uploadedByApiKey: upload.requestedByApiKey,
      });
      material.currentVersion = ref(version);
      return material;
    },
  });
}

/**
 * The material, refused unless the caller may change its files now. `locked` (in the commit's
 * transaction) reads the course again under a shared lock, so a submit for review either waits
 * for this commit or went first and is seen here, and locks the material so that its versions
 * are numbered one at a time.
 */
async function authorableMaterial(ctx: Context, materialId: string, options: { locked?: boolean } = {}): Promise<Material> {
  const { material, course } = await findMaterialForAuthoring(ctx, materialId);
  if (options.locked) {
    const current = await ctx.em.findOne(Course, { id: course.id }, { lockMode: LockMode.PESSIMISTIC_READ, refresh: true });
    const locked = await ctx.em.findOne(Material, { id: material.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (!current || !locked) throw notFound('Material');
  }
  assertAuthorOf(ctx, course);
  if (!isEditable(course)) throw conflict('Files change only while the course is a draft');
  return material;
}
