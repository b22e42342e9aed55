import type { Caller } from '../../identity';
import { canViewCohort } from '../cohort/cohort.policy';

interface CourseOwnership {
  organization: { id: string };
}

/**
 * Staff of a learner's work: a person who authors the course (its organization's instructors,
 * admins) or teaches the learner's cohort. They see, review and discuss it; partner systems
 * (API keys) have no person behind them and do not.
 */
export function isStaffOfWork(caller: Caller | undefined, course: CourseOwnership, cohortInstructorIds: string[]): boolean {
  return caller?.kind === 'user' && canViewCohort(caller, course, cohortInstructorIds);
}

export function ownsWork(caller: Caller | undefined, work: { learner: { id: string } }): boolean {
  return caller?.kind === 'user' && caller.userId === work.learner.id;
}

/** Work is handed in by people; partner systems (API keys) have no learner behind them. */
export function canHandInWork(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

/** What takingPartRefusal names as refused for assignments. */
export const HANDING_IN = 'its assignments are handed in';

