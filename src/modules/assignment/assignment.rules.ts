import type { FieldProblem } from '../../errors';
import type { ReviewDecision, RubricScoreData } from '../review/review.entity';
import { DOCX, JPEG, MiB, MP4, normalizeContentType, ODP, ODS, ODT, PDF, PNG, PPTX, WEBP, XLSX } from '../files/upload.rules';
import { LatePolicy, type RubricCriterionData, type RubricLevelData } from './assignment.entity';

/** Pure rules of assignments: checking settings, when work is taken and late, and scoring from a rubric. */

/**
 * What an assignment may allow learners to hand in: office documents, images and short videos,
 * each a type the sniffer recognises from its bytes (so a renamed file is caught on completion).
 */
export const SUBMISSION_CONTENT_TYPES: readonly string[] = [PDF, DOCX, ODT, PPTX, ODP, XLSX, ODS, PNG, JPEG, WEBP, MP4];
export const MAX_SUBMISSION_FILE_BYTES = 100 * MiB;

export const MAX_INSTRUCTIONS_LENGTH = 200_000;
export const MAX_SCORE = 10_000;
export const MAX_CRITERIA = 30;
export const MAX_LEVELS = 10;
export const MAX_RUBRIC_TEXT_LENGTH = 2_000;
export const MIN_FILES = 1;
export const MAX_FILES = 10;
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 5;
export const MAX_SUBMISSION_TEXT_LENGTH = 100_000;
export const MAX_REVIEW_COMMENT_LENGTH = 20_000;
/** Points are compared with this slack: 0.1 + 0.2 must still add up to 0.3. */
const EPSILON = 1e-9;

export interface RubricLevelDraft {
  title: string;
  description?: string | null;
  points: number;
}

export interface RubricCriterionDraft {
  title: string;
  description?: string | null;
  levels: RubricLevelDraft[];
}

export interface AssignmentDraft {
  instructions: string;
  dueAt?: Date | null;
  latePolicy: LatePolicy;
  closesAt?: Date | null;
  maxScore: number;
  rubric?: RubricCriterionDraft[] | null;
  allowText?: boolean | null;
  allowedContentTypes?: string[] | null;
  maxFileBytes?: number | null;
  maxFiles?: number | null;
}

/** The settings as stored; null (not undefined) clears a previous value on flush. */
export interface CheckedAssignment {
  instructions: string;
  dueAt: Date | null;
  latePolicy: LatePolicy;
  closesAt: Date | null;
  maxScore: number;
  rubric: RubricCriterionData[];
  allowText: boolean;
  allowedContentTypes: string[];
  maxFileBytes: number;
  maxFiles: number;
}

/** The most points a criterion gives: its best level. */
export function criterionMaxPoints(criterion: Pick<RubricCriterionData, 'levels'>): number {
  return criterion.levels.reduce((best, level) => Math.max(best, level.points), 0);
}

/** What a rubric gives at most: the best level of every criterion. */
export function rubricMaxScore(rubric: Pick<RubricCriterionData, 'levels'>[]): number {
  return rubric.reduce((sum, criterion) => sum + criterionMaxPoints(criterion), 0);
}

const sameTitle = (a: string, b: string) => a.trim().toLocaleLowerCase('id') === b.trim().toLocaleLowerCase('id');

/**
 * Checks all settings at once so the author sees every problem with its field (e.g.
 * `input.rubric[0].levels`). Criteria and levels keep the ids they had when their title is
 * unchanged: reviews given before a course went back to draft still name them.
 */
export function checkAssignment(
  draft: AssignmentDraft,
  newId: () => string,
  previous: RubricCriterionData[] = [],
): { problems: FieldProblem[]; assignment: CheckedAssignment } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  const instructions = draft.instructions.trim();
  if (!instructions) problem('input.instructions', 'An assignment needs instructions');
  if (instructions.length > MAX_INSTRUCTIONS_LENGTH) problem('input.instructions', `instructions must be at most ${MAX_INSTRUCTIONS_LENGTH} characters`);

  const dueAt = draft.dueAt ?? null;
  const closesAt = draft.closesAt ?? null;
  if (dueAt && Number.isNaN(dueAt.getTime())) problem('input.dueAt', 'dueAt is not a valid date');
  if (draft.latePolicy !== LatePolicy.ACCEPT_LATE && !dueAt) problem('input.dueAt', `${draft.latePolicy} needs a due date (dueAt)`);
  if (draft.latePolicy === LatePolicy.ACCEPT_UNTIL_CLOSE) {
    if (!closesAt) problem('input.closesAt', 'ACCEPT_UNTIL_CLOSE needs the hard deadline (closesAt)');
    else if (dueAt && closesAt.getTime() <= dueAt.getTime()) problem('input.closesAt', 'closesAt must be after dueAt');
  } else if (closesAt) {
    problem('input.closesAt', 'Only ACCEPT_UNTIL_CLOSE has a hard deadline (closesAt)');
  }

  if (!Number.isFinite(draft.maxScore) || draft.maxScore <= 0 || draft.maxScore > MAX_SCORE) {
    problem('input.maxScore', `maxScore must be more than 0 and at most ${MAX_SCORE}`);
  }
  const rubric = checkRubric(draft.rubric ?? [], problem, newId, previous);
  if (rubric.length && Number.isFinite(draft.maxScore)) {
    const best = rubricMaxScore(rubric);
    if (Math.abs(best - draft.maxScore) > EPSILON) {
      problem('input.maxScore', `maxScore is ${draft.maxScore} but the best levels of the rubric add up to ${best}`);
    }
  }

  const allowText = draft.allowText ?? true;
  const allowedContentTypes = [...new Set((draft.allowedContentTypes ?? []).map(normalizeContentType))];
  (draft.allowedContentTypes ?? []).forEach((type, index) => {
    if (!SUBMISSION_CONTENT_TYPES.includes(normalizeContentType(type))) {
      problem(`input.allowedContentTypes[${index}]`, `${type} is not accepted; choose from ${SUBMISSION_CONTENT_TYPES.join(', ')}`);
    }
  });
  if (!allowText && !allowedContentTypes.length) problem('input.allowText', 'Learners must be able to hand in text or files: allow text or some file types');

  const maxFileBytes = draft.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isInteger(maxFileBytes) || maxFileBytes < 1 || maxFileBytes > MAX_SUBMISSION_FILE_BYTES) {
    problem('input.maxFileBytes', `maxFileBytes must be between 1 and ${MAX_SUBMISSION_FILE_BYTES} (100 MiB)`);
  }
  const maxFiles = draft.maxFiles ?? DEFAULT_MAX_FILES;
  if (!Number.isInteger(maxFiles) || maxFiles < MIN_FILES || maxFiles > MAX_FILES) problem('input.maxFiles', `maxFiles must be between ${MIN_FILES} and ${MAX_FILES}`);

  return {
    problems,
    assignment: { instructions, dueAt, latePolicy: draft.latePolicy, closesAt, maxScore: draft.maxScore, rubric, allowText, allowedContentTypes, maxFileBytes, maxFiles },
  };
}

function checkRubric(
  criteria: RubricCriterionDraft[],
  problem: (field: string, message: string) => void,
  newId: () => string,
  previous: RubricCriterionData[],
): RubricCriterionData[] {
  if (criteria.length > MAX_CRITERIA) problem('input.rubric', `A rubric has at most ${MAX_CRITERIA} criteria`);
  const text = (value: string | null | undefined, field: string, required: boolean) => {
    const trimmed = value?.trim() ?? '';
    if (required && !trimmed) problem(field, 'A title is needed');
    if (trimmed.length > MAX_RUBRIC_TEXT_LENGTH) problem(field, `at most ${MAX_RUBRIC_TEXT_LENGTH} characters`);
    return trimmed;
  };
  const usedCriteria = new Set<string>();
  return criteria.map((criterion, c) => {
    const path = `input.rubric[${c}]`;
    const title = text(criterion.title, `${path}.title`, true);
    if (criteria.slice(0, c).some((earlier) => sameTitle(earlier.title, criterion.title))) problem(`${path}.title`, 'Two criteria have this title');
    const before = previous.find((old) => !usedCriteria.has(old.id) && sameTitle(old.title, title));
    if (before) usedCriteria.add(before.id);
    if (criterion.levels.length < 1 || criterion.levels.length > MAX_LEVELS) problem(`${path}.levels`, `A criterion has 1 to ${MAX_LEVELS} levels`);
    const usedLevels = new Set<string>();
    const levels: RubricLevelData[] = criterion.levels.map((level, l) => {
      const levelTitle = text(level.title, `${path}.levels[${l}].title`, true);
      if (!Number.isFinite(level.points) || level.points < 0 || level.points > MAX_SCORE) {
        problem(`${path}.levels[${l}].points`, `points must be between 0 and ${MAX_SCORE}`);
      }
      const old = before?.levels.find((candidate) => !usedLevels.has(candidate.id) && sameTitle(candidate.title, levelTitle));
      if (old) usedLevels.add(old.id);
      return { id: old?.id ?? newId(), title: levelTitle, description: text(level.description, `${path}.levels[${l}].description`, false) || null, points: level.points };
    });
    return { id: before?.id ?? newId(), title, description: text(criterion.description, `${path}.description`, false) || null, levels };
  });
}

export type SubmissionTiming = { taken: true; late: boolean } | { taken: false; reason: string };

/**
 * Whether work handed in `now` is taken, and whether it is late. Late means after dueAt;
 * REFUSE_LATE takes nothing after dueAt, ACCEPT_UNTIL_CLOSE nothing after closesAt.
 */
export function submissionTiming(
  assignment: { dueAt?: Date | null; latePolicy: LatePolicy; closesAt?: Date | null },
  now: Date,
): SubmissionTiming {
  const late = !!assignment.dueAt && now.getTime() > assignment.dueAt.getTime();
  if (late && assignment.latePolicy === LatePolicy.REFUSE_LATE) {
    return { taken: false, reason: `The due date (${assignment.dueAt!.toISOString()}) has passed and late work is not accepted` };
  }
  if (assignment.latePolicy === LatePolicy.ACCEPT_UNTIL_CLOSE && assignment.closesAt && now.getTime() > assignment.closesAt.getTime()) {
    return { taken: false, reason: `The assignment closed at ${assignment.closesAt.toISOString()}` };
  }
  return { taken: true, late };
}

export interface RubricChoice {
  criterionId: string;
  levelId: string;
}

export interface ReviewDraft {
  decision?: ReviewDecision | null;
  score?: number | null;
  rubric?: RubricChoice[] | null;
  comment?: string | null;
  feedbackFileId?: string | null;
}

export interface CheckedReview {
  score: number | null;
  rubricScores: RubricScoreData[];
  comment: string | null;
}

/** The sum of the chosen levels' points. */
export function scoreFromRubric(scores: Pick<RubricScoreData, 'points'>[]): number {
  return scores.reduce((sum, score) => sum + score.points, 0);
}

/**
 * Checks a review against its assignment. A decision grades the attempt, so it needs a score
 * (given, or the sum of rubric levels) and, when levels are chosen, a level for every
 * criterion; feedback without a decision may leave the score out.
 */
export function checkReview(assignment: { maxScore: number; rubric: RubricCriterionData[] }, draft: ReviewDraft): { problems: FieldProblem[]; review: CheckedReview } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const choices = draft.rubric ?? [];
  const chosen = new Set<string>();
  const rubricScores: RubricScoreData[] = [];
  choices.forEach((choice, index) => {
    const criterion = assignment.rubric.find((candidate) => candidate.id === choice.criterionId);
    if (!criterion) return problem(`input.rubric[${index}].criterionId`, 'No criterion of this assignment’s rubric has this id');
    if (chosen.has(criterion.id)) return problem(`input.rubric[${index}].criterionId`, 'This criterion is chosen twice');
    chosen.add(criterion.id);
    const level = criterion.levels.find((candidate) => candidate.id === choice.levelId);
    if (!level) return problem(`input.rubric[${index}].levelId`, `No level of the criterion "${criterion.title}" has this id`);
    rubricScores.push({ criterionId: criterion.id, levelId: level.id, points: level.points });
  });
  if (draft.decision && choices.length && chosen.size < assignment.rubric.length) {
    problem('input.rubric', `A decision with rubric levels chooses one for every criterion (${chosen.size} of ${assignment.rubric.length} chosen)`);
  }

  const given = draft.score ?? null;
  if (given !== null && (!Number.isFinite(given) || given < 0 || given > assignment.maxScore + EPSILON)) {
    problem('input.score', `score must be between 0 and ${assignment.maxScore}`);
  }
  const score = given ?? (choices.length ? scoreFromRubric(rubricScores) : null);
  if (draft.decision && score === null) problem('input.score', `${draft.decision} grades the work: give a score or rubric levels`);

  const comment = draft.comment?.trim() || null;
  if (comment && comment.length > MAX_REVIEW_COMMENT_LENGTH) problem('input.comment', `comment must be at most ${MAX_REVIEW_COMMENT_LENGTH} characters`);
  if (!draft.decision && score === null && !comment && !draft.feedbackFileId) {
    problem('input', 'A review needs a decision, a score, rubric levels, a comment or a feedback file');
  }
  return { problems, review: { score, rubricScores, comment } };
}

export interface HandInDraft {
  text?: string | null;
  fileIds?: string[] | null;
}

/**
 * What one attempt carries, checked against what the assignment takes: text only where
 * allowed, files only where some types are allowed and at most maxFiles, and not nothing.
 */
export function checkHandIn(
  assignment: { allowText: boolean; allowedContentTypes: string[]; maxFiles: number },
  draft: HandInDraft,
): { problems: FieldProblem[]; text: string | null; fileIds: string[] } {
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });
  const text = draft.text?.trim() ? draft.text : null;
  const fileIds = (draft.fileIds ?? []).map((id) => id.toLowerCase());
  if (text && !assignment.allowText) problem('input.text', 'This assignment takes files only, no text');
  if (text && text.length > MAX_SUBMISSION_TEXT_LENGTH) problem('input.text', `text must be at most ${MAX_SUBMISSION_TEXT_LENGTH} characters`);
  if (fileIds.length && !assignment.allowedContentTypes.length) problem('input.fileIds', 'This assignment takes text only, no files');
  else if (fileIds.length > assignment.maxFiles) problem('input.fileIds', `At most ${assignment.maxFiles} files per submission`);
  else if (new Set(fileIds).size !== fileIds.length) problem('input.fileIds', 'A file is named twice');
  if (!text && !fileIds.length) {
    const needed = !assignment.allowText ? 'at least one file' : assignment.allowedContentTypes.length ? 'a text or at least one file' : 'a text';
    problem(assignment.allowText ? 'input.text' : 'input.fileIds', `Hand in ${needed}`);
  }
  return { problems, text, fileIds };
}
