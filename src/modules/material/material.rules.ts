import { badField } from '../../errors';
import { MaterialKind } from './material.entity';

export const FILE_KINDS = new Set([MaterialKind.VIDEO, MaterialKind.DOCUMENT, MaterialKind.SLIDES, MaterialKind.AUDIO, MaterialKind.IMAGE]);
export const MAX_TEXT_LENGTH = 200_000;

export function isFileKind(kind: MaterialKind): boolean {
  return FILE_KINDS.has(kind);
}

/** A link learners may follow: http or https only, never javascript:, data: or file:. */
export function linkProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'url must be a full web address such as https://…';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url must start with http:// or https://';
  if (parsed.username || parsed.password) return 'url must not carry a user name or password';
  return undefined;
}

/** What each kind carries: TEXT a Markdown body, LINK a url, file kinds neither (their file is uploaded). */
export function checkContent(kind: MaterialKind, content: { body?: string | null; url?: string | null }): { body?: string; url?: string } {
  if (kind === MaterialKind.TEXT) {
    if (!content.body?.trim()) throw badField('body', 'A TEXT material needs a Markdown body');
    if (content.body.length > MAX_TEXT_LENGTH) throw badField('body', `body must be at most ${MAX_TEXT_LENGTH} characters`);
    if (content.url) throw badField('url', 'Only LINK materials have a url');
    return { body: content.body };
  }
  if (kind === MaterialKind.LINK) {
    if (!content.url) throw badField('url', 'A LINK material needs a url');
    const problem = linkProblem(content.url);
    if (problem) throw badField('url', problem);
    if (content.body) throw badField('body', 'Only TEXT materials have a body');
    return { url: content.url.trim() };
  }
  if (kind === MaterialKind.QUIZ) {
    // A quiz's content is its questions, set with setQuiz.
    if (content.body) throw badField('body', 'A QUIZ material has no body; set its questions with setQuiz');
    if (content.url) throw badField('url', 'A QUIZ material has no url; set its questions with setQuiz');
    return {};
  }
  if (kind === MaterialKind.ASSIGNMENT) {
    // An assignment's content is its settings (instructions in Markdown, rubric, …), set with setAssignment.
    if (content.body) throw badField('body', 'An ASSIGNMENT material has no body; set its instructions with setAssignment');
    if (content.url) throw badField('url', 'An ASSIGNMENT material has no url; set its instructions with setAssignment');
    return {};
  }
  if (content.body) throw badField('body', 'Only TEXT materials have a body; upload the file instead');
  if (content.url) throw badField('url', 'Only LINK materials have a url; upload the file instead');
  return {};
}
