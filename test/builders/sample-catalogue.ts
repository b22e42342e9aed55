import { randomUUID } from 'node:crypto';
import type { GraphQLClient } from '../support/graphql-client';

const COURSE_CONTENT = `query ($code: String) {
  course(code: $code) {
    id code jp
    modules { materials { id kind required quiz { purpose questions { id kind options { id } answerKey } } } }
  }
}`;
const ENROLL = `mutation ($courseId: ID!) { enroll(courseId: $courseId) { id status } }`;
const RECORD_PROGRESS = `mutation ($events: [ProgressEventInput!]!) { recordProgress(events: $events) { refused } }`;
const START = `mutation ($materialId: ID!) { startQuizAttempt(materialId: $materialId) { id questions { id } } }`;
const SUBMIT = `mutation ($attemptId: ID!, $answers: [QuizAnswerInput!]!) { submitQuizAttempt(attemptId: $attemptId, answers: $answers) { percent passed } }`;
const MY_ENROLLMENT = `query ($code: String) { course(code: $code) { myEnrollment { id status } } }`;

interface SampleQuestion {
  id: string;
  kind: string;
  options: { id: string }[];
  answerKey: string[];
}

interface SampleMaterial {
  id: string;
  kind: string;
  required: boolean;
  quiz: { purpose: string; questions: SampleQuestion[] } | null;
}

/** A right answer from the key, or a wrong one (another option; a made-up short answer). */
function answerTo(question: SampleQuestion, right: boolean): { questionId: string; optionIds?: string[]; text?: string } {
  if (question.kind === 'SHORT_ANSWER') return { questionId: question.id, text: right ? question.answerKey[0] : 'tidak tahu' };
  if (right) return { questionId: question.id, optionIds: question.answerKey };
  const wrong = question.options.find((option) => !question.answerKey.includes(option.id)) as { id: string };
  return { questionId: question.id, optionIds: [wrong.id] };
}

/**
 * A demo learner takes a sample course as a learner would: enrols, answers the pre-test with
 * `preTestRight` of the questions right, completes every other material, and passes the post-test
 * with every answer right. The answer key comes from the course's author, as a test's oracle.
 * Answers the pre- and post-test percentages.
 */
export async function takeSampleCourse(
  client: GraphQLClient,
  code: string,
  learnerToken: string,
  authorToken: string,
  preTestRight: number,
): Promise<{ pre: number; post: number }> {
  const { course } = await client.ok<{ course: { id: string; modules: { materials: SampleMaterial[] }[] } }>(COURSE_CONTENT, { code }, { token: authorToken });
  await client.ok(ENROLL, { courseId: course.id }, { token: learnerToken });
  const materials = course.modules.flatMap((module) => module.materials);
  const percents: Record<string, number> = {};
  const takeQuiz = async (material: SampleMaterial) => {
    const quiz = material.quiz as NonNullable<SampleMaterial['quiz']>;
    const attempt = (await client.ok(START, { materialId: material.id }, { token: learnerToken })).startQuizAttempt;
    const rightCount = quiz.purpose === 'PRE_TEST' ? Math.round(preTestRight * quiz.questions.length) : quiz.questions.length;
    const answers = quiz.questions.map((question, index) => answerTo(question, index < rightCount));
    const submitted = (await client.ok(SUBMIT, { attemptId: attempt.id, answers }, { token: learnerToken })).submitQuizAttempt;
    percents[quiz.purpose] = submitted.percent;
  };
  const pre = materials.filter((material) => material.quiz?.purpose === 'PRE_TEST');
  const post = materials.filter((material) => material.quiz?.purpose === 'POST_TEST');
  for (const material of pre) await takeQuiz(material);
  const occurredAt = new Date().toISOString();
  const events = materials
    .filter((material) => material.kind !== 'QUIZ' && material.kind !== 'ASSIGNMENT')
    .map((material) => ({ id: randomUUID(), materialId: material.id, occurredAt, kind: 'COMPLETED' }));
  const recorded = await client.ok(RECORD_PROGRESS, { events }, { token: learnerToken });
  if (recorded.recordProgress.refused) throw new Error(`takeSampleCourse ${code}: ${recorded.recordProgress.refused} progress events refused`);
  for (const material of materials.filter((m) => m.kind === 'QUIZ' && m.quiz?.purpose === 'PRACTICE')) await takeQuiz(material);
  for (const material of post) await takeQuiz(material);
  const { course: after } = await client.ok(MY_ENROLLMENT, { code }, { token: learnerToken });
  if (after.myEnrollment?.status !== 'COMPLETED') throw new Error(`takeSampleCourse ${code}: the enrollment is ${after.myEnrollment?.status}, not COMPLETED`);
  return { pre: percents.PRE_TEST, post: percents.POST_TEST };
}
