/** How long after writing a comment its author may still correct it. */
export const EDIT_WINDOW_MS = 15 * 60_000;

/** The last moment (exclusive) an edit of a comment written at `createdAt` is taken. */
export function editableUntil(createdAt: Date, windowMs = EDIT_WINDOW_MS): Date {
  return new Date(createdAt.getTime() + windowMs);
}

/** Whether the edit window of a comment written at `createdAt` is still open at `now`. */
export function withinEditWindow(createdAt: Date, now = new Date(), windowMs = EDIT_WINDOW_MS): boolean {
  return now.getTime() < editableUntil(createdAt, windowMs).getTime();
}
