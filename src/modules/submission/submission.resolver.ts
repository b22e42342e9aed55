import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ANSWER_NOT_KEPT } from '../../graphql/idempotency';
import type { Context } from '../../context';
import { Assignment } from '../assignment/assignment.entity';
import { Cohort } from '../cohort/cohort.entity';
import { Course } from '../course/course.entity';
import { Material } from '../material/material.entity';
import { Review } from '../review/review.entity';
import { FileInput, UploadTicket } from '../files/upload.inputs';
import { User } from '../user/user.entity';
import * as files from './submission-file.service';
import { Submission } from './submission.entity';
import { SubmissionFile } from './submission-file.entity';
import { SubmissionInput } from './submission.inputs';
import * as submissions from './submission.service';
import { submitAssignment } from './submit-assignment.service';

@Resolver()
export class SubmissionMutationResolver {
  @Authorized()
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => UploadTicket, { description: "Enrolled learners: checks a file against the assignment's types and size and answers where to PUT it." })
  requestSubmissionUpload(@Ctx() ctx: Context, @Arg('materialId', () => ID) materialId: string, @Arg('file', () => FileInput) file: FileInput) {
    return files.requestSubmissionUpload(ctx, materialId, file);
  }

  @Authorized()
  @Mutation(() => SubmissionFile, { description: 'Verifies size, SHA-256 and real type; the file is handed in only when submitAssignment names it.' })
  completeSubmissionUpload(@Ctx() ctx: Context, @Arg('materialId', () => ID) materialId: string, @Arg('uploadId', () => ID) uploadId: string) {
    return files.completeSubmissionUpload(ctx, materialId, uploadId);
  }

  @Authorized()
  @Mutation(() => Submission, { description: 'Hands in a new attempt; an earlier one still awaiting review is SUPERSEDED. Past a hard deadline: CONFLICT.' })
  submitAssignment(@Ctx() ctx: Context, @Arg('materialId', () => ID) materialId: string, @Arg('input', () => SubmissionInput) input: SubmissionInput) {
    return submitAssignment(ctx, materialId, input);
  }

  @Authorized()
  // Its answer holds a secret or a short-lived link: not kept for Idempotency-Key replays.
  @Extensions(ANSWER_NOT_KEPT)
  @Mutation(() => UploadTicket, { description: 'Staff of the work: a feedback file (documents or images, at most 50 MiB).' })
  requestReviewFileUpload(@Ctx() ctx: Context, @Arg('submissionId', () => ID) submissionId: string, @Arg('file', () => FileInput) file: FileInput) {
    return files.requestReviewFileUpload(ctx, submissionId, file);
  }

  @Authorized()
  @Mutation(() => SubmissionFile, { description: 'Verifies a feedback file; reviewSubmission then names it as feedbackFileId.' })
  completeReviewFileUpload(@Ctx() ctx: Context, @Arg('submissionId', () => ID) submissionId: string, @Arg('uploadId', () => ID) uploadId: string) {
    return files.completeReviewFileUpload(ctx, submissionId, uploadId);
  }
}

@Resolver(() => Submission)
export class SubmissionResolver {
  @Query(() => Submission, { nullable: true, description: 'Its learner, or staff of the work; anyone else: FORBIDDEN.' })
  submission(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return submissions.findSubmission(ctx, id);
  }

  @FieldResolver(() => User)
  learner(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.learnerOf(ctx, submission);
  }

  @FieldResolver(() => Assignment)
  assignment(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.assignmentOf(ctx, submission);
  }

  @FieldResolver(() => Material)
  material(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.materialOf(ctx, submission);
  }

  @FieldResolver(() => Course)
  course(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.courseOf(ctx, submission);
  }

  @FieldResolver(() => Cohort, { nullable: true, description: 'The cohort it was handed in under; null outside any cohort.' })
  cohort(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.cohortOf(ctx, submission);
  }

  @FieldResolver(() => [SubmissionFile], { description: 'The files handed in, in order.' })
  files(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.filesOf(ctx, submission);
  }

  @FieldResolver(() => [Review], { description: 'Grades and feedback, oldest first.' })
  reviews(@Root() submission: Submission, @Ctx() ctx: Context) {
    return submissions.reviewsOf(ctx, submission);
  }
}

@Resolver(() => SubmissionFile)
export class SubmissionFileResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Presigned GET, valid 10 minutes; for the learner and staff of the work only.' })
  downloadUrl(@Root() file: SubmissionFile, @Ctx() ctx: Context) {
    return files.downloadUrlOf(ctx, file);
  }
}

export const submissionResolvers = [SubmissionMutationResolver, SubmissionResolver, SubmissionFileResolver] as const;
