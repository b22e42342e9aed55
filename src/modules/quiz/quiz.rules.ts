import type { FieldProblem } from '../../errors';
import { QuestionKind, QuizPurpose, ScorePolicy } from './quiz.entity';

export const MIN_QUESTIONS = 1;
export const MAX_QUESTIONS = 100;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;
export const MIN_TIME_LIMIT_SECONDS = 30;
export const MAX_TIME_LIMIT_SECONDS = 24 * 60 * 60;
export const MAX_PROMPT_LENGTH = 4_000;
export const MAX_OPTION_LENGTH = 1_000;
export const MAX_ACCEPTED_ANSWERS = 20;
/** Answers sent at the last second travel over slow mobile networks; this much lateness is forgiven. */
export const SUBMIT_GRACE_MS = 30_000;
/** The two options a TRUE_FALSE question always has, made by the server so every quiz says them alike. */
export const TRUE_FALSE_OPTIONS = ['Benar', 'Salah'] as const;

const CHOICE_KINDS = new Set([QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.TRUE_FALSE]);

export interface QuestionDraft {
  kind: QuestionKind;
  prompt: string;
  options?: { text: string }[] | null;
  correct: string[];
  points: number;
}

export interface QuizDraft {
  purpose: QuizPurpose;
  passMark: number;
  maxAttempts?: number | null;
  timeLimitSeconds?: number | null;
  scorePolicy: ScorePolicy;
  questions: QuestionDraft[];
}

/** A question as stored: option ids are made here so `correct` can name them. */
export interface CheckedQuestion {
  kind: QuestionKind;
  prompt: string;
  options: { id: string; text: string }[];
  correct: string[];
  points: number;
}

/** "  Surat   KEPUTUSAN " and "surat keputusan" are the same answer; learners type on phones. */
export function normaliseAnswer(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('id');
}

/**
 * Checks a whole quiz at once so the author sees every problem, each with its field path
 * (e.g. questions.2.correct); answers the questions to store when there is none.
 */
export function checkQuiz(draft: QuizDraft, newId: () => string): { problems: FieldProblem[]; questions: CheckedQuestion[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  if (!Number.isFinite(draft.passMark) || draft.passMark < 0 || draft.passMark > 100) problem('passMark', 'passMark must be between 0 and 100');
  if (draft.maxAttempts !== null && draft.maxAttempts !== undefined && (!Number.isInteger(draft.maxAttempts) || draft.maxAttempts < 1)) {
    problem('maxAttempts', 'maxAttempts must be at least 1, or null for no limit');
  }
  const limit = draft.timeLimitSeconds;
  if (limit !== null && limit !== undefined && (!Number.isInteger(limit) || limit < MIN_TIME_LIMIT_SECONDS || limit > MAX_TIME_LIMIT_SECONDS)) {
    problem('timeLimitSeconds', `timeLimitSeconds must be between ${MIN_TIME_LIMIT_SECONDS} and ${MAX_TIME_LIMIT_SECONDS}, or null for none`);
  }
  if (draft.questions.length < MIN_QUESTIONS || draft.questions.length > MAX_QUESTIONS) {
    problem('questions', `A quiz has ${MIN_QUESTIONS} to ${MAX_QUESTIONS} questions`);
  }
  const questions = draft.questions.map((question, index) => checkQuestion(question, `questions.${index}`, problem, newId));
  return { problems, questions };
}

function checkQuestion(
  question: QuestionDraft,
  path: string,
  problem: (field: string, message: string) => void,
  newId: () => string,
): CheckedQuestion {
  const prompt = question.prompt.trim();
  if (!prompt) problem(`${path}.prompt`, 'A question needs a prompt');
  if (prompt.length > MAX_PROMPT_LENGTH) problem(`${path}.prompt`, `prompt must be at most ${MAX_PROMPT_LENGTH} characters`);
  if (!Number.isFinite(question.points) || question.points <= 0) problem(`${path}.points`, 'points must be more than 0');
  const given = question.options ?? [];

  if (question.kind === QuestionKind.SHORT_ANSWER) {
    if (given.length) problem(`${path}.options`, 'A SHORT_ANSWER question has no options');
    const accepted = [...new Set(question.correct.map(normaliseAnswer).filter(Boolean))];
    if (!accepted.length) problem(`${path}.correct`, 'A SHORT_ANSWER question needs at least one accepted answer');
    if (accepted.length > MAX_ACCEPTED_ANSWERS) problem(`${path}.correct`, `At most ${MAX_ACCEPTED_ANSWERS} accepted answers`);
    // Stored as typed (trimmed): the author's spelling is what the review shows.
    return { kind: question.kind, prompt, options: [], correct: question.correct.map((text) => text.trim()).filter(Boolean), points: question.points };
  }

  let texts: string[];
  if (question.kind === QuestionKind.TRUE_FALSE) {
    if (given.length) problem(`${path}.options`, 'TRUE_FALSE options are always Benar and Salah; send none');
    texts = [...TRUE_FALSE_OPTIONS];
  } else {
    texts = given.map((option) => option.text.trim());
    if (texts.length < MIN_OPTIONS || texts.length > MAX_OPTIONS) problem(`${path}.options`, `A choice question has ${MIN_OPTIONS} to ${MAX_OPTIONS} options`);
    texts.forEach((text, index) => {
      if (!text) problem(`${path}.options.${index}.text`, 'An option needs a text');
      else if (text.length > MAX_OPTION_LENGTH) problem(`${path}.options.${index}.text`, `An option has at most ${MAX_OPTION_LENGTH} characters`);
    });
  }
  const options = texts.map((text) => ({ id: newId(), text }));
  const indexes = question.correct.map((value) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN));
  if (indexes.some((index) => !Number.isInteger(index) || index < 0 || index >= options.length)) {
    problem(`${path}.correct`, `correct lists 0-based option indexes, from 0 to ${options.length - 1}`);
  } else if (new Set(indexes).size !== indexes.length) {
    problem(`${path}.correct`, 'correct names an option twice');
  } else if (question.kind === QuestionKind.MULTIPLE_CHOICE ? indexes.length < 1 : indexes.length !== 1) {
    problem(`${path}.correct`, question.kind === QuestionKind.MULTIPLE_CHOICE ? 'Name at least one correct option' : 'Name exactly one correct option');
  }
  const correct = indexes.filter((index) => options[index]).map((index) => options[index].id);
  return { kind: question.kind, prompt, options, correct, points: question.points };
}

export function isChoiceKind(kind: QuestionKind): boolean {
  return CHOICE_KINDS.has(kind);
}

/** What a learner answered to one question: chosen option ids, or a text for SHORT_ANSWER. */
export interface GivenAnswer {
  optionIds?: string[] | null;
  text?: string | null;
}

/** All or nothing: a choice question scores only with exactly the correct set, a short answer only when it matches. */
export function gradeQuestion(question: Pick<CheckedQuestion, 'kind' | 'correct' | 'points'>, answer: GivenAnswer | undefined): number {
  if (!answer) return 0;
  if (question.kind === QuestionKind.SHORT_ANSWER) {
    const text = normaliseAnswer(answer.text ?? '');
    return text && question.correct.some((accepted) => normaliseAnswer(accepted) === text) ? question.points : 0;
  }
  const chosen = new Set(answer.optionIds ?? []);
  const correct = new Set(question.correct);
  return chosen.size === correct.size && [...correct].every((id) => chosen.has(id)) ? question.points : 0;
}

export interface Grade {
  score: number;
  maxScore: number;
  percent: number;
  passed: boolean;
}

export function gradeAttempt(
  questions: (Pick<CheckedQuestion, 'kind' | 'correct' | 'points'> & { id: string })[],
  answers: Map<string, GivenAnswer>,
  passMark: number,
): Grade {
  const score = questions.reduce((sum, question) => sum + gradeQuestion(question, answers.get(question.id)), 0);
  const maxScore = questions.reduce((sum, question) => sum + question.points, 0);
  // Two decimals: enough to show, and 69.999… never fails a 70 pass mark by float noise.
  const percent = maxScore > 0 ? Math.round((score * 10_000) / maxScore) / 100 : 0;
  return { score, maxScore, percent, passed: percent >= passMark };
}

/** A submitted attempt as results see it. */
export interface ScoredAttempt {
  number: number;
  percent: number;
}

/** The percent that counts: the best of all submitted attempts, or the latest one. Null before any. */
export function effectivePercent(attempts: ScoredAttempt[], policy: ScorePolicy): number | null {
  if (!attempts.length) return null;
  if (policy === ScorePolicy.BEST) return Math.max(...attempts.map((attempt) => attempt.percent));
  return [...attempts].sort((a, b) => b.number - a.number)[0].percent;
}

/**
 * Whether the quiz counts as done for completion: a pre-test measures where the learner starts,
 * so handing it in is enough; every other quiz needs the effective result to reach the pass mark.
 */
export function quizCompleted(quiz: { purpose: QuizPurpose; passMark: number; scorePolicy: ScorePolicy }, submitted: ScoredAttempt[]): boolean {
  if (quiz.purpose === QuizPurpose.PRE_TEST) return submitted.length > 0;
  const percent = effectivePercent(submitted, quiz.scorePolicy);
  return percent !== null && percent >= quiz.passMark;
}

/** Attempts a learner may still start; every started attempt counts, expired ones too. Null: no limit. */
export function attemptsLeft(maxAttempts: number | null | undefined, started: number): number | null {
  return maxAttempts === null || maxAttempts === undefined ? null : Math.max(0, maxAttempts - started);
}

export function deadlineFor(startedAt: Date, timeLimitSeconds: number | null | undefined): Date | undefined {
  return timeLimitSeconds ? new Date(startedAt.getTime() + timeLimitSeconds * 1000) : undefined;
}

/** An unsubmitted attempt can still be handed in until its deadline plus the grace period. */
export function isOpen(attempt: { submittedAt?: Date | null; deadlineAt?: Date | null }, now: Date): boolean {
  if (attempt.submittedAt) return false;
  return !attempt.deadlineAt || now.getTime() <= attempt.deadlineAt.getTime() + SUBMIT_GRACE_MS;
}

export interface Gain {
  preTestPercent: number | null;
  postTestPercent: number | null;
  gain: number | null;
}

export function learningGain(pre: number | null, post: number | null): Gain {
  const gain = pre !== null && post !== null ? Math.round((post - pre) * 100) / 100 : null;
  return { preTestPercent: pre, postTestPercent: post, gain };
}

export interface CohortGain {
  learners: number;
  averagePre: number | null;
  averagePost: number | null;
  averageGain: number | null;
}

/** Only learners with both tests count, so the averages compare the same people before and after. */
export function cohortGain(gains: Gain[]): CohortGain {
  const both = gains.filter((gain) => gain.gain !== null);
  const average = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);
  return {
    learners: both.length,
    averagePre: average(both.map((gain) => gain.preTestPercent!)),
    averagePost: average(both.map((gain) => gain.postTestPercent!)),
    averageGain: average(both.map((gain) => gain.gain!)),
  };
}

export interface AnswerDraft {
  questionId: string;
  optionIds?: string[] | null;
  text?: string | null;
}

/**
 * Reads a submission against the attempt's own questions: an answer to any other question, a
 * question answered twice or an option the question does not have is the client's mistake.
 */
export function checkAnswers(
  questions: (Pick<CheckedQuestion, 'kind' | 'options'> & { id: string })[],
  answers: AnswerDraft[],
): { problems: FieldProblem[]; given: Map<string, GivenAnswer> } {
  const byId = new Map(questions.map((question) => [question.id, question]));
  const problems: FieldProblem[] = [];
  const given = new Map<string, GivenAnswer>();
  answers.forEach((answer, index) => {
    const id = answer.questionId.toLowerCase();
    const question = byId.get(id);
    if (!question) {
      problems.push({ field: 'answers', message: `answers.${index}: question ${answer.questionId} is not part of this attempt` });
      return;
    }
    if (given.has(id)) problems.push({ field: 'answers', message: `answers.${index}: question ${answer.questionId} is answered twice` });
    if (question.kind === QuestionKind.SHORT_ANSWER) {
      if (answer.optionIds?.length) problems.push({ field: `answers.${index}.optionIds`, message: 'A SHORT_ANSWER question takes a text, not options' });
      given.set(id, { text: answer.text ?? '' });
      return;
    }
    if (answer.text) problems.push({ field: `answers.${index}.text`, message: 'A choice question takes optionIds, not a text' });
    const optionIds = (answer.optionIds ?? []).map((optionId) => optionId.toLowerCase());
    if (optionIds.some((optionId) => !question.options.some((option) => option.id === optionId))) {
      problems.push({ field: `answers.${index}.optionIds`, message: 'An option id is not an option of this question' });
    }
    given.set(id, { optionIds: [...new Set(optionIds)] });
  });
  return { problems, given };
}
