/** Pure rules of courses, shared by the API and the content publisher (which must not load the ORM). */

/** Course codes are compared and stored uppercase: "pp-prima-01" names PP-PRIMA-01. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

/** A course description is Markdown of at most this many characters. */
export const MAX_DESCRIPTION_LENGTH = 50_000;

/** Letters, digits and dashes, 2 to 40 characters, starting with a letter or digit. */
export const COURSE_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/;
export const COURSE_TITLE_LENGTH = { min: 3, max: 200 } as const;
export const MAX_COURSE_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
