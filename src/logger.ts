import pino, { type Logger } from 'pino';

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

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'pelita' },
    redact: { paths: redactPaths, censor: '[redacted]' },
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
