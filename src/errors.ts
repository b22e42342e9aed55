import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';

export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  STORAGE_UNAVAILABLE = 'STORAGE_UNAVAILABLE',
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

/** Codes Apollo and graphql-js produce for malformed requests: the client's fault, safe to show. */
const clientFacingApolloCodes: Record<string, ErrorCode> = {
  GRAPHQL_PARSE_FAILED: ErrorCode.BAD_USER_INPUT,
  GRAPHQL_VALIDATION_FAILED: ErrorCode.BAD_USER_INPUT,
  BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT,
  BAD_REQUEST: ErrorCode.BAD_USER_INPUT,
  OPERATION_RESOLUTION_FAILURE: ErrorCode.BAD_USER_INPUT,
  PERSISTED_QUERY_NOT_SUPPORTED: ErrorCode.BAD_USER_INPUT,
};

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
export function createErrorFormatter(logger: Logger) {
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

    logger.error({ err: original, path: formatted.path }, 'unexpected error while answering a request');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

function withCode(formatted: GraphQLFormattedError, code: string): GraphQLFormattedError {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { stacktrace, http, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions: { ...extensions, code } };
}
