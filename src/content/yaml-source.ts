import { readFile } from 'node:fs/promises';
import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { displayPath, fieldPath, type LocatedError } from './errors';

/** A parsed YAML file that can say where each field is (line and column, 1-based). */
export interface YamlSource {
  file: string;
  /** The plain value (objects, arrays, strings, numbers); undefined when the YAML did not parse. */
  value: unknown;
  /**
   * A located error at the field's value (or at its key, for a field that should not be
   * there), or at its nearest existing parent when the field is missing.
   */
  error(segments: readonly PropertyKey[], message: string, options?: { atKey?: boolean }): LocatedError;
}

export async function readYaml(absolute: string, errors: LocatedError[]): Promise<YamlSource | undefined> {
  const file = displayPath(absolute);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    errors.push({ file, field: '', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
    return undefined;
  }
  return parseYaml(text, file, errors);
}

function parseYaml(text: string, file: string, errors: LocatedError[]): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => lineCounter.linePos(offset);
  for (const problem of document.errors) {
    const { line, col } = position(problem.pos[0]);
    errors.push({ file, line, col, field: '', message: `YAML syntax: ${firstLine(problem.message)}` });
  }
  const value = document.errors.length ? undefined : document.toJS();
  return {
    file,
    value,
    error(segments, message, options = {}) {
      const offset = (options.atKey && keyOffsetOf(document, segments)) || offsetOf(document, segments);
      const { line, col } = position(offset);
      return { file, line, col, field: fieldPath(segments), message };
    },
  };
}

/** The start of the deepest node along the path that exists (the key, for a mapping entry). */
function offsetOf(document: Document, segments: readonly PropertyKey[]): number {
  for (let length = segments.length; length > 0; length -= 1) {
    const node = document.getIn(segments.slice(0, length) as (string | number)[], true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return document.contents?.range?.[0] ?? 0;
}

function keyOffsetOf(document: Document, segments: readonly PropertyKey[]): number | undefined {
  const parent = segments.length > 1 ? document.getIn(segments.slice(0, -1) as (string | number)[], true) : document.contents;
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === segments.at(-1));
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}

const firstLine = (message: string) => message.split('\n')[0];
