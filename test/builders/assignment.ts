import { randomBytes, randomUUID } from 'node:crypto';
import type { Credentials } from '../support/graphql-client';
import { pdfBytes, sha256 } from '../support/sample-files';
import type { ApiUnderTest } from '../support/test-app';
import { authorToken, type BuiltCourse } from './catalogue';
import type { BuiltUser } from './identity';

const unique = () => randomBytes(2).toString('hex').toUpperCase();

export const ASSIGNMENT_FIELDS = `instructions dueAt latePolicy closesAt maxScore allowText allowedContentTypes maxFileBytes maxFiles
  rubric { id title description maxPoints levels { id title description points } }`;
export const SET_ASSIGNMENT = `mutation ($materialId: ID!, $input: AssignmentInput!) {
  setAssignment(materialId: $materialId, input: $input) { ${ASSIGNMENT_FIELDS} material { id kind } }
}`;
export const SUBMISSION_FIELDS = `id number text status late submittedAt decidedAt
  learner { id } material { id } course { id } cohort { id }
  files { id filename contentType size sha256 purpose downloadUrl }`;
export const SUBMIT = `mutation ($materialId: ID!, $input: SubmissionInput!) {
  submitAssignment(materialId: $materialId, input: $input) { ${SUBMISSION_FIELDS} }
}`;
export const REQUEST_WORK_UPLOAD = `mutation ($materialId: ID!, $file: FileInput!) {
  requestSubmissionUpload(materialId: $materialId, file: $file) { uploadId url method headers { name value } }
}`;
export const COMPLETE_WORK_UPLOAD = `mutation ($materialId: ID!, $uploadId: ID!) {
  completeSubmissionUpload(materialId: $materialId, uploadId: $uploadId) { id filename contentType size sha256 purpose downloadUrl }
}`;
export const REQUEST_FEEDBACK_UPLOAD = `mutation ($submissionId: ID!, $file: FileInput!) {
  requestReviewFileUpload(submissionId: $submissionId, file: $file) { uploadId url method headers { name value } }
}`;
export const COMPLETE_FEEDBACK_UPLOAD = `mutation ($submissionId: ID!, $uploadId: ID!) {
  completeReviewFileUpload(submissionId: $submissionId, uploadId: $uploadId) { id filename contentType size sha256 purpose downloadUrl }
}`;
export const REVIEW_FIELDS = `id decision score comment createdAt reviewer { id }
  rubricScores { criterionId levelId points criterion level }
  feedbackFile { id filename downloadUrl }
  submission { id status decidedAt }`;
export const REVIEW = `mutation ($submissionId: ID!, $input: ReviewInput!) {
  reviewSubmission(submissionId: $submissionId, input: $input) { ${REVIEW_FIELDS} }
}`;

export interface AssignmentValues {
  instructions?: string;
  dueAt?: string | null;
  latePolicy?: 'ACCEPT_LATE' | 'ACCEPT_UNTIL_CLOSE' | 'REFUSE_LATE';
  closesAt?: string | null;
  maxScore?: number;
  rubric?: { title: string; description?: string; levels: { title: string; description?: string; points: number }[] }[];
  allowText?: boolean;
  allowedContentTypes?: string[];
  maxFileBytes?: number | null;
  maxFiles?: number | null;
}

/** Two criteria of 0–3 and 0–7 points: best levels add up to 10. */
export const SAMPLE_RUBRIC = [
  {
    title: 'Kelengkapan analisis',
    levels: [
      { title: 'Kurang', points: 0 },
      { title: 'Cukup', points: 2 },
      { title: 'Baik', points: 3 },
    ],
  },
  {
    title: 'Rencana aksi',
    description: 'Langkah perbaikan layanan yang realistis',
    levels: [
      { title: 'Belum ada', points: 0 },
      { title: 'Ada tetapi umum', points: 4 },
      { title: 'Rinci dan terukur', points: 7 },
    ],
  },
];

/** An ISO date `minutes` from now (negative: in the past). */
export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** An ASSIGNMENT material appended to a module of a DRAFT course. */
export async function buildAssignmentMaterial(t: ApiUnderTest, course: BuiltCourse, moduleId: string, input: { title?: string; required?: boolean } = {}) {
  const data = await t.ok<{ addMaterial: { id: string; kind: string } }>(
    `mutation ($moduleId: ID!, $input: MaterialInput!) { addMaterial(moduleId: $moduleId, input: $input) { id kind } }`,
    { moduleId, input: { title: input.title ?? `Tugas analisis layanan ${unique()}`, kind: 'ASSIGNMENT', required: input.required ?? true } },
    { token: await authorToken(course.author) },
  );
  return data.addMaterial;
}

export interface BuiltAssignment {
  maxScore: number;
  rubric: { id: string; title: string; maxPoints: number; levels: { id: string; title: string; points: number }[] }[];
}

/** Sets the assignment as the course's author: text and PDF by default, 10 points, no rubric, no due date. */
export async function setAssignment(t: ApiUnderTest, course: BuiltCourse, materialId: string, values: AssignmentValues = {}): Promise<BuiltAssignment> {
  const data = await t.ok<{ setAssignment: BuiltAssignment }>(
    SET_ASSIGNMENT,
    {
      materialId,
      input: {
        instructions: '## Tugas\nAnalisis satu layanan publik di unit kerja Anda dan susun rencana perbaikannya.',
        maxScore: 10,
        allowedContentTypes: ['application/pdf'],
        ...values,
      },
    },
    { token: await authorToken(course.author) },
  );
  return data.setAssignment;
}

export interface BuiltSubmissionFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  purpose: string;
  downloadUrl: string | null;
}

async function put(ticket: { url: string; method: string; headers: { name: string; value: string }[] }, bytes: Buffer) {
  const headers = Object.fromEntries(ticket.headers.map((h) => [h.name, h.value]));
  const response = await fetch(ticket.url, { method: ticket.method, headers, body: bytes });
  if (!response.ok) throw new Error(`PUT: HTTP ${response.status} ${await response.text()}`);
}

/** One file of the learner's work: ticket, PUT straight to storage, completion (not yet handed in). */
export async function uploadWorkFile(
  t: ApiUnderTest,
  credentials: Credentials,
  materialId: string,
  bytes: Buffer = pdfBytes(),
  filename = 'analisis-layanan.pdf',
  contentType = 'application/pdf',
): Promise<BuiltSubmissionFile> {
  const file = { filename, contentType, size: bytes.length, sha256: sha256(bytes) };
  const ticket = (await t.ok(REQUEST_WORK_UPLOAD, { materialId, file }, credentials)).requestSubmissionUpload;
  await put(ticket, bytes);
  return (await t.ok(COMPLETE_WORK_UPLOAD, { materialId, uploadId: ticket.uploadId }, credentials)).completeSubmissionUpload;
}

/** A reviewer's feedback file on a submission, verified and waiting for reviewSubmission to name it. */
export async function uploadFeedbackFile(
  t: ApiUnderTest,
  credentials: Credentials,
  submissionId: string,
  bytes: Buffer = pdfBytes(),
  filename = 'catatan-penilai.pdf',
  contentType = 'application/pdf',
): Promise<BuiltSubmissionFile> {
  const file = { filename, contentType, size: bytes.length, sha256: sha256(bytes) };
  const ticket = (await t.ok(REQUEST_FEEDBACK_UPLOAD, { submissionId, file }, credentials)).requestReviewFileUpload;
  await put(ticket, bytes);
  return (await t.ok(COMPLETE_FEEDBACK_UPLOAD, { submissionId, uploadId: ticket.uploadId }, credentials)).completeReviewFileUpload;
}

export interface BuiltSubmission {
  id: string;
  number: number;
  text: string | null;
  status: string;
  late: boolean;
  submittedAt: string;
  decidedAt: string | null;
  files: BuiltSubmissionFile[];
}

/** The learner uploads a PDF and hands it in with a text (set `file: false` for text only). */
export async function submitWork(
  t: ApiUnderTest,
  learner: BuiltUser,
  materialId: string,
  values: { text?: string | null; file?: boolean; clientSubmissionId?: string } = {},
): Promise<BuiltSubmission> {
  const credentials = { token: await authorToken(learner) };
  const fileIds = values.file === false ? [] : [(await uploadWorkFile(t, credentials, materialId)).id];
  const text = values.text === undefined ? 'Analisis layanan KTP elektronik di Disdukcapil Kota Sibolga terlampir.' : values.text;
  const data = await t.ok<{ submitAssignment: BuiltSubmission }>(
    SUBMIT,
    { materialId, input: { text, fileIds, clientSubmissionId: values.clientSubmissionId ?? randomUUID() } },
    credentials,
  );
  return data.submitAssignment;
}

export interface ReviewValues {
  decision?: 'ACCEPTED' | 'NEEDS_REVISION' | null;
  score?: number | null;
  rubric?: { criterionId: string; levelId: string }[];
  comment?: string | null;
  feedbackFileId?: string | null;
}

/** Reviews a submission as `reviewer` (staff of the work); answers the review. */
export async function reviewSubmission(t: ApiUnderTest, reviewer: BuiltUser, submissionId: string, values: ReviewValues) {
  const data = await t.ok<{ reviewSubmission: { id: string; decision: string | null; score: number | null; submission: { id: string; status: string } } }>(
    REVIEW,
    { submissionId, input: values },
    { token: await authorToken(reviewer) },
  );
  return data.reviewSubmission;
}
