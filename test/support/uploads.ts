import { buildCourse, buildMaterial, buildModule } from '../builders/catalogue';
import type { Credentials } from './graphql-client';
import { pdfBytes, sha256 } from './sample-files';
import type { ApiUnderTest } from './test-app';

export const REQUEST_UPLOAD = `mutation ($materialId: ID!, $file: FileInput!) {
  requestMaterialUpload(materialId: $materialId, file: $file) {
    uploadId url method multipart partSize partCount parts { partNumber url } headers { name value } expiresAt
  }
}`;
export const COMPLETE_UPLOAD = `mutation ($materialId: ID!, $uploadId: ID!) {
  completeMaterialUpload(materialId: $materialId, uploadId: $uploadId) { id status currentVersion { version size sha256 } }
}`;

/**
 * Uploads as a client does: asks for a ticket, sends the bytes straight to object storage
 * with `fetch` (one PUT, or one PUT per part), then asks the API to complete.
 */
export async function uploadFile(
  t: ApiUnderTest,
  credentials: Credentials,
  materialId: string,
  bytes: Buffer,
  filename: string,
  contentType: string,
): Promise<{ multipart: boolean; material: { id: string; status: string; currentVersion: { sha256: string } } }> {
  const file = { filename, contentType, size: bytes.length, sha256: sha256(bytes) };
  const ticket = (await t.ok(REQUEST_UPLOAD, { materialId, file }, credentials)).requestMaterialUpload;
  const headers = Object.fromEntries(ticket.headers.map((h: { name: string; value: string }) => [h.name, h.value]));
  if (ticket.multipart) {
    for (const part of ticket.parts as { partNumber: number; url: string }[]) {
      const body = bytes.subarray((part.partNumber - 1) * ticket.partSize, part.partNumber * ticket.partSize);
      const response = await fetch(part.url, { method: 'PUT', headers, body });
      if (!response.ok) throw new Error(`part ${part.partNumber}: HTTP ${response.status}`);
    }
  } else {
    const response = await fetch(ticket.url, { method: ticket.method, headers, body: bytes });
    if (!response.ok) throw new Error(`PUT: HTTP ${response.status} ${await response.text()}`);
  }
  const material = (await t.ok(COMPLETE_UPLOAD, { materialId, uploadId: ticket.uploadId }, credentials)).completeMaterialUpload;
  return { multipart: ticket.multipart, material };
}

export const REQUEST_COVER_UPLOAD = `mutation ($courseId: ID!, $file: FileInput!) {
  requestCourseCoverUpload(courseId: $courseId, file: $file) { uploadId url method multipart headers { name value } expiresAt }
}`;
export const COMPLETE_COVER_UPLOAD = `mutation ($courseId: ID!, $uploadId: ID!) {
  completeCourseCoverUpload(courseId: $courseId, uploadId: $uploadId) { id coverImageUrl }
}`;

/** A course cover as a client sends it: ticket, one PUT straight to object storage, completion. */
export async function uploadCourseCover(
  t: ApiUnderTest,
  credentials: Credentials,
  courseId: string,
  bytes: Buffer,
  filename = 'sampul.png',
  contentType = 'image/png',
): Promise<{ uploadId: string; course: { id: string; coverImageUrl: string | null } }> {
  const file = { filename, contentType, size: bytes.length, sha256: sha256(bytes) };
  const ticket = (await t.ok(REQUEST_COVER_UPLOAD, { courseId, file }, credentials)).requestCourseCoverUpload;
  const headers = Object.fromEntries(ticket.headers.map((h: { name: string; value: string }) => [h.name, h.value]));
  const response = await fetch(ticket.url, { method: ticket.method, headers, body: bytes });
  if (!response.ok) throw new Error(`PUT: HTTP ${response.status} ${await response.text()}`);
  const course = (await t.ok(COMPLETE_COVER_UPLOAD, { courseId, uploadId: ticket.uploadId }, credentials)).completeCourseCoverUpload;
  return { uploadId: ticket.uploadId, course };
}

/**
 * The start of an author's upload, for tests about where the bytes go: a DOCUMENT material in a
 * new draft course, a PDF for it, and the upload ticket the author was given.
 */
export async function requestPdfUpload(t: ApiUnderTest) {
  const course = await buildCourse(t);
  const module = await buildModule(t, course);
  const materialId = (await buildMaterial(t, course, module.id, 'DOCUMENT')).id;
  const author = { token: await course.author.token() };
  const bytes = pdfBytes();
  const file = { filename: 'Modul 1.pdf', contentType: 'application/pdf', size: bytes.length, sha256: sha256(bytes) };
  const ticket: { uploadId: string; url: string; method: string } = (await t.ok(REQUEST_UPLOAD, { materialId, file }, author)).requestMaterialUpload;
  return { course, materialId, author, bytes, ticket };
}
