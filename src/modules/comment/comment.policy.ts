import type { Caller } from '../../identity';
import { isStaffOfWork, ownsWork } from '../submission/submission.policy';

interface CourseOwnership {
  organization: { id: string };
}

/** A submission's thread is between its learner and the staff of the work; they read it and write in it. */
export function canTakePartInThread(
  caller: Caller | undefined,
  submission: { learner: { id: string } },
  course: CourseOwnership,
  cohortInstructorIds: string[],
): boolean {
  return ownsWork(caller, submission) || isStaffOfWork(caller, course, cohortInstructorIds);
}

/** Only the author changes a comment (and only within the edit window, see comment.rules). */
export function isCommentAuthor(caller: Caller | undefined, comment: { author: { id: string } }): boolean {
  return caller?.kind === 'user' && caller.userId === comment.author.id;
}
