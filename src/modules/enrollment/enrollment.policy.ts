import type { Caller } from '../auth/authenticate';
import { canAuthorCourse } from '../course/course.policy';
import { isAdmin } from '../organization/organization.policy';

/** Enrolling other people: admins (BKPSDM) and the course's authors, who run its cohorts. */
export function canEnrollOthers(caller: Caller | undefined, course: { organization: { id: string } }): boolean {
  return canAuthorCourse(caller, course);
}

/** Self-enrolment is for people; partner systems (API keys) have no learner to enrol. */
export function canEnrollSelf(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

/** A learner leaves on their own; an admin may withdraw anyone (e.g. transferred staff). */
export function canWithdraw(caller: Caller | undefined, enrollment: { user: { id: string } }): boolean {
  if (isAdmin(caller)) return true;
  return caller?.kind === 'user' && caller.userId === enrollment.user.id;
}
