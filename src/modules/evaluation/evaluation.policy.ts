import type { Caller } from '../../identity';
import { canAuthorCourse } from '../course/course.policy';
import { isAdmin } from '../organization/organization.policy';

/** Only the learner of an enrollment evaluates it, and only that learner sees that they did. */
export function ownsEnrollment(caller: Caller | undefined, enrollment: { user: { id: string } }): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user' && caller.userId === enrollment.user.id;
}

/** The course-level report: admins and the course's authors. */
export function canSeeCourseReport(caller: Caller | undefined, course: { organization: { id: string } }): boolean {
  return canAuthorCourse(caller, course);
}

/**
 * Per-instructor rows and comments are for admins (BKPSDM) only: an author would otherwise
 * read colleagues' scores, and comments can name people.
 */
export function canSeeInstructorRows(caller: Caller | undefined): boolean {
  return isAdmin(caller);
}

/** A person's own teaching summary; partner systems (API keys) have no one teaching. */
export function hasTeachingSummary(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}
