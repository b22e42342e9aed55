import pino, { type Logger } from 'pino';
import { causeChain } from './errors';

/**
 * Paths that may carry secrets anywhere in a log line: credentials in GraphQL variables,
 * authorization headers, and connection strings.
 */
const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'variables.password',
  'variables.refreshToken',
  'variables.input.password',
  '*.password',
  '*.secret',
  '*.secretKey',
  '*.accessToken',
  '*.refreshToken',
  '*.databaseUrl',
  '*.jwtSecret',
];

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Errors as logged. A database error is cut down to PostgreSQL's reason and codes: MikroORM
 * writes the statement with its parameter values (e-mail addresses, NIPs) into the message
 * and stack, and PostgreSQL's `detail` quotes key values ("Key (email)=(…) already exists").
 * A data exception's reason quotes the value too ('invalid input syntax for type uuid: "…"'),
 * so there the quoted part goes. An error caused by a database error keeps its own message and
 * stack, and the cause is logged cut down the same way (pino would append the whole of it).
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (isDatabaseError(error)) return serializeDatabaseError(error);
  const databaseCause = causes(error).find(isDatabaseError);
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!databaseCause) return serialized;
  const own = error as Error;
  return { ...serialized, message: own.message, stack: own.stack, cause: serializeDatabaseError(databaseCause) };
}

function serializeDatabaseError(error: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  const { type, code, severity, routine, table, column, constraint } = serialized;
  let reason = databaseReason(String(serialized.message ?? ''));
  if (String(code).startsWith(DATA_EXCEPTION_CLASS)) reason = reason.replace(/"(?:[^"]|"")*"/g, '"[redacted]"');
  const stack = String(serialized.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { type, message: reason, code, severity, routine, table, column, constraint, stack: [`${String(type)}: ${reason}`, ...stack].join('\n') };
}

/** SQLSTATE class 22, data exception: the reason names the offending value. */
const DATA_EXCEPTION_CLASS = '22';

/** What caused the error, without the error itself. */
function causes(error: unknown): unknown[] {
  return causeChain(error, 6).slice(1);
}

function isDatabaseError(error: unknown): boolean {
  const candidate = error as { code?: unknown; severity?: unknown } | null;
  return typeof candidate?.code === 'string' && SQLSTATE.test(candidate.code) && typeof candidate.severity === 'string';
}

/** MikroORM's message is `<statement with values> - <PostgreSQL's reason>`; pg's own is the reason alone. */
function databaseReason(message: string): string {
  const cut = message.lastIndexOf(' - ');
  return cut >= 0 ? message.slice(cut + 3) : message;
}

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'pelita' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** Removes the password of a connection string so it can be printed. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
