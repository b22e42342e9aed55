import type { Caller } from '../../identity';
import { isStaffOfWork } from '../submission/submission.policy';

interface CourseOwnership {
  organization: { id: string };
}

/** Coaching notes are written by the staff of the learner's work: course authors, admins and the cohort's instructors. */
export function canCoach(caller: Caller | undefined, course: CourseOwnership, cohortInstructorIds: string[]): boolean {
  return isStaffOfWork(caller, course, cohortInstructorIds);
}

/** The learner reads the notes on their enrollment; staff read what they and their colleagues wrote. */
export function canReadCoachingNotes(
  caller: Caller | undefined,
  enrollment: { user: { id: string } },
  course: CourseOwnership,
  cohortInstructorIds: string[],
): boolean {
  if (caller?.kind === 'user' && caller.userId === enrollment.user.id) return true;
  return canCoach(caller, course, cohortInstructorIds);
}

/** A note is its author's words: only they change it. */
export function canEditCoachingNote(caller: Caller | undefined, note: { author: { id: string } }): boolean {
  return caller?.kind === 'user' && caller.userId === note.author.id;
}
