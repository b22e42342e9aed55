import { EDIT_WINDOW_MS, editableUntil, withinEditWindow } from '../../src/modules/comment/comment.rules';
import { excerpt, MAX_MESSAGE_LENGTH, messageBodyProblem } from '../../src/text';

describe('comment edit window', () => {
  const written = new Date('2026-03-02T08:00:00.000Z');
  const after = (ms: number) => new Date(written.getTime() + ms);

  it('is 15 minutes', () => {
    expect(EDIT_WINDOW_MS).toBe(15 * 60_000);
    expect(editableUntil(written).toISOString()).toBe('2026-03-02T08:15:00.000Z');
  });

  it('is open from writing until just before the window ends, and closed from then on', () => {
    expect(withinEditWindow(written, written)).toBe(true);
    expect(withinEditWindow(written, after(EDIT_WINDOW_MS - 1))).toBe(true);
    expect(withinEditWindow(written, after(EDIT_WINDOW_MS))).toBe(false);
    expect(withinEditWindow(written, after(60 * 60_000))).toBe(false);
  });

  it('takes another window length', () => {
    expect(withinEditWindow(written, after(4_999), 5_000)).toBe(true);
    expect(withinEditWindow(written, after(5_000), 5_000)).toBe(false);
    expect(withinEditWindow(written, after(0), 0)).toBe(false);
  });
});

describe('message bodies', () => {
  it('must have some text and at most 10,000 characters', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(10_000);
    expect(messageBodyProblem('Sudah bagus.')).toBeNull();
    expect(messageBodyProblem('a'.repeat(10_000))).toBeNull();
    expect(messageBodyProblem('')).toBe('must not be empty');
    expect(messageBodyProblem(' \n\t ')).toBe('must not be empty');
    expect(messageBodyProblem('a'.repeat(10_001))).toBe('must be at most 10000 characters');
    expect(messageBodyProblem('abcd', 3)).toBe('must be at most 3 characters');
  });

  it('are cut to one line for a notification', () => {
    expect(excerpt('## Judul\n\nIsi  catatan.')).toBe('## Judul Isi catatan.');
    expect(excerpt('a'.repeat(300))).toHaveLength(200);
    expect(excerpt('a'.repeat(300)).endsWith('…')).toBe(true);
    expect(excerpt('kata '.repeat(10), 12)).toBe('kata kata k…');
  });
});
