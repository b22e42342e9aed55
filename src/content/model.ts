import type { LocalFile } from './files';

/** Content as loaded and checked from the folder: what the publisher compares with the server. */

export interface LocalQuestion {
  kind: 'SINGLE_CHOICE' | 'MULTIPLE_CHOICE' | 'TRUE_FALSE' | 'SHORT_ANSWER';
  prompt: string;
  /** Option texts; TRUE_FALSE always Benar, Salah (made by the server); none for SHORT_ANSWER. */
  options: string[];
  /** Option indexes as strings for choice kinds; accepted answers for SHORT_ANSWER. */
  correct: string[];
  points: number;
}

export interface LocalQuiz {
  purpose: 'PRACTICE' | 'PRE_TEST' | 'POST_TEST';
  passMark: number;
  maxAttempts: number | null;
  timeLimitSeconds: number | null;
  scorePolicy: 'BEST' | 'LAST';
  questions: LocalQuestion[];
}

export interface LocalMaterial {
  title: string;
  kind: string;
  required: boolean;
  estimatedMinutes: number | null;
  body?: string;
  url?: string;
  file?: LocalFile;
  quiz?: LocalQuiz;
}

export interface LocalModule {
  title: string;
  summary: string;
  estimatedMinutes: number | null;
  prerequisite: string | null;
  materials: LocalMaterial[];
}

/** The course's own fields, as the manifest and the API both hold them. */
export interface CourseFields {
  code: string;
  title: string;
  summary: string;
  description: string;
  competency: string;
  jp: number;
  deliveryMode: string;
  language: string;
  tags: string[];
}

export interface CourseItem extends CourseFields {
  kind: 'course';
  folder: string;
  manifest: string;
  cover?: LocalFile;
  modules: LocalModule[];
}

export interface LocalSession {
  externalRef: string | null;
  title: string | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  venue: string | null;
  onlineUrl: string | null;
}

export interface SeminarItem {
  kind: 'seminar';
  folder: string;
  manifest: string;
  externalRef: string;
  title: string;
  abstract: string;
  seminarKind: 'SEMINAR' | 'WORKSHOP';
  scope: 'NATIONAL' | 'INTERNATIONAL';
  jpOverride: number | null;
  capacity: number;
  waitlistLimit: number | null;
  /** Null: when the first session starts (the API's default). */
  registrationClosesAt: string | null;
  status: 'DRAFT' | 'PUBLISHED';
  venue: string | null;
  onlineUrl: string | null;
  speakers: { name: string; affiliation: string | null; bio: string | null }[];
  sessions: LocalSession[];
  /** Agency names, resolved to ids through the API. */
  audienceOrganizations: string[];
  /** Where each name is written (file:line:col field), for the error when the server knows no such agency. */
  audienceLocations: string[];
  audiencePositions: string[];
  materials: { title: string; kind: 'SLIDES' | 'PAPER' | 'RECORDING'; file: LocalFile }[];
}

export type ContentItem = CourseItem | SeminarItem;
