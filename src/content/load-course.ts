import path from 'node:path';
import type { LocatedError } from './errors';
import { describeFile, EXTENSIONS_BY_KIND, type LocalFile, MAX_BYTES_BY_KIND, readUtf8, resolveInside } from './files';
import { loadQuiz } from './load-quiz';
import { courseSchema, FILE_KINDS } from './manifest-schema';
import type { CourseItem, LocalMaterial, LocalQuiz } from './model';
import { asArray, asRecord, asString, type Raw } from './raw';
import type { YamlSource } from './yaml-source';
import { reportIssues } from './zod-issues';

/** The field holding each kind's content; a material has exactly its kind's one. */
const CONTENT_FIELDS = ['body', 'url', 'quiz', 'file'] as const;
type ContentField = (typeof CONTENT_FIELDS)[number];
const fieldOfKind = (kind: string): ContentField | undefined =>
  kind === 'TEXT' ? 'body' : kind === 'LINK' ? 'url' : kind === 'QUIZ' ? 'quiz' : (FILE_KINDS as readonly string[]).includes(kind) ? 'file' : undefined;
const WHAT: Record<ContentField, string> = { body: 'a Markdown file', url: 'an http(s) address', quiz: 'a quiz YAML file', file: 'a file' };

type Resolved<T> = Map<string, T>;

/** What the API refuses in a LINK: anything but http(s), and credentials in the address. */
function linkProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a full http(s) address, e.g. https://…';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) address';
  if (url.username || url.password) return 'must not carry a user name or password';
  return undefined;
}

/**
 * A course folder: the manifest's shape (zod), then what needs the folder (files exist, stay
 * inside it and fit their kind; quiz files) and the manifest as a whole (unique titles,
 * prerequisites naming an earlier module). Every problem is reported; the item only when none.
 */
export async function loadCourse(folder: string, source: YamlSource, errors: LocatedError[]): Promise<CourseItem | undefined> {
  const before = errors.length;
  const parsed = courseSchema.safeParse(source.value);
  if (!parsed.success) reportIssues(source, parsed.error, errors);
  const raw = asRecord(source.value) ?? {};

  const files: Resolved<LocalFile> = new Map();
  const texts: Resolved<string> = new Map();
  const quizzes: Resolved<LocalQuiz> = new Map();
  const fileAt = async (segments: (string | number)[], relative: string, kind: string) => {
    const file = await localFile(folder, source, segments, relative, kind, errors);
    if (file) files.set(segments.join('/'), file);
  };
  const textAt = async (segments: (string | number)[], relative: string) => {
    const text = await markdown(folder, source, segments, relative, errors);
    if (text !== undefined) texts.set(segments.join('/'), text);
  };

  const description = asString(raw.description);
  if (description) await textAt(['description'], description);
  const cover = asString(raw.cover);
  if (cover) await fileAt(['cover'], cover, 'COVER');

  const moduleTitles: string[] = [];
  const purposes = new Map<string, string>();
  for (const [m, value] of asArray(raw.modules).entries()) {
    const module = asRecord(value);
    if (!module) continue;
    const title = asString(module.title);
    if (title && moduleTitles.includes(title)) errors.push(source.error(['modules', m, 'title'], `another module is titled "${title}"`));
    const prerequisite = asString(module.prerequisite);
    if (prerequisite && !moduleTitles.includes(prerequisite)) {
      const later = asArray(raw.modules).some((other) => asString(asRecord(other)?.title) === prerequisite);
      const message = later ? `"${prerequisite}" is not an earlier module (a prerequisite comes before)` : `no module is titled "${prerequisite}"`;
      errors.push(source.error(['modules', m, 'prerequisite'], message));
    }
    if (title) moduleTitles.push(title);

    const materialTitles = new Set<string>();
    for (const [i, item] of asArray(module.materials).entries()) {
      const material = asRecord(item);
      if (!material) continue;
      const at = ['modules', m, 'materials', i];
      const materialTitle = asString(material.title);
      if (materialTitle && materialTitles.has(materialTitle)) {
        errors.push(source.error([...at, 'title'], `another material of this module is titled "${materialTitle}"`));
      }
      if (materialTitle) materialTitles.add(materialTitle);
      await checkMaterialContent(material, at);
    }
  }

  async function checkMaterialContent(material: Raw, at: (string | number)[]) {
    const kind = typeof material.kind === 'string' ? material.kind : '';
    const wanted = fieldOfKind(kind);
    if (!wanted) return;
    for (const field of CONTENT_FIELDS) {
      if (field !== wanted && material[field] !== undefined) {
        errors.push(source.error([...at, field], `a ${kind} material takes no "${field}" (it takes "${wanted}": ${WHAT[wanted]})`, { atKey: true }));
      }
    }
    const value = asString(material[wanted]);
    if (!value) {
      if (material[wanted] === undefined) errors.push(source.error(at, `a ${kind} material needs "${wanted}" (${WHAT[wanted]})`));
      return;
    }
    if (wanted === 'body') await textAt([...at, 'body'], value);
    if (wanted === 'file') await fileAt([...at, 'file'], value, kind);
    if (wanted === 'url') {
      const problem = linkProblem(value);
      if (problem) errors.push(source.error([...at, 'url'], problem));
    }
    if (wanted === 'quiz') {
      const resolved = await resolveInside(folder, value);
      if ('problem' in resolved) return void errors.push(source.error([...at, 'quiz'], resolved.problem));
      const quiz = await loadQuiz(resolved.path, errors);
      if (!quiz) return;
      quizzes.set([...at, 'quiz'].join('/'), quiz);
      const other = purposes.get(quiz.purpose);
      if (quiz.purpose !== 'PRACTICE' && other) {
        errors.push(source.error([...at, 'quiz'], `the course already has a ${quiz.purpose} ("${other}"); a course has one of each`));
      }
      purposes.set(quiz.purpose, value);
    }
  }

  if (!parsed.success || errors.length > before) return undefined;
  const course = parsed.data;
  return {
    kind: 'course',
    folder,
    manifest: source.file,
    code: course.code.toUpperCase(),
    title: course.title,
    summary: course.summary ?? '',
    description: texts.get('description') ?? '',
    competency: course.competency,
    jp: course.jp,
    deliveryMode: course.deliveryMode,
    language: course.language ?? 'id',
    tags: [...new Set((course.tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))],
    cover: files.get('cover'),
    modules: course.modules.map((module, m) => ({
      title: module.title,
      summary: module.summary ?? '',
      estimatedMinutes: module.estimatedMinutes ?? null,
      prerequisite: module.prerequisite ?? null,
      materials: module.materials.map((material, i): LocalMaterial => {
        const key = (field: string) => ['modules', m, 'materials', i, field].join('/');
        return {
          title: material.title,
          kind: material.kind,
          required: material.required ?? true,
          estimatedMinutes: material.estimatedMinutes ?? null,
          body: texts.get(key('body')),
          url: material.url,
          file: files.get(key('file')),
          quiz: quizzes.get(key('quiz')),
        };
      }),
    })),
  };
}

/** A file the manifest names: inside the folder, of a type its kind takes. */
export async function localFile(
  folder: string,
  source: YamlSource,
  segments: (string | number)[],
  relative: string,
  kind: string,
  errors: LocatedError[],
): Promise<LocalFile | undefined> {
  const resolved = await resolveInside(folder, relative);
  if ('problem' in resolved) return void errors.push(source.error(segments, resolved.problem));
  const allowed = EXTENSIONS_BY_KIND[kind] ?? [];
  if (!allowed.includes(path.extname(relative).toLowerCase())) {
    const what = kind === 'COVER' ? 'a cover' : `a ${kind} file`;
    return void errors.push(source.error(segments, `"${relative}" cannot be ${what} (takes ${allowed.join(' ')})`));
  }
  const file = await describeFile(relative, resolved.path);
  if ('problem' in file) return void errors.push(source.error(segments, file.problem));
  const max = MAX_BYTES_BY_KIND[kind];
  if (max && file.size > max) return void errors.push(source.error(segments, `"${relative}" is larger than ${max / 1024 / 1024} MiB, the most ${kind} takes`));
  return file;
}

/** A Markdown file the manifest names: inside the folder, UTF-8. */
export async function markdown(
  folder: string,
  source: YamlSource,
  segments: (string | number)[],
  relative: string,
  errors: LocatedError[],
): Promise<string | undefined> {
  const resolved = await resolveInside(folder, relative);
  if ('problem' in resolved) return void errors.push(source.error(segments, resolved.problem));
  const text = await readUtf8(resolved.path);
  if ('problem' in text) return void errors.push(source.error(segments, `"${relative}" ${text.problem}`));
  if (!text.text.trim()) return void errors.push(source.error(segments, `"${relative}" is empty`));
  return text.text;
}
