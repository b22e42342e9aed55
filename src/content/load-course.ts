import { MAX_DESCRIPTION_LENGTH, normalizeCode } from '../modules/course/course.rules';
import { linkProblem, MAX_TEXT_LENGTH } from '../modules/material/material.rules';
import type { MaterialKind } from '../modules/material/material.entity';
import { COURSE_COVER_NAMES, COURSE_COVER_RULES } from '../modules/course/course-cover.rules';
import type { FileRules } from '../modules/files/upload.rules';
import { fileRulesFor, materialFileNames } from '../modules/material/material-file.rules';
import type { LocatedError } from './errors';
import { type LocalFile, localFile, markdown, resolveInside } from './files';
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
  const fileAt = async (segments: (string | number)[], relative: string, rules: FileRules, names: { subject: string; file: string }) => {
    const file = await localFile(folder, source, segments, relative, rules, names, errors);
    if (file) files.set(segments.join('/'), file);
  };
  const textAt = async (segments: (string | number)[], relative: string, maxLength: number) => {
    const text = await markdown(folder, source, segments, relative, maxLength, errors);
    if (text !== undefined) texts.set(segments.join('/'), text);
  };

  const description = asString(raw.description);
  if (description) await textAt(['description'], description, MAX_DESCRIPTION_LENGTH);
  const cover = asString(raw.cover);
  if (cover) await fileAt(['cover'], cover, COURSE_COVER_RULES, COURSE_COVER_NAMES);

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
    if (wanted === 'body') await textAt([...at, 'body'], value, MAX_TEXT_LENGTH);
    if (wanted === 'file') {
      const materialKind = kind as MaterialKind;
      const rules = fileRulesFor(materialKind);
      if (rules) await fileAt([...at, 'file'], value, rules, materialFileNames(materialKind));
    }
    if (wanted === 'url') {
      // The server's own rule; its "url …" needs no field name here, the located error names it.
      const problem = linkProblem(value);
      if (problem) errors.push(source.error([...at, 'url'], problem.replace(/^url /, '')));
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
    code: normalizeCode(course.code),
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
