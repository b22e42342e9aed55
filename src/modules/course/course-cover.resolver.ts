import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { Course } from './course.entity';
import { COURSE_AUTHOR_ROLES } from '../../identity';
import { completeCourseCoverUpload, coverImageUrlOf, coverSha256Of, requestCourseCoverUpload } from './course-cover.service';
import { FileInput, UploadTicket } from '../files/upload.inputs';

/** The file side of a course (its cover); the catalogue side lives with the course module. */
@Resolver(() => Course)
export class CourseCoverResolver {
  @Authorized(...COURSE_AUTHOR_ROLES)
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => UploadTicket, {
    description: 'Checks the cover (PNG, JPEG or WebP, at most 5 MiB) and answers a presigned URL to PUT its bytes to.',
  })
  requestCourseCoverUpload(
    @Ctx() ctx: Context,
    @Arg('courseId', () => ID) courseId: string,
    @Arg('file', () => FileInput) file: FileInput,
  ) {
    return requestCourseCoverUpload(ctx, courseId, file);
  }

  @Authorized(...COURSE_AUTHOR_ROLES)
  @Mutation(() => Course, {
    description: 'Verifies size, SHA-256 and real type of the uploaded bytes and makes them the course cover.',
  })
  completeCourseCoverUpload(
    @Ctx() ctx: Context,
    @Arg('courseId', () => ID) courseId: string,
    @Arg('uploadId', () => ID) uploadId: string,
  ) {
    return completeCourseCoverUpload(ctx, courseId, uploadId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Presigned GET of the cover image, valid 10 minutes; null without a cover.',
  })
  coverImageUrl(@Root() course: Course, @Ctx() ctx: Context) {
    return coverImageUrlOf(ctx, course);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'SHA-256 of the cover image, for the course’s authors (so a publisher can skip an unchanged cover); null otherwise.',
  })
  coverSha256(@Root() course: Course, @Ctx() ctx: Context) {
    return coverSha256Of(ctx, course);
  }
}
