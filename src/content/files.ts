import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

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

/** File extensions each kind takes (the API checks the real type again from the bytes). */
export const EXTENSIONS_BY_KIND: Record<string, readonly string[]> = {
  DOCUMENT: ['.pdf', '.docx', '.odt'],
  SLIDES: ['.pdf', '.pptx', '.odp'],
  VIDEO: ['.mp4', '.webm'],
  AUDIO: ['.mp3', '.m4a', '.ogg', '.wav', '.flac'],
  IMAGE: ['.png', '.jpg', '.jpeg', '.webp'],
  COVER: ['.png', '.jpg', '.jpeg', '.webp'],
  PAPER: ['.pdf', '.docx', '.odt'],
  RECORDING: ['.mp4', '.webm', '.mp3', '.m4a', '.ogg', '.wav', '.flac'],
};

const MiB = 1024 * 1024;
/** The API's size limits per kind, checked here too so a too-big file stops the run before any change. */
export const MAX_BYTES_BY_KIND: Record<string, number> = {
  DOCUMENT: 100 * MiB,
  SLIDES: 100 * MiB,
  VIDEO: 2048 * MiB,
  AUDIO: 500 * MiB,
  IMAGE: 20 * MiB,
  COVER: 5 * MiB,
  PAPER: 100 * MiB,
  RECORDING: 2048 * MiB,
};

export const contentTypeOf = (file: string): string | undefined => CONTENT_TYPES[path.extname(file).toLowerCase()];

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
export async function readUtf8(absolute: string): Promise<{ text: string } | { problem: string }> {
  const bytes = await readFile(absolute);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: 'is not UTF-8 text' };
  }
}

/** Size and SHA-256, streamed: video files need not fit in memory. */
export async function describeFile(relative: string, absolute: string): Promise<LocalFile | { problem: string }> {
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
