import { randomBytes } from 'node:crypto';
import { mp4Bytes, pdfBytes, pngBytes, wavBytes } from '../support/sample-files';
import type { ApiUnderTest } from '../support/test-app';
import { uploadFile } from '../support/uploads';
import { buildOrganization, buildUser, type BuiltUser } from './identity';

const unique = () => randomBytes(3).toString('hex').toUpperCase();

const tokens = new WeakMap<BuiltUser, Promise<string>>();
/** One login per author for a whole test file: access tokens last 15 minutes. */
export function authorToken(author: BuiltUser): Promise<string> {
  let token = tokens.get(author);
  if (!token) {
    token = author.token();
    tokens.set(author, token);
  }
  return token;
}

export interface BuiltCourse {
  id: string;
  code: string;
  title: string;
  status: string;
  organizationId: string;
  /** An instructor of the owning organization who may author the course. */
  author: BuiltUser;
}

/** A DRAFT course owned by an agency, authored by one of its instructors (created when not given). */
export async function buildCourse(
  t: ApiUnderTest,
  input: {
    author?: BuiltUser;
    title?: string;
    summary?: string;
    description?: string;
    tags?: string[];
    competency?: 'TEKNIS' | 'MANAJERIAL' | 'SOSIAL_KULTURAL';
    deliveryMode?: 'ONLINE' | 'BLENDED' | 'CLASSROOM';
    jp?: number;
  } = {},
): Promise<BuiltCourse> {
  const author = input.author ?? (await buildUser(t, { roles: ['INSTRUCTOR'], organizationId: (await buildOrganization(t)).id }));
  const code = `PLT-${unique()}`;
  const data = await t.ok<{ createCourse: { id: string; code: string; title: string; status: string } }>(
    `mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id code title status } }`,
    {
      input: {
        code,
        title: input.title ?? `Pelatihan ${unique()}`,
        summary: input.summary ?? 'Pelatihan bagi ASN Kota Sibolga.',
        description: input.description ?? '## Tujuan\nPeserta mampu menerapkan materi dalam tugas sehari-hari.',
        competency: input.competency ?? 'TEKNIS',
        deliveryMode: input.deliveryMode ?? 'ONLINE',
        jp: input.jp ?? 8,
        tags: input.tags ?? [],
      },
    },
    { token: await authorToken(author) },
  );
  return { ...data.createCourse, organizationId: author.organizationId, author };
}

export async function buildModule(t: ApiUnderTest, course: BuiltCourse, input: { title?: string } = {}) {
  const data = await t.ok<{ addModule: { id: string; position: number } }>(
    `mutation ($courseId: ID!, $input: ModuleInput!) { addModule(courseId: $courseId, input: $input) { id position } }`,
    { courseId: course.id, input: { title: input.title ?? `Modul ${unique()}`, estimatedMinutes: 45 } },
    { token: await authorToken(course.author) },
  );
  return data.addModule;
}

export type MaterialKind = 'VIDEO' | 'DOCUMENT' | 'SLIDES' | 'AUDIO' | 'IMAGE' | 'TEXT' | 'LINK';

/** A material of the given kind; TEXT gets a Markdown body and LINK a web address. */
export async function buildMaterial(
  t: ApiUnderTest,
  course: BuiltCourse,
  moduleId: string,
  kind: MaterialKind,
  input: { title?: string } = {},
) {
  const content =
    kind === 'TEXT'
      ? { body: '# Standar Pelayanan\nSetiap unit layanan wajib menetapkan standar pelayanan.' }
      : kind === 'LINK'
        ? { url: 'https://jdih.sibolgakota.go.id/peraturan/pelayanan-publik' }
        : {};
  const data = await t.ok<{ addMaterial: { id: string; position: number; kind: string; status: string } }>(
    `mutation ($moduleId: ID!, $input: MaterialInput!) { addMaterial(moduleId: $moduleId, input: $input) { id position kind status } }`,
    { moduleId, input: { title: input.title ?? `Materi ${kind.toLowerCase()} ${unique()}`, kind, ...content } },
    { token: await authorToken(course.author) },
  );
  return data.addMaterial;
}

/** A small real file for each file-backed kind, as an author would upload it. */
const SAMPLE_FILES: Record<string, () => { bytes: Buffer; filename: string; contentType: string }> = {
  DOCUMENT: () => ({ bytes: pdfBytes(), filename: 'modul.pdf', contentType: 'application/pdf' }),
  SLIDES: () => ({ bytes: pdfBytes(), filename: 'paparan.pdf', contentType: 'application/pdf' }),
  VIDEO: () => ({ bytes: mp4Bytes(4096), filename: 'video.mp4', contentType: 'video/mp4' }),
  AUDIO: () => ({ bytes: wavBytes(), filename: 'audio.wav', contentType: 'audio/wav' }),
  IMAGE: () => ({ bytes: pngBytes(), filename: 'gambar.png', contentType: 'image/png' }),
};

/**
 * Takes a course through review to PUBLISHED (adds a module when it has none). A file-backed
 * material still awaiting its file gets a sample one first: review refuses a course without them.
 */
export async function publishCourse(t: ApiUnderTest, course: BuiltCourse): Promise<void> {
  const token = await authorToken(course.author);
  const modules = await t.ok<{ course: { modules: { id: string; materials: { id: string; kind: string; status: string }[] }[] } }>(
    `query ($id: ID) { course(id: $id) { modules { id materials { id kind status } } } }`,
    { id: course.id },
    { token },
  );
  if (!modules.course.modules.length) await buildModule(t, course);
  for (const material of modules.course.modules.flatMap((module) => module.materials)) {
    if (material.status !== 'AWAITING_UPLOAD') continue;
    const sample = SAMPLE_FILES[material.kind]();
    await uploadFile(t, { token }, material.id, sample.bytes, sample.filename, sample.contentType);
  }
  await t.ok(`mutation ($id: ID!) { submitCourseForReview(id: $id) { status } }`, { id: course.id }, { token: await authorToken(course.author) });
  await t.ok(`mutation ($id: ID!) { publishCourse(id: $id) { status } }`, { id: course.id }, { token: await t.adminToken() });
}
