import { COURSE_QUESTIONS, INSTRUCTOR_QUESTIONS } from '../../src/modules/evaluation/evaluation.questions';
import {
  aggregateGroup,
  checkEvaluation,
  combineShownGroups,
  type EvaluationDraft,
  MAX_COMMENT_LENGTH,
  meanOf,
  MIN_GROUP,
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
