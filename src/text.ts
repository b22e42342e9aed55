/** Longest Markdown message (a comment, a coaching note) the API takes. */
export const MAX_MESSAGE_LENGTH = 10_000;

/** Why a message body is refused, or null when it is fine: not blank, and not too long. */
export function messageBodyProblem(body: string, maxLength = MAX_MESSAGE_LENGTH): string | null {
  if (!body.trim()) return 'must not be empty';
  if (body.length > maxLength) return `must be at most ${maxLength} characters`;
  return null;
}

/** The start of a message for a notification's body: at most `length` characters, on one line. */
export function excerpt(body: string, length = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length <= length ? line : `${line.slice(0, length - 1).trimEnd()}…`;
}
