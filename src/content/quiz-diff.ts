import type { LocalQuiz } from './model';

export interface RemoteQuiz {
  purpose: string;
  passMark: number;
  maxAttempts: number | null;
  timeLimitSeconds: number | null;
  scorePolicy: string;
  questions: { kind: string; prompt: string; points: number; options: { id: string; text: string }[]; answerKey: string[] }[];
}

const sorted = (values: string[]) => [...values].sort();
const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((value, index) => value === b[index]);

/** Whether the server's quiz already says what the quiz file says (answer keys compared as option indexes). */
export function quizMatches(local: LocalQuiz, remote: RemoteQuiz | null): boolean {
  if (!remote) return false;
  if (local.purpose !== remote.purpose || local.passMark !== remote.passMark || local.scorePolicy !== remote.scorePolicy) return false;
  if (local.maxAttempts !== remote.maxAttempts || local.timeLimitSeconds !== remote.timeLimitSeconds) return false;
  if (local.questions.length !== remote.questions.length) return false;
  return local.questions.every((question, index) => {
    const other = remote.questions[index];
    if (question.kind !== other.kind || question.prompt !== other.prompt || question.points !== other.points) return false;
    if (question.kind === 'SHORT_ANSWER') return same(question.correct, other.answerKey);
    if (!same(question.options, other.options.map((option) => option.text))) return false;
    const keyIndexes = other.answerKey.map((id) => String(other.options.findIndex((option) => option.id === id)));
    return same(sorted(question.correct), sorted(keyIndexes));
  });
}

/** The quiz file as the API's QuizInput. */
export function quizInput(quiz: LocalQuiz): Record<string, unknown> {
  return {
    purpose: quiz.purpose,
    passMark: quiz.passMark,
    maxAttempts: quiz.maxAttempts,
    timeLimitSeconds: quiz.timeLimitSeconds,
    scorePolicy: quiz.scorePolicy,
    questions: quiz.questions.map((question) => ({
      kind: question.kind,
      prompt: question.prompt,
      options: question.kind === 'SINGLE_CHOICE' || question.kind === 'MULTIPLE_CHOICE' ? question.options.map((text) => ({ text })) : null,
      correct: question.correct,
      points: question.points,
    })),
  };
}
