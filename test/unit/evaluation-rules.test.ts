import { COURSE_QUESTIONS, INSTRUCTOR_QUESTIONS } from '../../src/modules/evaluation/evaluation.questions';
import {
  addGroups,
  aggregateGroup,
  aggregatePart,
  checkEvaluation,
  combineShownGroups,
  type EvaluationDraft,
  MAX_COMMENT_LENGTH,
  meanOf,
  MIN_GROUP,
  releasableParts,
} from '../../src/modules/evaluation/evaluation.rules';

const WIDYAISWARA = '6f1c2a4e-8b1d-4c1e-9a55-0d3e2b7c9f10';
const answersFor = (questions: readonly { code: string }[], score = 4) => questions.map((question) => ({ questionCode: question.code, score }));
const valid = (): EvaluationDraft => ({
  courseAnswers: answersFor(COURSE_QUESTIONS),
  instructorAnswers: [{ instructorId: WIDYAISWARA, answers: answersFor(INSTRUCTOR_QUESTIONS, 5) }],
  comment: '  Materi bermanfaat.  ',
});
const fields = (draft: EvaluationDraft, instructors = [WIDYAISWARA]) => checkEvaluation(draft, instructors).problems.map((problem) => problem.field);

describe('checkEvaluation', () => {
  it('accepts every question once and answers the rows to store', () => {
    const { problems, answers, comment } = checkEvaluation(valid(), [WIDYAISWARA]);
    expect(problems).toEqual([]);
    expect(answers).toHaveLength(COURSE_QUESTIONS.length + INSTRUCTOR_QUESTIONS.length);
    expect(answers.filter((answer) => answer.instructorId === null)).toHaveLength(COURSE_QUESTIONS.length);
    expect(answers.filter((answer) => answer.instructorId === WIDYAISWARA).every((answer) => answer.score === 5)).toBe(true);
    expect(comment).toBe('Materi bermanfaat.');
  });

  it('takes an evaluation without instructors, and a blank comment as none', () => {
    const result = checkEvaluation({ courseAnswers: answersFor(COURSE_QUESTIONS), comment: '   ' }, []);
    expect(result.problems).toEqual([]);
    expect(result.comment).toBeNull();
  });

  it('names the field of each problem', () => {
    const draft = valid();
    draft.courseAnswers[2].score = 0;
    draft.courseAnswers[3].score = 3.5;
    draft.courseAnswers[4] = { questionCode: 'X9', score: 3 };
    draft.instructorAnswers![0].answers[1].score = 6;
    draft.comment = 'a'.repeat(MAX_COMMENT_LENGTH + 1);
    expect(fields(draft)).toEqual([
      'input.courseAnswers[2].score',
      'input.courseAnswers[3].score',
      'input.courseAnswers[4].questionCode',
      'input.courseAnswers',
      'input.instructorAnswers[0].answers[1].score',
      'input.comment',
    ]);
  });

  it('refuses a question answered twice or missing, and instructors outside the cohort or named twice', () => {
    const draft = valid();
    draft.courseAnswers.push({ questionCode: 'p1', score: 2 });
    draft.instructorAnswers!.push({ instructorId: WIDYAISWARA.toUpperCase(), answers: answersFor(INSTRUCTOR_QUESTIONS).slice(1) });
    draft.instructorAnswers!.push({ instructorId: '00000000-0000-4000-8000-000000000000', answers: answersFor(INSTRUCTOR_QUESTIONS) });
    expect(fields(draft)).toEqual([
      `input.courseAnswers[${COURSE_QUESTIONS.length}].questionCode`,
      'input.instructorAnswers[1].instructorId',
      'input.instructorAnswers[1].answers',
      'input.instructorAnswers[2].instructorId',
    ]);
  });

  it('keeps a flood of answers to one problem', () => {
    const draft = valid();
    draft.courseAnswers = Array.from({ length: 1000 }, () => ({ questionCode: 'P1', score: 9 }));
    expect(fields(draft)).toEqual(['input.courseAnswers']);
  });
});

describe('aggregateGroup', () => {
  const counts = [
    { questionCode: 'W1', distribution: [0, 0, 1, 2, 2] },
    { questionCode: 'W2', distribution: [1, 0, 0, 0, 4] },
  ];

  it(`withholds everything of a group smaller than ${MIN_GROUP}`, () => {
    expect(aggregateGroup(MIN_GROUP - 1, counts, INSTRUCTOR_QUESTIONS)).toEqual({ withheld: true, responses: null, questions: null });
    expect(aggregateGroup(0, [], COURSE_QUESTIONS)).toEqual({ withheld: true, responses: null, questions: null });
  });

  it('shows means to 2 decimals and distributions from 5 evaluations on, in catalogue order', () => {
    const aggregate = aggregateGroup(MIN_GROUP, [...counts].reverse(), INSTRUCTOR_QUESTIONS);
    expect(aggregate).toEqual({
      withheld: false,
      responses: 5,
      questions: [
        { code: 'W1', text: 'Penguasaan materi', responses: 5, mean: 4.2, distribution: [0, 0, 1, 2, 2] },
        { code: 'W2', text: 'Cara penyajian', responses: 5, mean: 4.2, distribution: [1, 0, 0, 0, 4] },
      ],
    });
  });

  it('leaves out a question fewer than 5 evaluations of the group answered', () => {
    const aggregate = aggregateGroup(6, [...counts, { questionCode: 'W3', distribution: [0, 0, 0, 4, 0] }], INSTRUCTOR_QUESTIONS);
    expect(aggregate.questions!.map((question) => question.code)).toEqual(['W1', 'W2']);
  });

  it('rounds means to 2 decimals', () => {
    expect(meanOf([0, 0, 1, 1, 1])).toBe(4);
    expect(meanOf([1, 0, 0, 0, 2])).toBe(3.67);
    expect(meanOf([0, 0, 0, 0, 0])).toBe(0);
  });
});

describe('combineShownGroups', () => {
  it('adds up only groups shown on their own, so a withheld group cannot be recovered by subtraction', () => {
    const shown = { responses: 5, counts: [{ questionCode: 'W1', distribution: [0, 0, 0, 0, 5] }] };
    const small = { responses: 2, counts: [{ questionCode: 'W1', distribution: [2, 0, 0, 0, 0] }] };
    const alsoShown = { responses: 6, counts: [{ questionCode: 'W1', distribution: [0, 0, 6, 0, 0] }] };
    expect(combineShownGroups([shown, small, alsoShown])).toEqual({ responses: 11, counts: [{ questionCode: 'W1', distribution: [0, 0, 6, 0, 5] }] });
    expect(combineShownGroups([small, small, small])).toEqual({ responses: 0, counts: [] });
  });
});

describe('releasableParts', () => {
  it('shows two cohorts of 5 or more next to their course: nothing remains to be derived', () => {
    expect(releasableParts(10, [5, 5])).toEqual([true, true]);
    expect(releasableParts(13, [7, 6])).toEqual([true, true]);
  });

  it('withholds a cohort of 6 next to a course of 7: the course minus the cohort would be the one learner of the other cohort', () => {
    expect(releasableParts(7, [6, 1])).toEqual([false, false]);
  });

  it('withholds a cohort whose rest of the course (other cohorts and self-paced learners) is 1 to 4', () => {
    expect(releasableParts(10, [7, 3])).toEqual([false, false]);
    // Two shown cohorts of 5 and one of 1: the course minus both would be that one learner.
    expect(releasableParts(11, [5, 5, 1])).toEqual([false, true, false]);
    // No other cohort, but 2 evaluations without one.
    expect(releasableParts(8, [6])).toEqual([false]);
  });

  it('withholds only the smallest cohort when that makes the rest large enough', () => {
    expect(releasableParts(16, [5, 8, 3])).toEqual([false, true, false]);
    expect(releasableParts(17, [6, 5, 5, 1])).toEqual([true, false, true, false]);
  });

  it('shows a cohort that is the whole course, and nothing of a course under 5', () => {
    expect(releasableParts(6, [6])).toEqual([true]);
    expect(releasableParts(6, [6, 0])).toEqual([true, false]);
    expect(releasableParts(4, [4])).toEqual([false]);
    expect(releasableParts(0, [])).toEqual([]);
  });

  it('never leaves a remainder of 1 to 4 between the whole and its shown parts', () => {
    for (let a = 0; a <= 12; a += 1) {
      for (let b = 0; b <= 12; b += 1) {
        for (let rest = 0; rest <= 6; rest += 1) {
          const parts = [a, b];
          const whole = a + b + rest;
          const shown = releasableParts(whole, parts);
          const remainder = whole - parts.filter((_, index) => shown[index]).reduce((x, y) => x + y, 0);
          if (whole >= MIN_GROUP) expect(remainder === 0 || remainder >= MIN_GROUP).toBe(true);
          parts.forEach((size, index) => shown[index] && expect(size).toBeGreaterThanOrEqual(MIN_GROUP));
          // Nothing is withheld that need not be: two parts of 5 or more with nothing else are both shown.
          if (a >= MIN_GROUP && b >= MIN_GROUP && rest === 0) expect(shown).toEqual([true, true]);
        }
      }
    }
  });
});

describe('aggregatePart', () => {
  const group = (responses: number, ...distributions: [string, number[]][]) => ({
    responses,
    counts: distributions.map(([questionCode, distribution]) => ({ questionCode, distribution })),
  });

  it('shows a cohort next to its course when the rest of the course is 5 or more', () => {
    const a = group(5, ['W1', [0, 0, 0, 0, 5]]);
    const b = group(5, ['W1', [0, 0, 5, 0, 0]]);
    expect(aggregatePart(addGroups([a, b]), [a, b], 0, INSTRUCTOR_QUESTIONS)).toEqual(aggregateGroup(5, a.counts, INSTRUCTOR_QUESTIONS));
  });

  it('withholds a cohort of 6 whose course also holds 1 other learner', () => {
    const a = group(6, ['W1', [0, 0, 0, 0, 6]]);
    const b = group(1, ['W1', [1, 0, 0, 0, 0]]);
    expect(aggregatePart(addGroups([a, b]), [a, b], 0, INSTRUCTOR_QUESTIONS)).toEqual({ withheld: true, responses: null, questions: null });
  });

  it('leaves out a newer question that only 1 learner outside the cohort answered', () => {
    const a = group(6, ['W1', [0, 0, 0, 0, 6]], ['W2', [0, 0, 0, 5, 0]]);
    const b = group(6, ['W1', [0, 0, 6, 0, 0]], ['W2', [1, 0, 0, 0, 0]]);
    expect(aggregatePart(addGroups([a, b]), [a, b], 0, INSTRUCTOR_QUESTIONS).questions!.map((question) => question.code)).toEqual(['W1']);
  });
});
