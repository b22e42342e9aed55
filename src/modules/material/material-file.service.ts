import type { Context } from '../../context';
import { canAuthorCourse, canDownloadCourseFiles } from '../course/course.policy';
import { enrollmentKey } from '../enrollment/enrollment.loader';
import { isModuleLockedFor } from '../progress/module-lock.service';
import type { Material, MaterialVersion } from './material.entity';
import { DOWNLOAD_URL_TTL_SECONDS } from '../files/upload.rules';
import { courseOfMaterial } from './material.service';

/**
 * The version learners get, to those who may see the material's files: a learner only once the
 * material's module is unlocked (the same lock as progress and quizzes); authors always.
 */
export async function currentVersionOf(ctx: Context, material: Material): Promise<MaterialVersion | null> {
  if (!material.currentVersion) return null;
  const module = await ctx.loaders.moduleById.load(material.module.id);
  const course = module ? await ctx.loaders.courseById.load(module.course.id) : null;
  if (!module || !course) return null;
  if (!canAuthorCourse(ctx.caller, course)) {
    if (ctx.caller?.kind !== 'user') return null;
    const enrollment = await ctx.loaders.enrollmentByUserAndCourse.load(enrollmentKey(ctx.caller.userId, course.id));
    if (!canDownloadCourseFiles(ctx.caller, course, enrollment)) return null;
    if (await isModuleLockedFor(ctx, ctx.caller.userId, module)) return null;
  }
  return ctx.loaders.materialVersionById.load(material.currentVersion.id);
}

/** Every version, newest first: the history is for the course's authors only. */
export async function versionsOf(ctx: Context, material: Material): Promise<MaterialVersion[]> {
  const course = await courseOfMaterial(ctx, material);
  if (!course || !canAuthorCourse(ctx.caller, course)) return [];
  return ctx.loaders.versionsByMaterialId.load(material.id);
}

/**
 * A short-lived presigned GET of the current file, named as uploaded; null without a file or
 * without the right to download. Range requests (video seeking) work on it as on any GET.
 */
export async function downloadUrlOf(ctx: Context, material: Material): Promise<string | null> {
  const version = await currentVersionOf(ctx, material);
  if (!version) return null;
  const blob = await ctx.loaders.storedBlobById.load(version.file.blob.id);
  if (!blob) return null;
  return ctx.app.storage.presignedGetUrl(blob.objectKey, DOWNLOAD_URL_TTL_SECONDS, {
    downloadFilename: version.filename,
    contentType: version.contentType,
    // A version's bytes never change: browsers and CDNs may keep them.
    immutable: true,
  });
}
