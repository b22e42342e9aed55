import type { Caller } from '../../identity';
import { canAuthorCourse } from '../course/course.policy';
import { CourseStatus } from '../course/course.entity';
import { isAdmin } from '../organization/organization.policy';
import { EnrollmentStatus } from './enrollment.entity';

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

/**
 * Why the learner may not take part in a course's graded work now (quizzes, hand-ins), or null
 * when they may (an ACTIVE enrollment in the PUBLISHED course). The message says what is the
 * case (a COMPLETED enrollment is not a missing one); `activity` says what is refused, e.g.
 * "its quizzes are taken".
 */
export function takingPartRefusal(
  course: { status: CourseStatus },
  enrollment: { status: string } | null | undefined,
  activity: string,
): string | null {
  if (course.status !== CourseStatus.PUBLISHED) return `The course is ${course.status}: ${activity} only while it is published`;
  if (!enrollment) return `You are not enrolled in this course: ${activity} only by its enrolled learners`;
  if (enrollment.status === EnrollmentStatus.COMPLETED) return `You have completed this course: ${activity} only during an active enrollment`;
  if (enrollment.status === EnrollmentStatus.WITHDRAWN) return `You withdrew from this course: ${activity} only during an active enrollment`;
  return null;
}
