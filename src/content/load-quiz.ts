import type { LocatedError } from './errors';
import { quizSchema } from './manifest-schema';
import type { LocalQuestion, LocalQuiz } from './model';
import { asArray, asRecord } from './raw';
import { readYaml, type YamlSource } from './yaml-source';
import { reportIssues } from './zod-issues';

const CHOICE_KINDS = new Set(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE']);

/** A quiz file, checked as the API's setQuiz would check it; errors name the quiz file's own lines. */
export async function loadQuiz(absolute: string, errors: LocatedError[]): Promise<LocalQuiz | undefined> {
  const source = await readYaml(absolute, errors);
  if (!source || source.value === undefined) return undefined;
  const before = errors.length;
  const parsed = quizSchema.safeParse(source.value);
  if (!parsed.success) reportIssues(source, parsed.error, errors);
  asArray(asRecord(source.value)?.questions).forEach((question, index) => checkQuestion(source, asRecord(question), index, errors));
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
        options: question.kind === 'TRUE_FALSE' ? ['Benar', 'Salah'] : (question.options ?? []),
        correct: question.kind === 'SHORT_ANSWER' ? question.correct.filter(Boolean) : question.correct.map((value) => String(Number(value))),
        points: question.points ?? 1,
      }),
    ),
  };
}

/** What a question's kind asks of its options and correct answers. */
function checkQuestion(source: YamlSource, question: Record<string, unknown> | undefined, index: number, errors: LocatedError[]) {
  if (!question || typeof question.kind !== 'string') return;
  const at = (field: string, message: string) => errors.push(source.error(['questions', index, field], message));
  const kind = question.kind;
  const options = Array.isArray(question.options) ? question.options : undefined;
  const correct = Array.isArray(question.correct) ? question.correct : [];
  if (kind === 'SHORT_ANSWER') {
    if (options?.length) at('options', 'a SHORT_ANSWER question has no options');
    return;
  }
  if (!CHOICE_KINDS.has(kind)) return;
  let count: number;
  if (kind === 'TRUE_FALSE') {
    if (options?.length) at('options', 'a TRUE_FALSE question has no options (they are always Benar, Salah)');
    count = 2;
  } else {
    count = options?.length ?? 0;
    if (count < 2 || count > 10) at('options', `a ${kind} question has 2 to 10 options`);
  }
  const indexes = correct.map((value) => (typeof value === 'number' || /^\d+$/.test(String(value).trim()) ? Number(value) : Number.NaN));
  if (indexes.some((value) => !Number.isInteger(value) || value < 0 || value >= count)) {
    at('correct', `lists 0-based option indexes, from 0 to ${count - 1}`);
  } else if (new Set(indexes).size !== indexes.length) {
    at('correct', 'names an option twice');
  } else if (kind !== 'MULTIPLE_CHOICE' && indexes.length !== 1) {
    at('correct', `a ${kind} question has exactly one correct option`);
  }
}
