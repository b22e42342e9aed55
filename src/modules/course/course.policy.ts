import type { Caller } from '../auth/authenticate';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../user/role';
import { type Course, CourseStatus } from './course.entity';

/** Authors of a course: admins, and instructors or partners (people or API keys) of its organization. */
export function canAuthorCourse(caller: Caller | undefined, course: Pick<Course, 'organization'>): boolean {
  if (isAdmin(caller)) return true;
  if (!caller || caller.organizationId !== course.organization.id) return false;
  return caller.roles.includes(Role.INSTRUCTOR) || caller.roles.includes(Role.PARTNER);
}

/** Anyone may see a published course; drafts, courses in review and archived ones only their authors. */
export function canViewCourse(caller: Caller | undefined, course: Pick<Course, 'organization' | 'status'>): boolean {
  return course.status === CourseStatus.PUBLISHED || canAuthorCourse(caller, course);
}

/**
 * Files of a course: its authors and admins always; other signed-in people once the course is
 * published (enrollment will narrow this to enrolled learners when it exists).
 */
export function canDownloadCourseFiles(caller: Caller | undefined, course: Pick<Course, 'organization' | 'status'>): boolean {
  if (canAuthorCourse(caller, course)) return true;
  return caller?.kind === 'user' && course.status === CourseStatus.PUBLISHED;
}

/** Content (modules, materials, files) changes only while the course is a draft. */
export function isEditable(course: Pick<Course, 'status'>): boolean {
  return course.status === CourseStatus.DRAFT;
}
