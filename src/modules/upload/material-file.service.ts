import type { Context } from '../../context';
import { canAuthorCourse, canDownloadCourseFiles } from '../course/course.policy';
import { enrollmentKey } from '../enrollment/enrollment.loader';
import type { Material } from '../material/material.entity';
import { courseOfMaterial } from '../material/material.service';
import type { MaterialVersion } from './material-version.entity';
import { DOWNLOAD_URL_TTL_SECONDS } from './upload.rules';

/** The version learners get, to those who may see the material's files. */
export async function currentVersionOf(ctx: Context, material: Material): Promise<MaterialVersion | null> {
  if (!material.currentVersion) return null;
  const course = await courseOfMaterial(ctx, material);
  if (!course) return null;
  const enrollment =
    ctx.caller?.kind === 'user' ? await ctx.loaders.enrollmentByUserAndCourse.load(enrollmentKey(ctx.caller.userId, course.id)) : null;
  if (!canDownloadCourseFiles(ctx.caller, course, enrollment)) return null;
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
  const blob = await ctx.loaders.storedBlobById.load(version.blob.id);
  if (!blob) return null;
  return ctx.app.storage.presignedGetUrl(blob.objectKey, DOWNLOAD_URL_TTL_SECONDS, {
    downloadFilename: version.filename,
    contentType: version.contentType,
  });
}
