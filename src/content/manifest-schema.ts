import { z } from 'zod';
import { COURSE_CODE_PATTERN, COURSE_TITLE_LENGTH, MAX_COURSE_TAGS, MAX_TAG_LENGTH } from '../modules/course/course.rules';

/**
 * The shapes of the content files (see content/README.md). Zod checks each file's shape and
 * values; what needs several files or the file system (paths, duplicates, prerequisites, the
 * fields a material kind takes) is checked by the loaders, which know where each field is.
 */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).optional();
const relativePath = z.string().trim().min(1, 'must name a file');
const minutes = z.number().int('must be a whole number').positive('must be more than 0').max(10_000).optional();
/** An instant with its offset, e.g. 2027-02-17T08:30:00+07:00: a bare local time would be ambiguous. */
const instant = z.iso.datetime({ offset: true, message: 'must be a date-time with an offset, e.g. 2027-02-17T08:30:00+07:00' });

const COMPETENCIES = ['TEKNIS', 'MANAJERIAL', 'SOSIAL_KULTURAL'] as const;
const MATERIAL_KINDS = ['TEXT', 'LINK', 'QUIZ', 'DOCUMENT', 'SLIDES', 'VIDEO', 'AUDIO', 'IMAGE'] as const;
export const FILE_KINDS = ['DOCUMENT', 'SLIDES', 'VIDEO', 'AUDIO', 'IMAGE'] as const;

const materialSchema = z.strictObject({
  title: text(300),
  kind: z.enum(MATERIAL_KINDS, { message: `must be one of ${MATERIAL_KINDS.join(', ')} (ASSIGNMENT is not supported by the format)` }),
  required: z.boolean().optional(),
  estimatedMinutes: minutes,
  body: relativePath.optional(),
  url: z.string().trim().optional(),
  quiz: relativePath.optional(),
  file: relativePath.optional(),
});

const moduleSchema = z.strictObject({
  title: text(300),
  summary: optionalText(2_000),
  estimatedMinutes: minutes,
  prerequisite: text(300).optional(),
  materials: z.array(materialSchema).default([]),
});

export const courseSchema = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/, 'must be letters and digits, separated by single dashes')
    .regex(COURSE_CODE_PATTERN, 'must be 2 to 40 characters'),
  title: z.string().trim().min(COURSE_TITLE_LENGTH.min, `must be at least ${COURSE_TITLE_LENGTH.min} characters`).max(COURSE_TITLE_LENGTH.max, `must be at most ${COURSE_TITLE_LENGTH.max} characters`),
  summary: optionalText(500),
  description: relativePath.optional(),
  competency: z.enum(COMPETENCIES, { message: `must be one of ${COMPETENCIES.join(', ')}` }),
  jp: z.number().positive('must be more than 0').max(999),
  deliveryMode: z.enum(['ONLINE', 'BLENDED', 'CLASSROOM'], { message: 'must be one of ONLINE, BLENDED, CLASSROOM' }),
  language: z.string().trim().min(2).max(35).optional(),
  tags: z.array(text(MAX_TAG_LENGTH)).max(MAX_COURSE_TAGS, `at most ${MAX_COURSE_TAGS} tags`).optional(),
  cover: relativePath.optional(),
  modules: z.array(moduleSchema).min(1, 'a course has at least one module'),
});

const answer = z.union([z.number(), z.string()]).transform((value) => String(value).trim());

const questionSchema = z.strictObject({
  kind: z.enum(['SINGLE_CHOICE', 'MULTIPLE_CHOICE', 'TRUE_FALSE', 'SHORT_ANSWER'], {
    message: 'must be one of SINGLE_CHOICE, MULTIPLE_CHOICE, TRUE_FALSE, SHORT_ANSWER',
  }),
  prompt: z.string().trim(),
  options: z.array(z.union([z.string(), z.number()]).transform((value) => String(value).trim())).optional(),
  correct: z.array(answer),
  points: z.number().optional(),
});

export const quizSchema = z.strictObject({
  purpose: z.enum(['PRACTICE', 'PRE_TEST', 'POST_TEST'], { message: 'must be one of PRACTICE, PRE_TEST, POST_TEST' }),
  passMark: z.number().optional(),
  maxAttempts: z.number().optional(),
  timeLimitSeconds: z.number().optional(),
  scorePolicy: z.enum(['BEST', 'LAST'], { message: 'must be BEST or LAST' }).optional(),
  // The limits of numbers, texts, options and answers are the server's (checkQuiz, run by the loader).
  questions: z.array(questionSchema),
});

const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^\s/]+/.test(value), 'must be an http(s) address');

export const seminarSchema = z.strictObject({
  externalRef: text(200),
  title: text(300),
  abstract: relativePath.optional(),
  kind: z.enum(['SEMINAR', 'WORKSHOP'], { message: 'must be SEMINAR or WORKSHOP' }).optional(),
  scope: z.enum(['NATIONAL', 'INTERNATIONAL'], { message: 'must be NATIONAL or INTERNATIONAL' }).optional(),
  jpOverride: z.number().positive().max(999).optional(),
  capacity: z.number().int().min(1).max(100_000),
  waitlistLimit: z.number().int().min(0).max(100_000).optional(),
  registrationClosesAt: instant.optional(),
  status: z.enum(['DRAFT', 'PUBLISHED'], { message: 'must be DRAFT or PUBLISHED' }).optional(),
  venue: optionalText(500),
  onlineUrl: httpUrl.optional(),
  speakers: z
    .array(z.strictObject({ name: text(200), affiliation: optionalText(300), bio: optionalText(2_000) }))
    .max(50)
    .optional(),
  sessions: z
    .array(
      z.strictObject({
        externalRef: optionalText(200),
        title: optionalText(300),
        startsAt: instant,
        endsAt: instant,
        timeZone: z.string().trim().optional(),
        venue: optionalText(500),
        onlineUrl: httpUrl.optional(),
      }),
    )
    .min(1, 'a seminar has at least one session')
    .max(60),
  audience: z
    .strictObject({ organizations: z.array(text(300)).optional(), positions: z.array(text(200)).optional() })
    .optional(),
  materials: z
    .array(
      z.strictObject({
        title: text(300),
        kind: z.enum(['SLIDES', 'PAPER', 'RECORDING'], { message: 'must be SLIDES, PAPER or RECORDING' }),
        file: relativePath,
      }),
    )
    .optional(),
});
