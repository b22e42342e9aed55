import { randomBytes } from 'node:crypto';
import type { ApiUnderTest } from '../support/test-app';
import { authorToken, type BuiltCourse } from './catalogue';

const unique = () => randomBytes(2).toString('hex').toUpperCase();

export interface QuestionValues {
  kind: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'TRUE_FALSE' | 'SHORT_ANSWER';
  prompt: string;
  options?: { text: string }[];
  correct: string[];
  points?: number;
}

export interface QuizValues {
  purpose?: 'PRACTICE' | 'PRE_TEST' | 'POST_TEST';
  passMark?: number;
  maxAttempts?: number | null;
  timeLimitSeconds?: number | null;
  scorePolicy?: 'BEST' | 'LAST';
  questions: QuestionValues[];
}

export const SET_QUIZ = `mutation ($materialId: ID!, $input: QuizInput!) {
  setQuiz(materialId: $materialId, input: $input) {
    purpose passMark maxAttempts timeLimitSeconds scorePolicy
    questions { id kind prompt points options { id text } answerKey }
  }
}`;

/** A QUIZ material appended to a module of a DRAFT course. */
export async function buildQuizMaterial(t: ApiUnderTest, course: BuiltCourse, moduleId: string, input: { title?: string; required?: boolean } = {}) {
  const data = await t.ok<{ addMaterial: { id: string; kind: string } }>(
    `mutation ($moduleId: ID!, $input: MaterialInput!) { addMaterial(moduleId: $moduleId, input: $input) { id kind } }`,
    { moduleId, input: { title: input.title ?? `Kuis ${unique()}`, kind: 'QUIZ', required: input.required ?? true } },
    { token: await authorToken(course.author) },
  );
  return data.addMaterial;
}

export interface BuiltQuestion {
  id: string;
  kind: string;
  options: { id: string; text: string }[];
  answerKey: string[];
}

/** Sets the quiz of a QUIZ material as the course's author; answers the questions with their answer key. */
export async function setQuiz(t: ApiUnderTest, course: BuiltCourse, materialId: string, values: QuizValues): Promise<BuiltQuestion[]> {
  const data = await t.ok<{ setQuiz: { questions: BuiltQuestion[] } }>(
    SET_QUIZ,
    { materialId, input: { purpose: 'PRACTICE', passMark: 70, scorePolicy: 'BEST', ...values } },
    { token: await authorToken(course.author) },
  );
  return data.setQuiz.questions;
}
