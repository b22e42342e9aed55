import { LatePolicy } from '../../src/modules/assignment/assignment.entity';
import {
  type AssignmentDraft,
  checkAssignment,
  checkHandIn,
  checkReview,
  rubricMaxScore,
  scoreFromRubric,
  submissionTiming,
} from '../../src/modules/assignment/assignment.rules';
import { ReviewDecision } from '../../src/modules/review/review.entity';

let counter = 0;
const newId = () => `id-${(counter += 1)}`;
const fields = (problems: { field: string }[]) => problems.map((problem) => problem.field);
const at = (iso: string) => new Date(iso);

const RUBRIC = [
  { title: 'Kelengkapan', levels: [{ title: 'Kurang', points: 0 }, { title: 'Baik', points: 3 }] },
  { title: 'Rencana aksi', levels: [{ title: 'Umum', points: 4 }, { title: 'Rinci', points: 7 }] },
];
const draft = (overrides: Partial<AssignmentDraft> = {}): AssignmentDraft => ({
  instructions: 'Analisis satu layanan publik.',
  latePolicy: LatePolicy.ACCEPT_LATE,
  maxScore: 10,
  rubric: RUBRIC,
  allowedContentTypes: ['application/pdf'],
  ...overrides,
});

describe('assignment settings', () => {
  it('accepts a rubric whose best levels add up to maxScore, with defaults and ids', () => {
    const { problems, assignment } = checkAssignment(draft(), newId);
    expect(problems).toEqual([]);
    expect(assignment).toMatchObject({ allowText: true, maxFiles: 5, maxFileBytes: 20 * 1024 * 1024, dueAt: null, closesAt: null });
    expect(assignment.rubric.every((criterion) => criterion.id && criterion.levels.every((level) => level.id))).toBe(true);
    expect(rubricMaxScore(assignment.rubric)).toBe(10);
  });

  it('names the numbers when the rubric and maxScore disagree', () => {
    const { problems } = checkAssignment(draft({ maxScore: 12 }), newId);
    expect(problems).toEqual([{ field: 'input.maxScore', message: 'maxScore is 12 but the best levels of the rubric add up to 10' }]);
  });

  it('tolerates float noise in rubric sums', () => {
    const rubric = [{ title: 'A', levels: [{ title: 'x', points: 0.1 }] }, { title: 'B', levels: [{ title: 'y', points: 0.2 }] }];
    expect(checkAssignment(draft({ rubric, maxScore: 0.3 }), newId).problems).toEqual([]);
  });

  it('needs dates that fit the late policy', () => {
    const due = at('2026-12-01T10:00:00Z');
    expect(fields(checkAssignment(draft({ latePolicy: LatePolicy.REFUSE_LATE }), newId).problems)).toEqual(['input.dueAt']);
    expect(fields(checkAssignment(draft({ latePolicy: LatePolicy.ACCEPT_UNTIL_CLOSE }), newId).problems)).toEqual(['input.dueAt', 'input.closesAt']);
    expect(fields(checkAssignment(draft({ latePolicy: LatePolicy.ACCEPT_UNTIL_CLOSE, dueAt: due, closesAt: due }), newId).problems)).toEqual(['input.closesAt']);
    expect(fields(checkAssignment(draft({ dueAt: due, closesAt: at('2026-12-02T10:00:00Z') }), newId).problems)).toEqual(['input.closesAt']);
    expect(checkAssignment(draft({ latePolicy: LatePolicy.ACCEPT_UNTIL_CLOSE, dueAt: due, closesAt: at('2026-12-02T10:00:00Z') }), newId).problems).toEqual([]);
  });

  it('allows only known file types, sane limits, and text or files', () => {
    const { problems, assignment } = checkAssignment(
      draft({ allowedContentTypes: ['Application/PDF', 'application/pdf', 'text/html'], maxFileBytes: 0, maxFiles: 11 }),
      newId,
    );
    expect(fields(problems)).toEqual(['input.allowedContentTypes[2]', 'input.maxFileBytes', 'input.maxFiles']);
    expect(assignment.allowedContentTypes).toEqual(['application/pdf', 'text/html']);
    expect(fields(checkAssignment(draft({ allowText: false, allowedContentTypes: [] }), newId).problems)).toEqual(['input.allowText']);
  });

  it('checks every criterion and level with its path', () => {
    const rubric = [
      { title: ' ', levels: [{ title: 'Baik', points: -1 }] },
      { title: 'Bahasa', levels: [] },
      { title: 'bahasa', levels: [{ title: 'Baik', points: 0 }] },
    ];
    expect(fields(checkAssignment(draft({ rubric, maxScore: 1 }), newId).problems)).toEqual([
      'input.rubric[0].title',
      'input.rubric[0].levels[0].points',
      'input.rubric[1].levels',
      'input.rubric[2].title',
      'input.maxScore',
    ]);
  });

  it('keeps the ids of criteria and levels whose titles did not change', () => {
    const first = checkAssignment(draft(), newId).assignment.rubric;
    const again = checkAssignment(
      draft({ rubric: [{ title: 'rencana AKSI', levels: [{ title: 'Rinci', points: 7 }, { title: 'Baru', points: 3 }] }], maxScore: 7 }),
      newId,
      first,
    ).assignment.rubric;
    expect(again[0].id).toBe(first[1].id);
    expect(again[0].levels[0].id).toBe(first[1].levels[1].id);
    expect(first.flatMap((c) => c.levels.map((l) => l.id))).not.toContain(again[0].levels[1].id);
  });
});

describe('when work is taken', () => {
  const dueAt = at('2026-12-01T10:00:00Z');
  const closesAt = at('2026-12-03T10:00:00Z');
  const before = at('2026-12-01T09:59:59Z');
  const between = at('2026-12-02T10:00:00Z');
  const after = at('2026-12-04T10:00:00Z');

  it('takes anything without a due date, on time', () => {
    expect(submissionTiming({ latePolicy: LatePolicy.ACCEPT_LATE }, after)).toEqual({ taken: true, late: false });
  });

  it('flags late work under ACCEPT_LATE at any time', () => {
    expect(submissionTiming({ latePolicy: LatePolicy.ACCEPT_LATE, dueAt }, before)).toEqual({ taken: true, late: false });
    expect(submissionTiming({ latePolicy: LatePolicy.ACCEPT_LATE, dueAt }, after)).toEqual({ taken: true, late: true });
  });

  it('refuses after the due date under REFUSE_LATE', () => {
    expect(submissionTiming({ latePolicy: LatePolicy.REFUSE_LATE, dueAt }, dueAt)).toEqual({ taken: true, late: false });
    expect(submissionTiming({ latePolicy: LatePolicy.REFUSE_LATE, dueAt }, between)).toMatchObject({ taken: false });
  });

  it('takes late work until closesAt under ACCEPT_UNTIL_CLOSE', () => {
    const policy = { latePolicy: LatePolicy.ACCEPT_UNTIL_CLOSE, dueAt, closesAt };
    expect(submissionTiming(policy, before)).toEqual({ taken: true, late: false });
    expect(submissionTiming(policy, between)).toEqual({ taken: true, late: true });
    expect(submissionTiming(policy, after)).toMatchObject({ taken: false, reason: expect.stringContaining('closed') });
  });
});

describe('what one attempt carries', () => {
  const both = { allowText: true, allowedContentTypes: ['application/pdf'], maxFiles: 2 };
  const id = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

  it('needs text or files, as allowed', () => {
    expect(fields(checkHandIn(both, { text: '  ' }).problems)).toEqual(['input.text']);
    expect(fields(checkHandIn({ ...both, allowText: false }, { text: 'isi' }).problems)).toEqual(['input.text']);
    expect(fields(checkHandIn({ ...both, allowedContentTypes: [] }, { fileIds: [id(1)] }).problems)).toEqual(['input.fileIds']);
    expect(checkHandIn(both, { text: 'isi', fileIds: [id(1)] })).toEqual({ problems: [], text: 'isi', fileIds: [id(1)] });
  });

  it('takes at most maxFiles distinct files', () => {
    expect(fields(checkHandIn(both, { fileIds: [id(1), id(2), id(3)] }).problems)).toEqual(['input.fileIds']);
    expect(fields(checkHandIn(both, { fileIds: [id(1), id(1).toUpperCase()] }).problems)).toEqual(['input.fileIds']);
  });
});

describe('reviews', () => {
  const rubric = checkAssignment(draft(), newId).assignment.rubric;
  const assignment = { maxScore: 10, rubric };
  const choose = (c: number, l: number) => ({ criterionId: rubric[c].id, levelId: rubric[c].levels[l].id });

  it('scores from the rubric when no score is given', () => {
    const { problems, review } = checkReview(assignment, { decision: ReviewDecision.ACCEPTED, rubric: [choose(0, 1), choose(1, 0)] });
    expect(problems).toEqual([]);
    expect(review.score).toBe(7);
    expect(scoreFromRubric(review.rubricScores)).toBe(7);
    expect(review.rubricScores).toEqual([
      { criterionId: rubric[0].id, levelId: rubric[0].levels[1].id, points: 3 },
      { criterionId: rubric[1].id, levelId: rubric[1].levels[0].id, points: 4 },
    ]);
  });

  it('keeps a given score over the rubric sum, within 0..maxScore', () => {
    expect(checkReview(assignment, { decision: ReviewDecision.ACCEPTED, score: 9.5, rubric: [choose(0, 1), choose(1, 0)] }).review.score).toBe(9.5);
    expect(fields(checkReview(assignment, { decision: ReviewDecision.ACCEPTED, score: 10.5 }).problems)).toEqual(['input.score']);
    expect(fields(checkReview(assignment, { score: -1 }).problems)).toEqual(['input.score']);
  });

  it('names unknown criteria and levels, and criteria chosen twice', () => {
    const result = checkReview(assignment, {
      rubric: [choose(0, 1), { criterionId: rubric[1].id, levelId: rubric[0].levels[0].id }, { criterionId: 'nope', levelId: 'x' }, choose(0, 0)],
    });
    expect(fields(result.problems)).toEqual(['input.rubric[1].levelId', 'input.rubric[2].criterionId', 'input.rubric[3].criterionId']);
  });

  it('needs every criterion for a decision with rubric levels, and a score for any decision', () => {
    expect(fields(checkReview(assignment, { decision: ReviewDecision.NEEDS_REVISION, rubric: [choose(0, 0)] }).problems)).toEqual(['input.rubric']);
    expect(fields(checkReview(assignment, { decision: ReviewDecision.NEEDS_REVISION, comment: 'Perbaiki.' }).problems)).toEqual(['input.score']);
    // Feedback only: partial rubric and no score are fine.
    expect(checkReview(assignment, { rubric: [choose(0, 0)] }).problems).toEqual([]);
    expect(checkReview(assignment, { comment: 'Bagus, lanjutkan.' }).review).toEqual({ score: null, rubricScores: [], comment: 'Bagus, lanjutkan.' });
  });

  it('refuses an empty review', () => {
    expect(fields(checkReview(assignment, { comment: '   ' }).problems)).toEqual(['input']);
    expect(checkReview(assignment, { feedbackFileId: 'f' }).problems).toEqual([]);
  });
});
