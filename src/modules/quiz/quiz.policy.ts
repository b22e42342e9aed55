import type { Caller } from '../../identity';
import { canViewCohort } from '../cohort/cohort.policy';
import { canAuthorCourse } from '../course/course.policy';

/** Quizzes are taken by people; partner systems (API keys) have no learner behind them. */
export function canTakeQuizzes(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

/** What takingPartRefusal names as refused for quizzes. */
export const TAKING_QUIZZES = 'its quizzes are taken';


/** The answer key is for the course's authors (and admins); learners see it only in their own submitted attempts. */
export function canSeeAnswerKey(caller: Caller | undefined, course: { organization: { id: string } }): boolean {
  return canAuthorCourse(caller, course);
}

export function ownsAttempt(caller: Caller | undefined, attempt: { user: { id: string } }): boolean {
  return caller?.kind === 'user' && caller.userId === attempt.user.id;
}

/** A cohort's learning gain is for the course's staff, like its list of learners. */
export function canViewCohortGain(caller: Caller | undefined, course: { organization: { id: string } }, instructorIds: string[]): boolean {
  return canViewCohort(caller, course, instructorIds);
}
