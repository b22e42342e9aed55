import type { Caller } from '../auth/authenticate';
import { CourseStatus } from '../course/course.entity';
import { EnrollmentStatus } from '../enrollment/enrollment.entity';

/** Progress belongs to a person; partner systems (API keys) have none to report. */
export function canRecordProgress(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

/**
 * A learner records progress in a material only while enrolled (or done) in its course and the
 * course is published; a withdrawn learner's old device syncing later is refused, not stored.
 */
export function mayRecordIn(access: { courseStatus: string; enrollmentStatus: string | null }): boolean {
  const enrolled = access.enrollmentStatus === EnrollmentStatus.ACTIVE || access.enrollmentStatus === EnrollmentStatus.COMPLETED;
  return enrolled && access.courseStatus === CourseStatus.PUBLISHED;
}
