import type { Context } from '../../context';
import { badInput, conflict, forbidden, notFound } from '../../errors';
import { assignmentIdOf } from '../assignment/assignment.loader';
import { submissionTiming } from '../assignment/assignment.rules';
import { completeUpload } from '../files/complete-upload.service';
import { issueUploadTicket, uploaderOf } from '../files/request-upload.service';
import type { FileInput, UploadTicket } from '../files/upload.inputs';
import { checkFileAgainst, DOCX, DOWNLOAD_URL_TTL_SECONDS, type FileRules, JPEG, MiB, ODP, ODS, ODT, PDF, PNG, PPTX, WEBP, XLSX } from '../files/upload.rules';
import { assignmentForLearner, canSeeSubmissionFile, isStaffOfSubmission } from './submission-access.service';
import type { Submission } from './submission.entity';
import { SubmissionFile, SubmissionFilePurpose } from './submission-file.entity';

/**
 * Files of learners' work and reviewers' feedback travel like materials' files: a presigned
 * PUT straight to storage, then the same verification (size, SHA-256, sniffed type) on completion.
 */

/** What uploads of this module are for, as uploads.purpose keeps it: never renamed without a migration. */
export const SUBMISSION_WORK_UPLOAD = 'submission-work';
export const REVIEW_FILE_UPLOAD = 'review-file';

/** A reviewer's feedback file (an annotated copy, a scanned form): documents and images. */
const FEEDBACK_FILE_RULES: FileRules = { contentTypes: [PDF, DOCX, ODT, PPTX, ODP, XLSX, ODS, PNG, JPEG, WEBP], maxBytes: 50 * MiB };

const WORK = { subject: 'This assignment', file: 'A submitted file' };
const FEEDBACK = { subject: 'A feedback file', file: 'A feedback file' };

function workRules(assignment: { allowedContentTypes: string[]; maxFileBytes: number }): FileRules | undefined {
  return assignment.allowedContentTypes.length ? { contentTypes: assignment.allowedContentTypes, maxBytes: assignment.maxFileBytes } : undefined;
}

/** A ticket for one file of the learner's work, checked against the assignment's types and size. */
export async function requestSubmissionUpload(ctx: Context, materialId: string, file: FileInput): Promise<UploadTicket> {
  const uploader = uploaderOf(ctx);
  const { assignment, material } = await assignmentForLearner(ctx, materialId);
  const problem = checkFileAgainst(workRules(assignment), WORK, file);
  if (problem) throw badInput([problem]);
  // Bytes sent for work the assignment would refuse anyway are wasted on a slow link: said now.
  const timing = submissionTiming(assignment, new Date());
  if (!timing.taken) throw conflict(timing.reason, 'materialId');
  return issueUploadTicket(ctx, { purpose: SUBMISSION_WORK_UPLOAD, targetId: material.id }, uploader, file);
}

/**
 * Verifies the file and keeps it as the learner's, ready to be named in submitAssignment (not yet
 * handed in). The learner's right to hand in is checked before the bytes are read; handing the
 * file in checks it again, so the commit only records the verified file.
 */
export function completeSubmissionUpload(ctx: Context, materialId: string, uploadId: string): Promise<SubmissionFile> {
  return completeUpload(ctx, uploadId, {
    owner: { purpose: SUBMISSION_WORK_UPLOAD, targetId: materialId },
    check: async (c) => {
      await assignmentForLearner(c, materialId);
    },
    attach: async (tx, { file }) => {
      const { userId, material } = await assignmentForLearner(tx, materialId);
      return tx.em.create(SubmissionFile, {
        assignment: material.id,
        owner: userId,
        uploadedBy: userId,
        purpose: SubmissionFilePurpose.WORK,
        file,
      });
    },
  });
}

/** The submission a reviewer is about to attach a feedback file to: staff of the work only. */
async function submissionForStaff(ctx: Context, submissionId: string): Promise<Submission> {
  if (ctx.caller?.kind !== 'user') throw forbidden('Only a signed-in person reviews work');
  const submission = await ctx.loaders.submissionById.load(submissionId);
  if (!submission) throw notFound('Submission');
  if (!(await isStaffOfSubmission(ctx, submission))) throw forbidden('Only the course’s staff and the learner’s cohort instructors review this work');
  return submission;
}

export async function requestReviewFileUpload(ctx: Context, submissionId: string, file: FileInput): Promise<UploadTicket> {
  const uploader = uploaderOf(ctx);
  const submission = await submissionForStaff(ctx, submissionId);
  const problem = checkFileAgainst(FEEDBACK_FILE_RULES, FEEDBACK, file);
  if (problem) throw badInput([problem]);
  return issueUploadTicket(ctx, { purpose: REVIEW_FILE_UPLOAD, targetId: submission.id }, uploader, file);
}

/**
 * Verifies a feedback file and keeps it with the submission until a review names it. Staff of
 * the work are checked before the bytes are read; the review naming the file checks again.
 */
export function completeReviewFileUpload(ctx: Context, submissionId: string, uploadId: string): Promise<SubmissionFile> {
  return completeUpload(ctx, uploadId, {
    owner: { purpose: REVIEW_FILE_UPLOAD, targetId: submissionId },
    check: async (c) => {
      await submissionForStaff(c, submissionId);
    },
    attach: async (tx, { file }) => {
      const submission = await submissionForStaff(tx, submissionId);
      const reviewerId = (tx.caller as { userId: string }).userId;
      return tx.em.create(SubmissionFile, {
        assignment: assignmentIdOf(submission.assignment),
        owner: submission.learner.id,
        uploadedBy: reviewerId,
        purpose: SubmissionFilePurpose.FEEDBACK,
        submission: submission.id,
        file,
      });
    },
  });
}

/** A 10-minute presigned GET, named as uploaded, for the learner and staff of the work; null for anyone else. */
export async function downloadUrlOf(ctx: Context, file: SubmissionFile): Promise<string | null> {
  if (!(await canSeeSubmissionFile(ctx, file))) return null;
  const blob = await ctx.loaders.storedBlobById.load(file.file.blob.id);
  if (!blob) return null;
  return ctx.app.storage.presignedGetUrl(blob.objectKey, DOWNLOAD_URL_TTL_SECONDS, { downloadFilename: file.filename, contentType: file.contentType });
}
