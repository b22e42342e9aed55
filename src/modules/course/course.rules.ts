/** Pure rules of courses, shared by the API and the content publisher (which must not load the ORM). */

/** Course codes are compared and stored uppercase: "pp-prima-01" names PP-PRIMA-01. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

/** A course description is Markdown of at most this many characters. */
export const MAX_DESCRIPTION_LENGTH = 50_000;
