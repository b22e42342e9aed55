import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { normalizeCode } from '../modules/course/course.rules';
import { displayPath, type LocatedError } from './errors';
import { loadCourse } from './load-course';
import { loadSeminar } from './load-seminar';
import type { ContentItem } from './model';
import { readYaml, type YamlSource } from './yaml-source';

export const COURSE_MANIFEST = 'course.yaml';
export const SEMINAR_MANIFEST = 'seminar.yaml';

const isItemFolder = (folder: string) =>
  existsSync(path.join(folder, COURSE_MANIFEST)) || existsSync(path.join(folder, SEMINAR_MANIFEST));

/**
 * Loads and checks content: each folder is either one item's folder (holding course.yaml or
 * seminar.yaml) or a content root whose subfolders are items. Nothing touches the network.
 * Items come back only when there is no error at all, so a caller cannot publish half a folder.
 */
export async function loadContent(folders: string | string[]): Promise<{ items: ContentItem[]; errors: LocatedError[] }> {
  const errors: LocatedError[] = [];
  const itemFolders: string[] = [];
  for (const given of Array.isArray(folders) ? folders : [folders]) {
    const folder = path.resolve(given);
    const info = await stat(folder).catch(() => undefined);
    if (!info?.isDirectory()) {
      errors.push({ file: displayPath(folder), field: '', message: 'not a folder' });
      continue;
    }
    if (isItemFolder(folder)) {
      itemFolders.push(folder);
      continue;
    }
    const entries = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    const found = entries.map((name) => path.join(folder, name)).filter(isItemFolder);
    if (!found.length) errors.push({ file: displayPath(folder), field: '', message: `holds no ${COURSE_MANIFEST} or ${SEMINAR_MANIFEST}, nor subfolders with one` });
    itemFolders.push(...found);
  }

  const loaded: { item?: ContentItem; source: YamlSource }[] = [];
  for (const folder of [...new Set(itemFolders)]) {
    const course = existsSync(path.join(folder, COURSE_MANIFEST));
    const seminar = existsSync(path.join(folder, SEMINAR_MANIFEST));
    if (course && seminar) {
      errors.push({ file: displayPath(folder), field: '', message: `holds both ${COURSE_MANIFEST} and ${SEMINAR_MANIFEST}; one folder is one item` });
      continue;
    }
    const source = await readYaml(path.join(folder, course ? COURSE_MANIFEST : SEMINAR_MANIFEST), errors);
    if (!source || source.value === undefined) continue;
    const item = course ? await loadCourse(folder, source, errors) : await loadSeminar(folder, source, errors);
    loaded.push({ item, source });
  }
  errors.push(...duplicates(loaded));
  // Grouped by file, in line order: the way an author fixes them.
  errors.sort((a, b) => (a.file === b.file ? (a.line ?? 0) - (b.line ?? 0) : a.file < b.file ? -1 : 1));
  return { items: errors.length ? [] : loaded.flatMap(({ item }) => (item ? [item] : [])), errors };
}

/** Course codes (case-insensitive, as the API stores them) and seminar externalRefs are unique across all folders. */
function duplicates(loaded: { source: YamlSource }[]): LocatedError[] {
  const problems: LocatedError[] = [];
  const seen = new Map<string, string>();
  for (const { source } of loaded) {
    const value = source.value as Record<string, unknown> | undefined;
    const isCourse = source.file.endsWith(COURSE_MANIFEST);
    const field = isCourse ? 'code' : 'externalRef';
    const raw = value?.[field];
    if (typeof raw !== 'string' || !raw.trim()) continue;
    const key = `${field}:${isCourse ? normalizeCode(raw) : raw.trim()}`;
    const first = seen.get(key);
    if (first) problems.push(source.error([field], `${isCourse ? 'course code' : 'seminar externalRef'} "${raw.trim()}" is also used by ${first}`));
    else seen.set(key, source.file);
  }
  return problems;
}
