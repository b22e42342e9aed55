/**
 * Pure rules of the upload flow: how big files travel, how declared files are checked against
 * the rules a feature gives, and how sniffed types confirm declared ones. What each kind of file
 * accepts (a material kind, a cover, a learner's work) is its feature's rule, not this one's.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** Content types that features' rules name and the sniffer tells apart (see SNIFFED_ALIASES). */
export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ODT = 'application/vnd.oasis.opendocument.text';
export const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
export const ODP = 'application/vnd.oasis.opendocument.presentation';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ODS = 'application/vnd.oasis.opendocument.spreadsheet';
export const PNG = 'image/png';
export const JPEG = 'image/jpeg';
export const WEBP = 'image/webp';
export const MP4 = 'video/mp4';

export interface FileRules {
  contentTypes: readonly string[];
  maxBytes: number;
}

/** Content types are case-insensitive and may carry parameters (`audio/ogg; codecs=opus`). */
export function normalizeContentType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

export type FileProblem = { field: 'file.filename' | 'file.contentType' | 'file.size' | 'file.sha256'; message: string };
export type DeclaredFile = { filename?: string; contentType: string; size: number; sha256?: string };

/** Why a declared file breaks the rules of what it is for; `names` say what in the messages. */
export function checkFileAgainst(
  rules: FileRules | undefined,
  names: { subject: string; file: string },
  file: DeclaredFile,
): FileProblem | undefined {
  if (file.filename !== undefined && (file.filename.trim().length === 0 || file.filename.length > 255)) {
    return { field: 'file.filename', message: 'filename must be 1 to 255 characters' };
  }
  if (file.sha256 !== undefined && !SHA256_PATTERN.test(file.sha256.toLowerCase())) {
    return { field: 'file.sha256', message: 'sha256 must be 64 hexadecimal digits' };
  }
  if (!rules) return { field: 'file.contentType', message: `${names.subject} takes no file` };
  if (!rules.contentTypes.includes(normalizeContentType(file.contentType))) {
    return { field: 'file.contentType', message: `${names.subject} accepts ${rules.contentTypes.join(', ')}` };
  }
  if (!Number.isSafeInteger(file.size) || file.size < 1) {
    return { field: 'file.size', message: 'size must be a positive whole number of bytes' };
  }
  if (file.size > rules.maxBytes) {
    return { field: 'file.size', message: `${names.file} may be at most ${formatBytes(rules.maxBytes)}` };
  }
  return undefined;
}

/**
 * What detectors answer for a type that they cannot tell apart from its container: Office Open
 * XML and OpenDocument files are zip archives, and a detector that sees only the first entries
 * (or an archive written in an unusual order) reports plain zip.
 */
const SNIFFED_ALIASES: Record<string, readonly string[]> = {
  'application/zip': [DOCX, ODT, PPTX, ODP, XLSX, ODS],
  'audio/x-m4a': ['audio/mp4'],
  'audio/vnd.wave': ['audio/wav'],
  'audio/x-wav': ['audio/wav'],
  'audio/x-flac': ['audio/flac'],
  'audio/ogg; codecs=opus': ['audio/ogg'],
  'audio/opus': ['audio/ogg'],
  // An MP4 with an audio-only brand is still a valid MP4 container for a video player.
  'video/mp4': ['audio/mp4'],
};

/**
 * Whether the type sniffed from the bytes confirms the declared one. The sniffed type is all
 * that counts for trust: a client picks its declared type freely, and presigned PUTs do not
 * sign Content-Type.
 */
export function sniffedTypeMatches(declared: string, sniffed: string | undefined): boolean {
  if (!sniffed) return false;
  const wanted = normalizeContentType(declared);
  const found = sniffed.trim().toLowerCase();
  if (normalizeContentType(found) === wanted) return true;
  return (SNIFFED_ALIASES[found] ?? []).includes(wanted);
}

/** Bytes a detector needs to see (file-type reads at most 4100 for most formats; zips need more). */
export const SNIFF_BYTES = 64 * KiB;

/** Files above this go in parts: one PUT of gigabytes fails too often on a training-centre link. */
export const MULTIPART_THRESHOLD = 64 * MiB;
const PREFERRED_PART_SIZE = 16 * MiB;
/** S3 limits: every part but the last at least 5 MiB, at most 10,000 parts. */
const MIN_PART_SIZE = 5 * MiB;
const MAX_PARTS = 10_000;

export const usesMultipart = (size: number): boolean => size > MULTIPART_THRESHOLD;

export function partSizeFor(size: number): number {
  const needed = Math.ceil(size / MAX_PARTS);
  return Math.max(PREFERRED_PART_SIZE, MIN_PART_SIZE, Math.ceil(needed / MiB) * MiB);
}

export function partCount(size: number, partSize: number): number {
  return Math.ceil(size / partSize);
}

/** Presigned URLs live at most this long. */
export const UPLOAD_URL_TTL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_TTL_SECONDS = 10 * 60;
/**
 * Completing is allowed this long after the URLs expire: S3 checks expiry when a request starts,
 * so a PUT begun a second before expiry may still be running for a while.
 */
export const COMPLETION_SLACK_SECONDS = 60 * 60;

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** Staging keys are ours alone: never derived from a client's filename. */
export const stagingKey = (uploadId: string): string => `uploads/${uploadId}`;
/** Content-addressed: identical files of many materials share one object. */
export const blobKey = (sha256: string): string => `blobs/${sha256}`;

const MAX_FILENAME_LENGTH = 200;

/**
 * A filename safe to offer in Content-Disposition: no path, no control characters, no
 * characters some systems cannot save, bounded length; the extension is kept where possible.
 */
export function sanitizeFilename(filename: string, fallback = 'berkas'): string {
  const base = filename.split(/[/\\]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '');
  if ([...clean].length > MAX_FILENAME_LENGTH) {
    const dot = clean.lastIndexOf('.');
    const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = [...clean.slice(0, clean.length - extension.length)].slice(0, MAX_FILENAME_LENGTH - extension.length).join('') + extension;
  }
  return clean || fallback;
}

function formatBytes(bytes: number): string {
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  return `${bytes} bytes`;
}
