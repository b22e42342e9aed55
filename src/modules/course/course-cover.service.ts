import { LockMode, ref } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badInput } from '../../errors';
import { completeUpload } from '../files/complete-upload.service';
import { issueUploadTicket, uploaderOf } from '../files/request-upload.service';
import type { FileInput, UploadTicket } from '../files/upload.inputs';
import { checkFileAgainst, DOWNLOAD_URL_TTL_SECONDS } from '../files/upload.rules';
import { COURSE_COVER_NAMES, COURSE_COVER_RULES } from './course-cover.rules';
import type { Course } from './course.entity';
import { canAuthorCourse, canViewCourse } from './course.policy';
import { courseForAuthoring } from './course.service';

/** Uploads of a course's cover, as uploads.purpose keeps it: never renamed without a migration. */
export const COURSE_COVER_UPLOAD = 'course-cover';

/** Answers where to send a course's new cover: the material flow's ticket, with the cover's rules. */
export async function requestCourseCoverUpload(ctx: Context, courseId: string, file: FileInput): Promise<UploadTicket> {
  const uploader = uploaderOf(ctx);
  const course = await courseForAuthoring(ctx, courseId);
  const problem = checkFileAgainst(COURSE_COVER_RULES, COURSE_COVER_NAMES, file);
  if (problem) throw badInput([problem]);
  return issueUploadTicket(ctx, { purpose: COURSE_COVER_UPLOAD, targetId: course.id }, uploader, file);
}

/** Verifies the uploaded cover exactly as a material's file and makes it the course's cover. */
export function completeCourseCoverUpload(ctx: Context, courseId: string, uploadId: string): Promise<Course> {
  return completeUpload(ctx, uploadId, {
    owner: { purpose: COURSE_COVER_UPLOAD, targetId: courseId },
    check: async (c) => {
      await courseForAuthoring(c, courseId);
    },
    attach: async (tx, { upload, blob, contentType }) => {
      // Read again and locked until the commit: a submit for review waits, so a cover never lands on a course past DRAFT.
      const course = await courseForAuthoring(tx, courseId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // The replaced cover's blob needs no care: storage cleanup removes it once nothing references it.
      course.coverBlob = ref(blob);
      course.coverFilename = upload.filename;
      course.coverContentType = contentType;
      return course;
    },
  });
}

/** A short-lived presigned GET of the cover for whoever may see the course; null without a cover. */
export async function coverImageUrlOf(ctx: Context, course: Course): Promise<string | null> {
  if (!course.coverBlob || !canViewCourse(ctx.caller, course)) return null;
  const blob = await ctx.loaders.storedBlobById.load(course.coverBlob.id);
  if (!blob) return null;
  return ctx.app.storage.presignedGetUrl(blob.objectKey, DOWNLOAD_URL_TTL_SECONDS, {
    downloadFilename: course.coverFilename,
    contentType: course.coverContentType,
  });
}

/** The cover's SHA-256 for the course's authors (a publisher skips an unchanged cover); null for others or without a cover. */
export async function coverSha256Of(ctx: Context, course: Course): Promise<string | null> {
  if (!course.coverBlob || !canAuthorCourse(ctx.caller, course)) return null;
  const blob = await ctx.loaders.storedBlobById.load(course.coverBlob.id);
  return blob?.sha256 ?? null;
}
