import type { TypedDocumentString } from '../gql/graphql';
import { sha256Hex } from './sha256';

/**
 * A tiny GraphQL client over fetch with automatic persisted queries (APQ): the first try sends
 * only the query's SHA-256, queries by GET (cacheable, a short URL); when the server does not know
 * the hash yet (PERSISTED_QUERY_NOT_FOUND) it is sent once more with the query, by POST, which
 * registers it for every later request. On a weak link most requests carry no query text at all.
 */
export const ENDPOINT = '/graphql';

/** A field the API named as wrong in a BAD_USER_INPUT answer (`extensions.fields`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** fetch itself failed: no connection (or the server is unreachable). */
export class OfflineError extends Error {}

interface Answer<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string; fields?: FieldProblem[] } }[];
}

const hashes = new Map<string, Promise<string>>();
const hashOf = (query: string) => {
  let hash = hashes.get(query);
  if (!hash) hashes.set(query, (hash = sha256Hex(query)));
  return hash;
};

export async function execute<R, V>(document: TypedDocumentString<R, V>, variables: V, token?: string): Promise<R> {
  const query = document.toString();
  const [, kind = 'query', operationName] = /^\s*(query|mutation|subscription)\s*(\w+)?/.exec(query) ?? [];
  const extensions = { persistedQuery: { version: 1, sha256Hash: await hashOf(query) } };
  // Apollo's CSRF prevention wants a preflighted request; a GET has no content-type to make it so.
  const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
  if (token) headers.authorization = `Bearer ${token}`;
  const hasVariables = variables !== undefined && variables !== null && Object.keys(variables).length > 0;

  let answer: Answer<R>;
  if (kind === 'query') {
    const params = new URLSearchParams();
    if (operationName) params.set('operationName', operationName);
    if (hasVariables) params.set('variables', JSON.stringify(variables));
    params.set('extensions', JSON.stringify(extensions));
    answer = await send<R>(`${ENDPOINT}?${params}`, { method: 'GET', headers });
  } else {
    answer = await post<R>(headers, { operationName, variables: hasVariables ? variables : undefined, extensions });
  }
  if (answer.errors?.some((error) => error.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND')) {
    answer = await post<R>(headers, { operationName, query, variables: hasVariables ? variables : undefined, extensions });
  }
  if (answer.errors?.length) {
    const [first] = answer.errors;
    throw new ApiError(first.message, first.extensions?.code, Array.isArray(first.extensions?.fields) ? first.extensions.fields : []);
  }
  if (!answer.data) throw new ApiError('empty answer', undefined);
  return answer.data;
}

/**
 * A POST body this long goes gzipped (the API inflates it, and its size limit applies to what it
 * inflated): a sync of 50 progress events shrinks from about 10 KB to 1.4 KB, a query's first
 * registration to a third. Shorter bodies gain too little to be worth it.
 */
const GZIP_FROM_BYTES = 512;

async function post<R>(headers: Record<string, string>, body: object): Promise<Answer<R>> {
  const json = JSON.stringify(body);
  const gzipped = json.length >= GZIP_FROM_BYTES ? await gzip(json) : null;
  return send<R>(ENDPOINT, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', ...(gzipped ? { 'content-encoding': 'gzip' } : {}) },
    body: gzipped ?? json,
  });
}

/** Nothing where the browser has no CompressionStream (then the body goes as it is). */
async function gzip(text: string): Promise<ArrayBuffer | null> {
  if (typeof CompressionStream === 'undefined') return null;
  try {
    return await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
  } catch {
    return null;
  }
}

async function send<R>(url: string, init: RequestInit): Promise<Answer<R>> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new OfflineError(error instanceof Error ? error.message : 'offline');
  }
  // Errors come as GraphQL answers too (400, 401, 429, 503), all with a JSON body.
  try {
    return (await response.json()) as Answer<R>;
  } catch {
    throw new ApiError(`HTTP ${response.status}`, response.status === 429 ? 'RATE_LIMITED' : undefined);
  }
}
