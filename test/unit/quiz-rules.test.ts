import { QuestionKind, QuizPurpose, ScorePolicy } from '../../src/modules/quiz/quiz.entity';
import {
  attemptsLeft,
  checkAnswers,
  checkQuiz,
  cohortGain,
  deadlineFor,
  effectivePercent,
  gradeAttempt,
  gradeQuestion,
  isOpen,
  learningGain,
  normaliseAnswer,
  type QuizDraft,
  quizCompleted,
  SUBMIT_GRACE_MS,
} from '../../src/modules/quiz/quiz.rules';

let counter = 0;
const newId = () => `opt-${(counter += 1)}`;

const draft = (overrides: Partial<QuizDraft> = {}): QuizDraft => ({
  purpose: QuizPurpose.PRACTICE,
  passMark: 70,
  maxAttempts: 3,
  timeLimitSeconds: 600,
  scorePolicy: ScorePolicy.BEST,
  questions: [
    { kind: QuestionKind.SINGLE_CHOICE, prompt: 'Asas pelayanan publik adalah…', options: [{ text: 'Kepastian hukum' }, { text: 'Kerahasiaan' }], correct: ['0'], points: 2 },
    { kind: QuestionKind.MULTIPLE_CHOICE, prompt: 'Pilih komponen standar pelayanan', options: [{ text: 'Persyaratan' }, { text: 'Biaya' }, { text: 'Hobi petugas' }], correct: ['0', '1'], points: 3 },
    { kind: QuestionKind.TRUE_FALSE, prompt: 'Maklumat pelayanan wajib dipublikasikan.', correct: ['0'], points: 1 },
    { kind: QuestionKind.SHORT_ANSWER, prompt: 'Singkatan dari SKM?', correct: ['Survei Kepuasan Masyarakat'], points: 4 },
  ],
  ...overrides,
});

describe('quiz authoring rules', () => {
  it('accepts a quiz of all four kinds, making Benar/Salah and naming correct options by id', () => {
    const { problems, questions } = checkQuiz(draft(), newId);
    expect(problems).toEqual([]);
    expect(questions[2].options.map((option) => option.text)).toEqual(['Benar', 'Salah']);
    expect(questions[0].correct).toEqual([questions[0].options[0].id]);
    expect(questions[1].correct).toEqual([questions[1].options[0].id, questions[1].options[1].id]);
    expect(questions[3]).toMatchObject({ options: [], correct: ['Survei Kepuasan Masyarakat'] });
  });

  it('reports every problem with its field path', () => {
    const { problems } = checkQuiz(
      draft({
        passMark: 120,
        maxAttempts: 0,
        timeLimitSeconds: 10,
        questions: [
          { kind: QuestionKind.SINGLE_CHOICE, prompt: ' ', options: [{ text: 'Satu' }], correct: ['0', '1'], points: 0 },
          { kind: QuestionKind.MULTIPLE_CHOICE, prompt: 'Pilih', options: [{ text: 'A' }, { text: '' }], correct: [], points: 1 },
          { kind: QuestionKind.TRUE_FALSE, prompt: 'Benar?', options: [{ text: 'Ya' }, { text: 'Tidak' }], correct: ['2'], points: 1 },
          { kind: QuestionKind.SHORT_ANSWER, prompt: 'Isi', options: [{ text: 'x' }], correct: ['  '], points: 1 },
        ],
      }),
      newId,
    );
    const fields = problems.map((problem) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'passMark',
        'maxAttempts',
        'timeLimitSeconds',
        'questions.0.prompt',
        'questions.0.points',
        'questions.0.options',
        'questions.0.correct',
        'questions.1.options.1.text',
        'questions.1.correct',
        'questions.2.options',
        'questions.2.correct',
        'questions.3.options',
        'questions.3.correct',
      ]),
    );
  });

  it('needs 1 to 100 questions and exactly one correct option for single choice', () => {
    expect(checkQuiz(draft({ questions: [] }), newId).problems.map((p) => p.field)).toEqual(['questions']);
    const two = checkQuiz(
      draft({ questions: [{ kind: QuestionKind.SINGLE_CHOICE, prompt: 'P', options: [{ text: 'A' }, { text: 'B' }], correct: ['0', '1'], points: 1 }] }),
      newId,
    );
    expect(two.problems).toEqual([{ field: 'questions.0.correct', message: 'Name exactly one correct option' }]);
    expect(checkQuiz(draft({ maxAttempts: null, timeLimitSeconds: null }), newId).problems).toEqual([]);
  });
});

describe('grading', () => {
  const { questions: checked } = checkQuiz(draft(), newId);
  const questions = checked.map((question, index) => ({ ...question, id: `q${index}` }));
  const [single, multiple, trueFalse, short] = questions;

  it('scores a choice question only for the exact set of correct options', () => {
    expect(gradeQuestion(single, { optionIds: [single.options[0].id] })).toBe(2);
    expect(gradeQuestion(single, { optionIds: [single.options[1].id] })).toBe(0);
    expect(gradeQuestion(multiple, { optionIds: [multiple.options[1].id, multiple.options[0].id] })).toBe(3);
    expect(gradeQuestion(multiple, { optionIds: [multiple.options[0].id] })).toBe(0);
    expect(gradeQuestion(multiple, { optionIds: multiple.options.map((option) => option.id) })).toBe(0);
    expect(gradeQuestion(trueFalse, { optionIds: [trueFalse.options[0].id] })).toBe(1);
    expect(gradeQuestion(trueFalse, { optionIds: [] })).toBe(0);
    expect(gradeQuestion(trueFalse, undefined)).toBe(0);
  });

  it('matches short answers ignoring case and spacing, but not an empty answer', () => {
    expect(normaliseAnswer('  Survei   KEPUASAN\tmasyarakat ')).toBe('survei kepuasan masyarakat');
    expect(gradeQuestion(short, { text: 'survei  kepuasan Masyarakat' })).toBe(4);
    expect(gradeQuestion(short, { text: 'Survei Kepuasan' })).toBe(0);
    expect(gradeQuestion({ ...short, correct: [''] }, { text: '   ' })).toBe(0);
  });

  it('totals score, maximum, percent and pass against the pass mark', () => {
    const answers = new Map([
      ['q0', { optionIds: [single.options[0].id] }],
      ['q1', { optionIds: [multiple.options[0].id, multiple.options[1].id] }],
      ['q3', { text: 'survei kepuasan masyarakat' }],
    ]);
    expect(gradeAttempt(questions, answers, 70)).toEqual({ score: 9, maxScore: 10, percent: 90, passed: true });
    expect(gradeAttempt(questions, new Map(), 0)).toEqual({ score: 0, maxScore: 10, percent: 0, passed: true });
    expect(gradeAttempt(questions, new Map([['q3', { text: 'SKM' }]]), 70).passed).toBe(false);
  });

  it('refuses answers to questions outside the attempt, twice-answered questions and foreign options', () => {
    const ok = checkAnswers(questions, [{ questionId: 'Q0', optionIds: [single.options[0].id] }, { questionId: 'q3', text: 'x' }]);
    expect(ok.problems).toEqual([]);
    expect(ok.given.get('q0')).toEqual({ optionIds: [single.options[0].id] });
    const bad = checkAnswers(questions, [
      { questionId: 'elsewhere', optionIds: [] },
      { questionId: 'q0', optionIds: [multiple.options[0].id] },
      { questionId: 'q0', optionIds: [] },
      { questionId: 'q3', optionIds: ['x'] },
      { questionId: 'q1', text: 'teks' },
    ]);
    expect(bad.problems.map((problem) => problem.field)).toEqual(['answers', 'answers.1.optionIds', 'answers', 'answers.3.optionIds', 'answers.4.text']);
  });
});

describe('results and policies', () => {
  const attempts = [
    { number: 1, percent: 80 },
    { number: 3, percent: 40 },
    { number: 2, percent: 60 },
  ];

  it('takes the best or the last submitted attempt', () => {
    expect(effectivePercent(attempts, ScorePolicy.BEST)).toBe(80);
    expect(effectivePercent(attempts, ScorePolicy.LAST)).toBe(40);
    expect(effectivePercent([], ScorePolicy.BEST)).toBeNull();
  });

  it('completes a pre-test once handed in, other quizzes by passing', () => {
    const quiz = { passMark: 70, scorePolicy: ScorePolicy.BEST };
    expect(quizCompleted({ ...quiz, purpose: QuizPurpose.PRE_TEST }, [{ number: 1, percent: 0 }])).toBe(true);
    expect(quizCompleted({ ...quiz, purpose: QuizPurpose.PRE_TEST }, [])).toBe(false);
    expect(quizCompleted({ ...quiz, purpose: QuizPurpose.POST_TEST }, attempts)).toBe(true);
    expect(quizCompleted({ ...quiz, purpose: QuizPurpose.POST_TEST, scorePolicy: ScorePolicy.LAST }, attempts)).toBe(false);
    expect(quizCompleted({ ...quiz, purpose: QuizPurpose.PRACTICE }, [{ number: 1, percent: 70 }])).toBe(true);
  });

  it('counts attempts left, deadlines and the grace period', () => {
    expect(attemptsLeft(null, 5)).toBeNull();
    expect(attemptsLeft(3, 1)).toBe(2);
    expect(attemptsLeft(2, 3)).toBe(0);
    const start = new Date('2026-11-29T08:00:00Z');
    const deadlineAt = deadlineFor(start, 60)!;
    expect(deadlineAt.toISOString()).toBe('2026-11-29T08:01:00.000Z');
    expect(deadlineFor(start, null)).toBeUndefined();
    expect(isOpen({ deadlineAt }, new Date(deadlineAt.getTime() + SUBMIT_GRACE_MS))).toBe(true);
    expect(isOpen({ deadlineAt }, new Date(deadlineAt.getTime() + SUBMIT_GRACE_MS + 1))).toBe(false);
    expect(isOpen({ deadlineAt: null }, new Date('2030-01-01'))).toBe(true);
    expect(isOpen({ submittedAt: start }, start)).toBe(false);
  });

  it('computes learning gain per learner and averages a cohort over learners with both tests', () => {
    expect(learningGain(40, 85)).toEqual({ preTestPercent: 40, postTestPercent: 85, gain: 45 });
    expect(learningGain(40, null).gain).toBeNull();
    expect(cohortGain([learningGain(40, 80), learningGain(60, 90), learningGain(null, 100)])).toEqual({
      learners: 2,
      averagePre: 50,
      averagePost: 85,
      averageGain: 35,
    });
    expect(cohortGain([])).toEqual({ learners: 0, averagePre: null, averagePost: null, averageGain: null });
  });
});
