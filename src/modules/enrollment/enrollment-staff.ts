import type { Context } from '../../context';
import type { Course } from '../course/course.entity';
import type { Enrollment } from './enrollment.entity';

/** Who looks after a learner's work in one enrollment: the course (its authors and admins) and the cohort's instructors. */
export interface EnrollmentStaff {
  course: Course;
  /** Instructors of the enrollment's cohort; none when the learner learns at their own pace. */
  cohortInstructorIds: string[];
}

/** Through the request's loaders, so many enrollments in one response cost two statements. */
export async function staffOfEnrollment(ctx: Context, enrollment: Enrollment): Promise<EnrollmentStaff | null> {
  const [course, instructors] = await Promise.all([
    ctx.loaders.courseById.load(enrollment.course.id),
    enrollment.cohort ? ctx.loaders.instructorsByCohort.load(enrollment.cohort.id) : Promise.resolve([]),
  ]);
  return course ? { course, cohortInstructorIds: instructors.map((user) => user.id) } : null;
}
