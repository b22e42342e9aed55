import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../../identity';
import { CourseStatus } from './course.entity';

/** What the rules need of a course: who owns it and where it is in its workflow. */
interface CourseOwnership {
  organization: { id: string };
}
interface CourseState extends CourseOwnership {
  status: CourseStatus;
}

/** Authors of a course: admins, and instructors or partners (people or API keys) of its organization. */
export function canAuthorCourse(caller: Caller | undefined, course: CourseOwnership): boolean {
  if (isAdmin(caller)) return true;
  if (!caller || caller.organizationId !== course.organization.id) return false;
  return caller.roles.includes(Role.INSTRUCTOR) || caller.roles.includes(Role.PARTNER);
}

/** Anyone may see a published course; drafts, courses in review and archived ones only their authors. */
export function canViewCourse(caller: Caller | undefined, course: CourseState): boolean {
  return course.status === CourseStatus.PUBLISHED || canAuthorCourse(caller, course);
}

/**
 * Files of a course: its authors and admins always; a learner while enrolled (or after
 * completing) in the published course.
 */
export function canDownloadCourseFiles(
  caller: Caller | undefined,
  course: CourseState,
  enrollment: { status: string } | null | undefined,
): boolean {
  if (canAuthorCourse(caller, course)) return true;
  const enrolled = enrollment?.status === 'ACTIVE' || enrollment?.status === 'COMPLETED';
  return caller?.kind === 'user' && course.status === CourseStatus.PUBLISHED && enrolled;
}

/** Content (modules, materials, files) changes only while the course is a draft. */
export function isEditable(course: Pick<CourseState, 'status'>): boolean {
  return course.status === CourseStatus.DRAFT;
}
