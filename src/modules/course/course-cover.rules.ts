import { type FileRules, JPEG, MiB, PNG, WEBP } from '../files/upload.rules';

/** A course's cover: shown in every catalogue listing, so small, and only types every browser draws. */
export const COURSE_COVER_RULES: FileRules = { contentTypes: [PNG, JPEG, WEBP], maxBytes: 5 * MiB };
/** How a course cover is named in the messages of its rules. */
export const COURSE_COVER_NAMES = { subject: 'A course cover', file: 'A course cover' };
