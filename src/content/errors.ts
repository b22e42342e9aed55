import path from 'node:path';

/** One problem of the content folder, with where it is: file, line and column, and the field path. */
export interface LocatedError {
  /** Path of the file, relative to the working directory when inside it. */
  file: string;
  line?: number;
  col?: number;
  /** Field path inside the file, e.g. modules[1].materials[0].file; empty for the file itself. */
  field: string;
  message: string;
}

export function formatLocated(error: LocatedError): string {
  const where = error.line ? `${error.file}:${error.line}:${error.col ?? 1}` : error.file;
  return error.field ? `${where} ${error.field}: ${error.message}` : `${where}: ${error.message}`;
}

/** Validation of the content folder failed: nothing was sent to the server. */
export class ContentError extends Error {
  constructor(readonly errors: LocatedError[]) {
    super(`The content has ${errors.length} error(s):\n${errors.map((error) => `  ${formatLocated(error)}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** The server refused something, or could not be reached; carries the GraphQL error code and fields. */
export class PublishError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly fields: { field: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** How a file is named in messages: relative to the working directory when it is inside it. */
export function displayPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** modules[1].materials[0].file from ['modules', 1, 'materials', 0, 'file']. */
export function fieldPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text ? `${text}.${String(segment)}` : String(segment);
  }, '');
}
