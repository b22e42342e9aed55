import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE',
  /** The database is unreachable for now: retry after `retryAfterSeconds`. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** The connection was lost after COMMIT was sent: the write may or may not be stored; send it again, with its Idempotency-Key. */
  COMMIT_OUTCOME_UNKNOWN = 'COMMIT_OUTCOME_UNKNOWN',
  /**
   * A mutation sent again with its `Idempotency-Key` was stored by the first attempt, whose answer
   * is not on record (lost with the connection, or never kept): not retryable; reload to see it.
   */
  ALREADY_APPLIED = 'ALREADY_APPLIED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** Per progress event: the material's module is locked until its prerequisite is complete; send it again after. */
  MODULE_LOCKED = 'MODULE_LOCKED',
  /** Per progress event: the learner is enrolled but the course is back in revision; keep the event and send it again. */
  COURSE_UNAVAILABLE = 'COURSE_UNAVAILABLE',
}

export interface FieldProblem {
  field: string;
  message: string;
}

export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const unauthenticated = (message = 'Authentication required') => appError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this') => appError(ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => appError(ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (message: string, field?: string) =>
  appError(ErrorCode.CONFLICT, message, field ? { fields: [{ field, message }] } : {});

export function badInput(fields: FieldProblem[], message?: string): GraphQLError {
  return appError(ErrorCode.BAD_USER_INPUT, message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '), {
    fields,
  });
}

export const badField = (field: string, message: string) => badInput([{ field, message }]);

const knownCodes = new Set<string>(Object.values(ErrorCode));

/**
 * What an error thrown before execution (from a plugin's didResolveOperation) answers over HTTP:
 * Apollo answers 500 for those unless the error names its status, and a client's mistake or a
 * conflict is not a server failure.
 */
const STATUS_BEFORE_EXECUTION: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.ALREADY_APPLIED]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
};

/** Gives an error thrown before execution the HTTP status its code stands for; answers the error. */
export function refusedBeforeExecution(error: GraphQLError): GraphQLError {
  const status = STATUS_BEFORE_EXECUTION[error.extensions.code as ErrorCode];
  if (status && !error.extensions.http) error.extensions.http = { status };
  return error;
}

/** What a client waits before retrying an outage (database restarting, store unreachable). */
export const RETRY_AFTER_SECONDS = 5;

/**
 * An error and what caused it, outermost first, as far as `depth` links: pg, knex and MikroORM
 * wrap one another, and what a failure means is often only in an inner one.
 */
export function causeChain(error: unknown, depth = 4): object[] {
  const chain: object[] = [];
  for (let current = error; current && typeof current === 'object' && chain.length < depth; current = (current as { cause?: unknown }).cause) chain.push(current);
  return chain;
}

/** SQLSTATE classes and socket errors that mean "no database right now", not "this request is wrong". */
const OUTAGE_SQLSTATES = /^(08|57P0[1-3])/;
const OUTAGE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const OUTAGE_MESSAGES = /Connection terminated|connection error|timeout exceeded when trying to connect|Connection refused|not queryable/i;

export function databaseUnavailable(extensions: Record<string, unknown> = {}): GraphQLError {
  return appError(ErrorCode.SERVICE_UNAVAILABLE, 'The database is unavailable for a moment; retry shortly', {
    retryable: true,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    ...extensions,
  });
}

/**
 * Thrown in place of the database's error when the connection failed after COMMIT was sent: the
 * transaction may have been stored or not, and only the client can settle it by sending the
 * (idempotent) write again. "Nothing happened" would be a lie half of the time.
 */
export class CommitOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super('The connection to the database was lost while committing; the outcome is unknown', { cause });
    this.name = 'CommitOutcomeUnknownError';
  }
}

export function commitOutcomeUnknown(extensions: Record<string, unknown> = {}): GraphQLError {
  return appError(ErrorCode.COMMIT_OUTCOME_UNKNOWN, 'The database connection was lost while saving: the change may or may not be stored; send it again', {
    retryable: true,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    ...extensions,
  });
}

/**
 * Whether an error says the database could not be reached (refused, cut, shutting down), as pg
 * or MikroORM report it: clients may retry those, while any other failure is a bug to mask.
 */
export function isDatabaseOutage(error: unknown): boolean {
  for (const current of causeChain(error) as { code?: unknown; name?: unknown; message?: unknown }[]) {
    // Our own answers (STORAGE_UNAVAILABLE with its socket error as cause) already say what failed.
    if (isAppError(current)) return false;
    const code = typeof current.code === 'string' ? current.code : '';
    if (current.name === 'ConnectionException' || OUTAGE_SOCKET_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && OUTAGE_SQLSTATES.test(code))) return true;
    if (typeof current.message === 'string' && OUTAGE_MESSAGES.test(current.message)) return true;
  }
  return false;
}

/** An error of ours, with a code a client may read (not a masked internal one). */
export function isAppError(error: unknown): error is GraphQLError {
  const code = error instanceof GraphQLError ? (error.extensions?.code as string | undefined) : undefined;
  return code !== undefined && knownCodes.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * Codes Apollo and graphql-js produce for malformed requests: the client's fault, safe to show.
 * The persisted-query codes go out as Apollo names them: that is what Apollo's clients act on
 * (send the query along; stop hashing).
 */
const clientFacingApolloCodes: Record<string, string> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_SUPPORTED',
};

/**
 * graphql-js stops coercing variables after 50 errors with an error of its own that carries no
 * code; it is still only the client's input that is wrong.
 */
const isVariableErrorLimit = (error: unknown) =>
  error instanceof GraphQLError && error.message.startsWith('Too many errors processing variables, error limit reached.');

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function flattenValidationErrors(errors: ValidationErrorLike[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Every error leaving the API passes here: known codes go out as they are, client mistakes
 * found by graphql-js or type-graphql get BAD_USER_INPUT with fields, and anything else is
 * logged in full and answered with a masked INTERNAL_SERVER_ERROR.
 */
export function createErrorFormatter() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    const code = formatted.extensions?.code as string | undefined;

    const validationErrors = (original as { extensions?: { validationErrors?: ValidationErrorLike[] } } | undefined)
      ?.extensions?.validationErrors;
    if (Array.isArray(validationErrors)) {
      const fields = flattenValidationErrors(validationErrors, '');
      return {
        message: fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'Invalid input',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
      };
    }

    // Our own errors keep their code even when Apollo wrapped them (validation rules, context).
    const originalCode = original instanceof GraphQLError ? (original.extensions?.code as string | undefined) : undefined;
    const ownCode = [originalCode, code].find((c) => c && knownCodes.has(c) && c !== ErrorCode.INTERNAL_SERVER_ERROR);
    if (ownCode && original instanceof GraphQLError) {
      return withCode(formatted, ownCode);
    }
    if (code && clientFacingApolloCodes[code]) {
      // graphql-js says "more that N tokens" (sic) when the token limit stops the parser, and
      // "Validation aborted." when a document exhausts its validation work budget.
      const tooComplex = /more th(?:an|at) \d+ tokens/i.test(formatted.message) || formatted.message === 'Validation aborted.';
      return withCode(formatted, tooComplex ? ErrorCode.QUERY_TOO_COMPLEX : clientFacingApolloCodes[code]);
    }
    if (isVariableErrorLimit(original)) return withCode(formatted, ErrorCode.BAD_USER_INPUT);

    if (original instanceof CommitOutcomeUnknownError) {
      const { message, extensions } = commitOutcomeUnknown();
      return { message, locations: formatted.locations, path: formatted.path, extensions };
    }
    if (isDatabaseOutage(original)) {
      const { message, extensions } = databaseUnavailable();
      return { message, locations: formatted.locations, path: formatted.path, extensions };
    }
    // Logged by errorLogPlugin, with the request's id.
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** What an error leaving the API is to the log; mirrors the formatter's decisions below. */
function classify(error: GraphQLError): 'client' | 'storage' | 'unavailable' | 'commit-unknown' | 'unexpected' {
  const original = error.originalError ?? error;
  if (original instanceof CommitOutcomeUnknownError) return 'commit-unknown';
  if (isDatabaseOutage(original)) return 'unavailable';
  if (Array.isArray((original as { extensions?: { validationErrors?: unknown } }).extensions?.validationErrors)) return 'client';
  const code = error.extensions?.code as string | undefined;
  const originalCode = original instanceof GraphQLError ? (original.extensions?.code as string | undefined) : undefined;
  const ownCode = [originalCode, code].find((c) => c && knownCodes.has(c) && c !== ErrorCode.INTERNAL_SERVER_ERROR);
  if (ownCode && original instanceof GraphQLError) return ownCode === ErrorCode.STORAGE_UNAVAILABLE ? 'storage' : 'client';
  if (code && clientFacingApolloCodes[code]) return 'client';
  if (isVariableErrorLimit(original)) return 'client';
  return 'unexpected';
}

/**
 * Logs, once and with the request's id (the context's logger is the request's child logger),
 * what went wrong on our side: unexpected errors (answered masked) and object-storage failures
 * with their cause (answered STORAGE_UNAVAILABLE, which says nothing of why). Client mistakes
 * are the client's to read in the answer.
 */
export function errorLogPlugin(fallback: Logger): ApolloServerPlugin<{ logger?: Logger }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const logger = contextValue?.logger ?? fallback;
          for (const error of errors) {
            const kind = classify(error);
            const original = error.originalError ?? error;
            if (kind === 'commit-unknown') {
              logger.warn({ err: (original as Error).cause, path: error.path, operationName }, 'the database connection was lost during COMMIT; answered COMMIT_OUTCOME_UNKNOWN');
            } else if (kind === 'unavailable') {
              logger.warn({ err: original, path: error.path, operationName }, 'the database is unreachable; answered SERVICE_UNAVAILABLE');
            } else if (kind === 'storage') {
              logger.warn({ err: (original as { cause?: unknown }).cause ?? original, path: error.path, operationName }, 'object storage failed a request');
            } else if (kind === 'unexpected') {
              logger.error({ err: original, path: error.path, operationName }, 'unexpected error while answering a request');
            }
          }
        },
      };
    },
  };
}

/**
 * An outage answer tells when to come back: `Retry-After` (seconds) on the HTTP response, and
 * 503 when nothing of the request could be answered. Partial answers keep their 200.
 */
export function retryAfterPlugin(): ApolloServerPlugin {
  const retryable = new Set<string>([ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.COMMIT_OUTCOME_UNKNOWN, ErrorCode.STORAGE_UNAVAILABLE]);
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { errors, data } = response.body.singleResult;
          if (!errors?.some((error) => retryable.has(error.extensions?.code as string))) return;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
          if (data === undefined || data === null) response.http.status = 503;
        },
      };
    },
  };
}

function withCode(formatted: GraphQLFormattedError, code: string): GraphQLFormattedError {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { stacktrace, http, ...extensions } = formatted.extensions ?? {};
  // graphql-js names a variable that failed its type ('Variable "$to" got invalid value …'): the field, as our own errors give it.
  const variable = code === ErrorCode.BAD_USER_INPUT && !extensions.fields ? /^Variable "\$(\w+)"/.exec(formatted.message)?.[1] : undefined;
  if (variable) extensions.fields = [{ field: variable, message: formatted.message }];
  return { ...formatted, extensions: { ...extensions, code } };
}

/**
 * A rejection nothing awaited: pg-boss settles a finished job without awaiting it, so while the
 * database is down that rejection is the outage every request already answers for, not a bug to
 * exit on. Anything else is a bug: logged, and the process exits.
 */
export function exitOnUnexpectedRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseOutage(reason)) {
      logger.warn({ err: reason }, 'a background database call failed: the database is unreachable');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}
