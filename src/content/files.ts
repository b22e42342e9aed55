import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { LocatedError } from './errors';
import { checkFileAgainst, type FileRules } from '../modules/files/upload.rules';
import type { YamlSource } from './yaml-source';

/** A file of the content folder as the publisher declares it to the API. */
export interface LocalFile {
  /** As written in the manifest (relative to the item's folder). */
  relativePath: string;
  absolutePath: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odp': 'application/vnd.oasis.opendocument.presentation',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
};

const contentTypeOf = (file: string): string | undefined => CONTENT_TYPES[path.extname(file).toLowerCase()];

/** The extensions whose content type the rules take, for messages. */
const extensionsOf = (rules: FileRules): string[] => Object.keys(CONTENT_TYPES).filter((extension) => rules.contentTypes.includes(CONTENT_TYPES[extension]));

/**
 * The absolute path of a manifest's relative path, or why it is not acceptable: absolute paths
 * and paths leaving the item's folder (also through a symbolic link) are refused, so a folder
 * can never publish files from elsewhere on the machine.
 */
export async function resolveInside(folder: string, relative: string): Promise<{ path: string } | { problem: string }> {
  if (path.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) return { problem: `"${relative}" must be relative to the folder` };
  const absolute = path.resolve(folder, relative);
  if (!isInside(folder, absolute)) return { problem: `"${relative}" leaves the folder` };
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    return { problem: `file "${relative}" not found` };
  }
  if (!isInside(await realpath(folder), real)) return { problem: `"${relative}" leaves the folder (through a link)` };
  const info = await stat(real);
  if (!info.isFile()) return { problem: `"${relative}" is not a file` };
  return { path: absolute };
}

function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return Boolean(relative) && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Reads a Markdown file, refusing bytes that are not UTF-8. */
async function readUtf8(absolute: string): Promise<{ text: string } | { problem: string }> {
  const bytes = await readFile(absolute);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: 'is not UTF-8 text' };
  }
}

/** Size and SHA-256, streamed: video files need not fit in memory. */
async function describeFile(relative: string, absolute: string): Promise<LocalFile | { problem: string }> {
  const contentType = contentTypeOf(absolute);
  if (!contentType) return { problem: `"${relative}" has an unknown file type (${Object.keys(CONTENT_TYPES).join(' ')})` };
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(absolute)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  if (size === 0) return { problem: `"${relative}" is empty` };
  return { relativePath: relative, absolutePath: absolute, filename: path.basename(absolute), contentType, size, sha256: hash.digest('hex') };
}

/**
 * A file the manifest names: inside the folder, of a type and size the server's rules take
 * (`rules`, named in messages as `names` says), so a refused file stops the run before any change.
 */
export async function localFile(
  folder: string,
  source: YamlSource,
  segments: (string | number)[],
  relative: string,
  rules: FileRules,
  names: { subject: string; file: string },
  errors: LocatedError[],
): Promise<LocalFile | undefined> {
  const resolved = await resolveInside(folder, relative);
  if ('problem' in resolved) return void errors.push(source.error(segments, resolved.problem));
  const contentType = contentTypeOf(relative);
  if (contentType && !rules.contentTypes.includes(contentType)) {
    return void errors.push(source.error(segments, `"${relative}" cannot be ${names.file} (takes ${extensionsOf(rules).join(' ')})`));
  }
  const file = await describeFile(relative, resolved.path);
  if ('problem' in file) return void errors.push(source.error(segments, file.problem));
  const problem = checkFileAgainst(rules, names, { filename: file.filename, contentType: file.contentType, size: file.size, sha256: file.sha256 });
  if (problem) return void errors.push(source.error(segments, `"${relative}": ${problem.message}`));
  return file;
}

/** A Markdown file the manifest names: inside the folder, UTF-8, at most `maxLength` characters (the server's limit). */
export async function markdown(
  folder: string,
  source: YamlSource,
  segments: (string | number)[],
  relative: string,
  maxLength: number,
  errors: LocatedError[],
): Promise<string | undefined> {
  const resolved = await resolveInside(folder, relative);
  if ('problem' in resolved) return void errors.push(source.error(segments, resolved.problem));
  const text = await readUtf8(resolved.path);
  if ('problem' in text) return void errors.push(source.error(segments, `"${relative}" ${text.problem}`));
  if (!text.text.trim()) return void errors.push(source.error(segments, `"${relative}" is empty`));
  if (text.text.length > maxLength) return void errors.push(source.error(segments, `"${relative}" has ${text.text.length} characters; the server takes at most ${maxLength}`));
  return text.text;
}
