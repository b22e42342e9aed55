import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A logger whose JSON lines a test can read back (the app's logger, given to startTestApp). */
export function captureLogs(level = 'info'): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: pino({ level }, sink) };
}
