import type { Caller } from '../../identity';
import { canAuthorCourse } from '../course/course.policy';

interface CourseOwnership {
  organization: { id: string };
}

/** Cohorts are scheduled by the course's authors (its organization's instructors and partners) and admins. */
export function canManageCohort(caller: Caller | undefined, course: CourseOwnership): boolean {
  return canAuthorCourse(caller, course);
}

/**
 * Course staff see a cohort and its learners: the course's authors, admins, and the people
 * teaching this cohort (who may belong to another organization, e.g. a widyaiswara on loan).
 */
export function canViewCohort(caller: Caller | undefined, course: CourseOwnership, instructorIds: string[]): boolean {
  if (canManageCohort(caller, course)) return true;
  return caller?.kind === 'user' && instructorIds.includes(caller.userId);
}

/**
 * Which of a course's cohorts the caller may list (Course.cohorts), or null to refuse: the course's
 * authors and admins see them all; its listed instructors and each cohort's own instructors see
 * the cohorts they may open (canViewCohort), which may be none; learners and outsiders are refused.
 */
export function visibleCohorts<C>(
  caller: Caller | undefined,
  course: CourseOwnership,
  courseInstructorIds: string[],
  cohorts: { cohort: C; instructorIds: string[] }[],
): C[] | null {
  if (canManageCohort(caller, course)) return cohorts.map(({ cohort }) => cohort);
  const visible = cohorts.filter(({ instructorIds }) => canViewCohort(caller, course, instructorIds)).map(({ cohort }) => cohort);
  const teachesCourse = caller?.kind === 'user' && courseInstructorIds.includes(caller.userId);
  return teachesCourse || visible.length > 0 ? visible : null;
}

/** Today's date (YYYY-MM-DD) where the cohort takes place, so "ended" follows the local calendar. */
export function localToday(timeZone: string, now = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Learners may enrol themselves while enrolment is open and the cohort's last day has not passed. */
export function isOpenForSelfEnrollment(cohort: { enrollmentOpen: boolean; endsOn: string; timeZone: string }, now = new Date()): boolean {
  return cohort.enrollmentOpen && localToday(cohort.timeZone, now) <= cohort.endsOn;
}

export function hasFreeSeat(cohort: { capacity?: number | null }, activeCount: number): boolean {
  return cohort.capacity === undefined || cohort.capacity === null || activeCount < cohort.capacity;
}
