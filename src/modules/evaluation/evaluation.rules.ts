import type { FieldProblem } from '../../errors';
import { COURSE_QUESTIONS, type EvaluationQuestionDef, INSTRUCTOR_QUESTIONS, MAX_SCORE, MIN_SCORE } from './evaluation.questions';

/**
 * k-anonymity: an aggregate over fewer evaluations than this is withheld, because in a small
 * group an instructor could tell who answered what.
 */
export const MIN_GROUP = 5;
export const MAX_COMMENT_LENGTH = 2_000;
/** Far more than a cohort has instructors; bounds the work a hostile request can cause. */
export const MAX_INSTRUCTOR_ENTRIES = 30;

export interface LikertDraft {
  questionCode: string;
  score: number;
}

export interface EvaluationDraft {
  courseAnswers: LikertDraft[];
  instructorAnswers?: { instructorId: string; answers: LikertDraft[] }[] | null;
  comment?: string | null;
}

export interface CheckedAnswer {
  /** Null: about the course. */
  instructorId: string | null;
  questionCode: string;
  score: number;
}

/**
 * Reads a whole evaluation so the learner sees every problem at once, each naming its field
 * (e.g. `input.courseAnswers[2].score`): every question of each questionnaire exactly once, scores
 * 1–5, instructors only those of the learner's cohort and each once, a comment of bounded length.
 */
export function checkEvaluation(
  draft: EvaluationDraft,
  cohortInstructorIds: readonly string[],
): { problems: FieldProblem[]; answers: CheckedAnswer[]; comment: string | null } {
  const problems: FieldProblem[] = [];
  const answers: CheckedAnswer[] = [];
  answers.push(...checkLikert(draft.courseAnswers, COURSE_QUESTIONS, 'input.courseAnswers', null, problems));

  const entries = draft.instructorAnswers ?? [];
  const allowed = new Set(cohortInstructorIds.map((id) => id.toLowerCase()));
  const seen = new Set<string>();
  if (entries.length > MAX_INSTRUCTOR_ENTRIES) {
    problems.push({ field: 'input.instructorAnswers', message: `At most ${MAX_INSTRUCTOR_ENTRIES} instructors` });
  } else {
    entries.forEach((entry, index) => {
      const path = `input.instructorAnswers[${index}]`;
      const id = entry.instructorId.toLowerCase();
      if (!allowed.has(id)) problems.push({ field: `${path}.instructorId`, message: 'Not an instructor of your cohort' });
      else if (seen.has(id)) problems.push({ field: `${path}.instructorId`, message: 'This instructor is evaluated twice' });
      seen.add(id);
      answers.push(...checkLikert(entry.answers, INSTRUCTOR_QUESTIONS, `${path}.answers`, id, problems));
    });
  }

  const comment = draft.comment?.trim() || null;
  if (comment && comment.length > MAX_COMMENT_LENGTH) {
    problems.push({ field: 'input.comment', message: `A comment has at most ${MAX_COMMENT_LENGTH} characters` });
  }
  return { problems, answers, comment };
}

function checkLikert(
  given: LikertDraft[],
  questions: readonly EvaluationQuestionDef[],
  path: string,
  instructorId: string | null,
  problems: FieldProblem[],
): CheckedAnswer[] {
  if (given.length > questions.length * 2) {
    problems.push({ field: path, message: `Answer each of the ${questions.length} questions once` });
    return [];
  }
  const known = new Set(questions.map((question) => question.code));
  const answered = new Set<string>();
  const answers: CheckedAnswer[] = [];
  given.forEach((answer, index) => {
    const code = answer.questionCode.trim().toUpperCase();
    if (!known.has(code)) {
      problems.push({ field: `${path}[${index}].questionCode`, message: `Not one of the questions ${[...known].join(', ')}` });
    } else if (answered.has(code)) {
      problems.push({ field: `${path}[${index}].questionCode`, message: `${code} is answered twice` });
    }
    answered.add(code);
    if (!Number.isInteger(answer.score) || answer.score < MIN_SCORE || answer.score > MAX_SCORE) {
      problems.push({ field: `${path}[${index}].score`, message: `A score is a whole number from ${MIN_SCORE} to ${MAX_SCORE}` });
    }
    answers.push({ instructorId, questionCode: code, score: answer.score });
  });
  const missing = questions.filter((question) => !answered.has(question.code)).map((question) => question.code);
  if (missing.length) problems.push({ field: path, message: `Unanswered: ${missing.join(', ')}` });
  return answers;
}

/** What SQL counted for one question in one group: answers per score, index 0 = score 1. */
export interface QuestionCounts {
  questionCode: string;
  distribution: number[];
}

export interface QuestionAggregateValue {
  code: string;
  text: string;
  responses: number;
  mean: number;
  distribution: number[];
}

export interface AggregateValue {
  withheld: boolean;
  /** Null when withheld: even the size of a small group is not shown. */
  responses: number | null;
  questions: QuestionAggregateValue[] | null;
}

const WITHHELD: AggregateValue = { withheld: true, responses: null, questions: null };

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/**
 * One group's aggregate (a course's penyelenggaraan, or one instructor), or nothing when fewer
 * than MIN_GROUP evaluations are in it. Questions follow the catalogue; one answered by fewer than
 * MIN_GROUP evaluations of the group (a newer question) is left out for the same reason.
 */
export function aggregateGroup(responses: number, counts: QuestionCounts[], catalogue: readonly EvaluationQuestionDef[]): AggregateValue {
  if (responses < MIN_GROUP) return WITHHELD;
  const byCode = new Map(counts.map((row) => [row.questionCode, row.distribution]));
  const questions = catalogue.flatMap((question) => {
    const distribution = byCode.get(question.code);
    const answered = distribution ? sum(distribution) : 0;
    if (!distribution || answered < MIN_GROUP) return [];
    return [{ code: question.code, text: question.text, responses: answered, mean: meanOf(distribution), distribution: [...distribution] }];
  });
  return { withheld: false, responses, questions };
}

/** Mean of a 1..5 distribution, to 2 decimals. */
export function meanOf(distribution: number[]): number {
  const answered = sum(distribution);
  if (!answered) return 0;
  const total = distribution.reduce((acc, count, index) => acc + count * (index + 1), 0);
  return Math.round((total * 100) / answered) / 100;
}

export interface GroupCounts {
  responses: number;
  counts: QuestionCounts[];
}

/**
 * Adds groups up (an instructor across courses), counting only groups that are shown on their
 * own: a total that also held a withheld group would give that group away by subtraction.
 */
export function combineShownGroups(groups: GroupCounts[]): GroupCounts {
  return addGroups(groups.filter((group) => group.responses >= MIN_GROUP));
}

/**
 * The one rule against differencing: which parts of a whole (the cohorts of a course, or an
 * instructor's groups per cohort within the course) may be shown next to the whole. Anyone who
 * sees the whole and some parts can subtract: what remains (the whole minus every shown part,
 * which holds the withheld parts and evaluations of no askable part, e.g. self-paced learners)
 * is then known as one group. So a part is shown only when it has MIN_GROUP evaluations itself
 * and what remains is empty or again at least MIN_GROUP; when the remainder falls in between, the
 * smallest shown part is withheld too (the first of equals, so the answer is stable), which makes
 * the remainder larger than MIN_GROUP. Two parts are disjoint, so subtracting parts from each
 * other reveals nothing; and the whole is shown by aggregateGroup on its own.
 */
export function releasableParts(whole: number, parts: readonly number[]): boolean[] {
  const shown = parts.map((size) => whole >= MIN_GROUP && size >= MIN_GROUP);
  const remainder = whole - sum(parts.filter((_, index) => shown[index]));
  if (remainder > 0 && remainder < MIN_GROUP) {
    let smallest = -1;
    shown.forEach((isShown, index) => {
      if (isShown && (smallest < 0 || parts[index] < parts[smallest])) smallest = index;
    });
    if (smallest >= 0) shown[smallest] = false;
  }
  return shown;
}

const answeredIn = (group: GroupCounts, questionCode: string) => sum(group.counts.find((row) => row.questionCode === questionCode)?.distribution ?? []);

/**
 * One part's aggregate next to its whole (a cohort next to its course): releasableParts decides
 * for the group, and again for each question, whose answer counts can differ from the group's
 * when the catalogue gains a question.
 */
export function aggregatePart(whole: GroupCounts, parts: readonly GroupCounts[], index: number, catalogue: readonly EvaluationQuestionDef[]): AggregateValue {
  if (!releasableParts(whole.responses, parts.map((part) => part.responses))[index]) return WITHHELD;
  const hidden = new Set(
    catalogue
      .filter((question) => !releasableParts(answeredIn(whole, question.code), parts.map((part) => answeredIn(part, question.code)))[index])
      .map((question) => question.code),
  );
  const part = parts[index];
  return aggregateGroup(part.responses, part.counts.filter((row) => !hidden.has(row.questionCode)), catalogue);
}

/** Groups added up in full: a whole from its parts (each evaluation is in exactly one part). */
export function addGroups(groups: readonly GroupCounts[]): GroupCounts {
  const byCode = new Map<string, number[]>();
  for (const row of groups.flatMap((group) => group.counts)) {
    const total = byCode.get(row.questionCode) ?? Array<number>(MAX_SCORE).fill(0);
    byCode.set(row.questionCode, total.map((count, index) => count + (row.distribution[index] ?? 0)));
  }
  return {
    responses: sum(groups.map((group) => group.responses)),
    counts: [...byCode].map(([questionCode, distribution]) => ({ questionCode, distribution })),
  };
}
