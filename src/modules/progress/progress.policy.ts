import type { Caller } from '../../identity';
import { ErrorCode } from '../../errors';
import { CourseStatus } from '../course/course.entity';
import { EnrollmentStatus } from '../enrollment/enrollment.entity';

/** Progress belongs to a person; partner systems (API keys) have none to report. */
export function canRecordProgress(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

export interface ProgressRefusal {
  code: ErrorCode;
  message: string;
}

/**
 * A learner records progress in a material only while enrolled (or done) in its course and the
 * course is published; a withdrawn learner's old device syncing later is refused, not stored.
 * An enrolled learner's events for a course an admin sent back to DRAFT (or that is IN_REVIEW
 * again) are COURSE_UNAVAILABLE: the course comes back, so a device keeps them and sends them
 * again instead of dropping what was learnt while it was published. Null: may record.
 */
export function progressRefusal(access: { courseStatus: string; enrollmentStatus: string | null }): ProgressRefusal | null {
  const enrolled = access.enrollmentStatus === EnrollmentStatus.ACTIVE || access.enrollmentStatus === EnrollmentStatus.COMPLETED;
  if (!enrolled) {
    const message =
      access.enrollmentStatus === EnrollmentStatus.WITHDRAWN
        ? 'You withdrew from the course of this material'
        : 'You are not enrolled in the course of this material';
    return { code: ErrorCode.FORBIDDEN, message };
  }
  if (access.courseStatus === CourseStatus.PUBLISHED) return null;
  if (access.courseStatus === CourseStatus.ARCHIVED) return { code: ErrorCode.FORBIDDEN, message: 'The course of this material is archived' };
  return {
    code: ErrorCode.COURSE_UNAVAILABLE,
    message: `The course of this material is being revised (${access.courseStatus}); keep this event and send it again once the course is published`,
  };
}
