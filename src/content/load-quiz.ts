import { QuestionKind, type QuizPurpose, type ScorePolicy } from '../modules/quiz/quiz.entity';
import { checkQuiz, type QuestionDraft, type QuizDraft, TRUE_FALSE_OPTIONS } from '../modules/quiz/quiz.rules';
import type { LocatedError } from './errors';
import { quizSchema } from './manifest-schema';
import type { LocalQuestion, LocalQuiz } from './model';
import { asArray, asRecord, type Raw } from './raw';
import { readYaml, type YamlSource } from './yaml-source';
import { reportIssues } from './zod-issues';

/**
 * A quiz file, checked by the API's own setQuiz rules (checkQuiz) so every limit the server has
 * stops the run before any change; errors name the quiz file's own lines.
 */
export async function loadQuiz(absolute: string, errors: LocatedError[]): Promise<LocalQuiz | undefined> {
  const source = await readYaml(absolute, errors);
  if (!source || source.value === undefined) return undefined;
  const before = errors.length;
  const parsed = quizSchema.safeParse(source.value);
  if (!parsed.success) reportIssues(source, parsed.error, errors);
  const shapeProblems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
  checkWithServerRules(source, shapeProblems, errors);
  if (!parsed.success || errors.length > before) return undefined;
  const quiz = parsed.data;
  return {
    purpose: quiz.purpose,
    passMark: quiz.passMark ?? 70,
    maxAttempts: quiz.maxAttempts ?? null,
    timeLimitSeconds: quiz.timeLimitSeconds ?? null,
    scorePolicy: quiz.scorePolicy ?? 'BEST',
    questions: quiz.questions.map(
      (question): LocalQuestion => ({
        kind: question.kind,
        prompt: question.prompt,
        options: question.kind === 'TRUE_FALSE' ? [...TRUE_FALSE_OPTIONS] : (question.options ?? []),
        correct: question.kind === 'SHORT_ANSWER' ? question.correct.filter(Boolean) : question.correct.map((value) => String(Number(value))),
        points: question.points ?? 1,
      }),
    ),
  };
}

const number = (value: unknown, fallback: number) => (value === undefined ? fallback : typeof value === 'number' ? value : Number.NaN);
const optionalNumber = (value: unknown) => (value === undefined || value === null ? null : typeof value === 'number' ? value : Number.NaN);
const texts = (value: unknown) => asArray(value).map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : ''));

/**
 * Runs checkQuiz on the file as far as it can be read, even when its shape is wrong somewhere, so
 * the author sees every problem at once. A question whose kind is unknown is left out (its
 * problem is the shape's); a field whose shape is already reported is not reported twice.
 */
function checkWithServerRules(source: YamlSource, shapeProblems: string[], errors: LocatedError[]) {
  const raw = asRecord(source.value) ?? {};
  const rawIndexes: number[] = [];
  const questions: QuestionDraft[] = [];
  asArray(raw.questions).forEach((value, index) => {
    const question: Raw | undefined = asRecord(value);
    const kind = question?.kind as QuestionKind;
    if (!question || !Object.values(QuestionKind).includes(kind)) return;
    rawIndexes.push(index);
    questions.push({
      kind,
      prompt: typeof question.prompt === 'string' ? question.prompt : '',
      options: Array.isArray(question.options) ? texts(question.options).map((text) => ({ text })) : null,
      correct: texts(question.correct),
      points: number(question.points, 1),
    });
  });
  const draft: QuizDraft = {
    purpose: raw.purpose as QuizPurpose,
    passMark: number(raw.passMark, 70),
    maxAttempts: optionalNumber(raw.maxAttempts),
    timeLimitSeconds: optionalNumber(raw.timeLimitSeconds),
    scorePolicy: raw.scorePolicy as ScorePolicy,
    questions,
  };
  const leftOut = rawIndexes.length !== asArray(raw.questions).length;
  for (const problem of checkQuiz(draft, () => '').problems) {
    // questions.2.options.1.text: the server's path, with the draft's question index; the file's option is the text itself.
    const segments: (string | number)[] = problem.field.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    if (segments[0] === 'questions' && typeof segments[1] === 'number') segments[1] = rawIndexes[segments[1]];
    if (segments.at(-1) === 'text' && segments.at(-3) === 'options') segments.pop();
    const key = segments.join('.');
    if (key === 'questions' && leftOut) continue;
    if (shapeProblems.some((reported) => key === reported || key.startsWith(`${reported}.`))) continue;
    errors.push(source.error(segments, withoutFieldName(problem.message, segments.at(-1))));
  }
}

/** "correct lists …" → "lists …": the located error already names the field. */
function withoutFieldName(message: string, field: string | number | undefined): string {
  return typeof field === 'string' && message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
}
