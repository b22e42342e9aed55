import { MaterialKind } from '../../src/modules/material/material.entity';
import { MaterialProgressStatus } from '../../src/modules/progress/material-progress.entity';
import { ProgressEventKind } from '../../src/modules/progress/progress-event.entity';
import {
  completionOf,
  completionRuleMet,
  type EventSummary,
  eventProblem,
  isModuleComplete,
  type MaterialFact,
  mergeProgress,
  progressFromSummary,
  resumeMaterialId,
  sameEvent,
  timeOnTaskSeconds,
} from '../../src/modules/progress/progress.rules';

const NOW = new Date('2026-11-29T08:00:00Z');
const at = (iso: string) => new Date(`2026-11-29T${iso}Z`);
const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const MATERIAL = '0b6f1c2d-3e4a-4b5c-8d6e-7f9012345678';

const event = (overrides: Partial<Parameters<typeof eventProblem>[0]> = {}) => ({
  id: ID,
  materialId: MATERIAL,
  occurredAt: at('07:00:00'),
  kind: ProgressEventKind.POSITION,
  position: 30,
  duration: 600,
  ...overrides,
});

const summary = (overrides: Partial<EventSummary> = {}): EventSummary => ({
  materialKind: MaterialKind.VIDEO,
  furthestPositionSeconds: 0,
  durationSeconds: 600,
  timeOnTaskSeconds: 0,
  firstEventAt: at('07:00:00'),
  lastEventAt: at('07:10:00'),
  completedEventAt: null,
  opened: true,
  watchedAt: null,
  ...overrides,
});

describe('progress rules', () => {
  describe('one event', () => {
    it('accepts a position within the media and an OPENED without one', () => {
      expect(eventProblem(event(), NOW)).toBeUndefined();
      expect(eventProblem(event({ kind: ProgressEventKind.OPENED, position: null, duration: null }), NOW)).toBeUndefined();
      expect(eventProblem(event({ position: 601, duration: 600 }), NOW)).toBeUndefined();
    });

    it.each([
      ['a non-UUID id', { id: 'acara-1' }, /UUID/],
      ['a time more than 5 minutes ahead', { occurredAt: new Date(NOW.getTime() + 6 * 60_000) }, /future/],
      ['a time more than 400 days ago', { occurredAt: new Date(NOW.getTime() - 401 * 86_400_000) }, /400 days/],
      ['a negative position', { position: -1 }, /position/],
      ['a negative duration', { duration: -5, position: 0 }, /duration/],
      ['a position past the end', { position: 700 }, /past the end/],
      ['a POSITION without duration', { duration: null }, /needs position and duration/],
      ['a COMPLETED with a position', { kind: ProgressEventKind.COMPLETED }, /only POSITION/],
    ])('refuses %s', (_name, overrides, message) => {
      expect(eventProblem(event(overrides), NOW)).toMatch(message);
    });

    it('accepts a clock a little ahead', () => {
      expect(eventProblem(event({ occurredAt: new Date(NOW.getTime() + 4 * 60_000) }), NOW)).toBeUndefined();
    });

    it('is the same event only with exactly the same content', () => {
      expect(sameEvent(event(), event({ occurredAt: new Date(at('07:00:00').getTime()) }))).toBe(true);
      expect(sameEvent(event(), event({ position: 31 }))).toBe(false);
      expect(sameEvent(event(), event({ occurredAt: at('07:00:01') }))).toBe(false);
      expect(sameEvent(event({ kind: ProgressEventKind.OPENED, position: undefined, duration: undefined }), event({ kind: ProgressEventKind.OPENED, position: null, duration: null }))).toBe(true);
    });
  });

  describe('time on task', () => {
    it('adds gaps between heartbeats in time order, each capped at 60 s, whatever order they arrived in', () => {
      expect(timeOnTaskSeconds([at('07:00:30'), at('07:00:00'), at('07:00:10'), at('07:10:00')])).toBe(10 + 20 + 60);
      expect(timeOnTaskSeconds([at('07:00:00')])).toBe(0);
    });
  });

  describe('completion', () => {
    it('needs 90 % watched for video and audio', () => {
      expect(completionRuleMet(summary({ furthestPositionSeconds: 539 }))).toBe(false);
      expect(completionRuleMet(summary({ furthestPositionSeconds: 540 }))).toBe(true);
      expect(completionRuleMet(summary({ materialKind: MaterialKind.AUDIO, furthestPositionSeconds: 300 }))).toBe(false);
      expect(completionRuleMet(summary({ durationSeconds: 0, furthestPositionSeconds: 0 }))).toBe(false);
    });

    it('needs only opening for reading and link materials', () => {
      for (const kind of [MaterialKind.TEXT, MaterialKind.LINK, MaterialKind.DOCUMENT, MaterialKind.SLIDES, MaterialKind.IMAGE]) {
        expect(completionRuleMet(summary({ materialKind: kind, durationSeconds: null, furthestPositionSeconds: null }))).toBe(true);
      }
    });

    it('takes a COMPLETED event, except for quizzes and assignments graded by the server', () => {
      expect(completionRuleMet(summary({ completedEventAt: at('07:05:00') }))).toBe(true);
      expect(completionRuleMet(summary({ materialKind: MaterialKind.QUIZ, completedEventAt: at('07:05:00') }))).toBe(false);
      expect(completionRuleMet(summary({ materialKind: MaterialKind.ASSIGNMENT, completedEventAt: at('07:05:00'), opened: true }))).toBe(false);
    });

    it('dates completion by the earliest event that met the rule', () => {
      const state = progressFromSummary(summary({ furthestPositionSeconds: 580, watchedAt: at('07:08:00') }));
      expect(state.status).toBe(MaterialProgressStatus.COMPLETED);
      expect(state.completedAt).toEqual(at('07:08:00'));
      expect(progressFromSummary(summary({ furthestPositionSeconds: 10 })).completedAt).toBeNull();
    });
  });

  describe('monotonic merge', () => {
    const stored = progressFromSummary(summary({ furthestPositionSeconds: 600, completedEventAt: at('07:09:00'), timeOnTaskSeconds: 300 }));

    it('never lowers completion, the furthest point or time on task', () => {
      const later = progressFromSummary(summary({ furthestPositionSeconds: 30, timeOnTaskSeconds: 100, firstEventAt: at('06:00:00'), lastEventAt: at('07:05:00') }));
      const merged = mergeProgress(stored, later);
      expect(merged.status).toBe(MaterialProgressStatus.COMPLETED);
      expect(merged.furthestPositionSeconds).toBe(600);
      expect(merged.timeOnTaskSeconds).toBe(300);
      expect(merged.firstEventAt).toEqual(at('06:00:00'));
      expect(merged.lastEventAt).toEqual(at('07:10:00'));
      expect(merged.completedAt).toEqual(at('07:09:00'));
    });

    it('keeps the latest known duration', () => {
      expect(mergeProgress(stored, { ...stored, durationSeconds: 620 }).durationSeconds).toBe(620);
      expect(mergeProgress(stored, { ...stored, durationSeconds: null }).durationSeconds).toBe(600);
    });
  });

  describe('modules and courses', () => {
    const fact = (materialId: string, moduleId: string, modulePosition: number, position: number, required: boolean, completed: boolean): MaterialFact => ({
      materialId,
      moduleId,
      modulePosition,
      position,
      required,
      completed,
    });
    const facts = [
      fact('b2', 'B', 2, 2, true, false),
      fact('a1', 'A', 1, 1, true, true),
      fact('a2', 'A', 1, 2, false, false),
      fact('b1', 'B', 2, 1, true, true),
      fact('b3', 'B', 2, 3, true, false),
    ];

    it('counts only required materials, rounding down', () => {
      expect(completionOf(facts)).toEqual({ percent: 50, completedRequired: 2, totalRequired: 4 });
      expect(completionOf(facts.filter((f) => f.moduleId === 'B'))).toEqual({ percent: 33, completedRequired: 1, totalRequired: 3 });
      expect(completionOf(facts.map((f) => ({ ...f, completed: f.materialId !== 'b3' }))).percent).toBe(75);
      expect(completionOf([facts[0], facts[3], { ...facts[4], completed: true }].map((f, i) => ({ ...f, completed: i > 0 }))).percent).toBe(66);
      expect(completionOf([])).toEqual({ percent: 100, completedRequired: 0, totalRequired: 0 });
    });

    it('completes a module when all its required materials are', () => {
      expect(isModuleComplete(facts, 'A')).toBe(true);
      expect(isModuleComplete(facts, 'B')).toBe(false);
    });

    it('resumes at the first required incomplete material in course order', () => {
      expect(resumeMaterialId(facts)).toBe('b2');
      expect(resumeMaterialId(facts.map((f) => ({ ...f, completed: true })))).toBeNull();
    });
  });
});
