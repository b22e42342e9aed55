import type { Context } from '../../context';
import { conflict, forbidden, notFound } from '../../errors';
import type { Assignment } from '../assignment/assignment.entity';
import { assignmentIdOf } from '../assignment/assignment.loader';
import type { CourseModule } from '../course-module/course-module.entity';
import type { Course } from '../course/course.entity';
import { canViewCourse } from '../course/course.policy';
import type { Enrollment } from '../enrollment/enrollment.entity';
import { enrollmentKey } from '../enrollment/enrollment.loader';
import { type Material, MaterialKind } from '../material/material.entity';
import { courseOfMaterialId } from '../material/material.service';
import { isModuleLockedFor } from '../progress/module-lock.service';
import type { Submission } from './submission.entity';
import type { SubmissionFile } from './submission-file.entity';
import { canHandInWork, HANDING_IN, isStaffOfWork, ownsWork } from './submission.policy';
import { takingPartRefusal } from '../enrollment/enrollment.policy';

/** Who may do what with learners' work, always through the request's loaders. */

export interface LearnerAssignment {
  userId: string;
  material: Material;
  module: CourseModule;
  course: Course;
  enrollment: Enrollment;
  assignment: Assignment;
}

/**
 * The assignment the signed-in learner is about to hand work in for: an ACTIVE enrollment in
 * the published course (else FORBIDDEN), settings set and the module unlocked (else CONFLICT).
 */
export async function assignmentForLearner(ctx: Context, materialId: string): Promise<LearnerAssignment> {
  const caller = ctx.caller;
  if (!canHandInWork(caller)) throw forbidden('Only a signed-in person hands in work');
  const material = await ctx.loaders.materialById.load(materialId);
  const module = material && material.kind === MaterialKind.ASSIGNMENT ? await ctx.loaders.moduleById.load(material.module.id) : null;
  const course = module ? await ctx.loaders.courseById.load(module.course.id) : null;
  if (!material || !module || !course || !canViewCourse(caller, course)) throw notFound('Assignment');
  const enrollment = await ctx.loaders.enrollmentByUserAndCourse.load(enrollmentKey(caller.userId, course.id));
  const refusal = takingPartRefusal(course, enrollment, HANDING_IN);
  if (!enrollment || refusal) throw forbidden(refusal ?? 'Only enrolled learners hand in assignments');
  const assignment = await ctx.loaders.assignmentByMaterial.load(material.id);
  if (!assignment) throw conflict('This assignment has no settings yet', 'materialId');
  if (await isModuleLockedFor(ctx, caller.userId, module)) throw conflict('The module is locked until its prerequisite module is complete', 'materialId');
  return { userId: caller.userId, material, module, course, enrollment, assignment };
}

export interface WorkScope {
  course: Course;
  enrollment: Enrollment;
  /** The instructors of the learner's cohort (none without a cohort). */
  instructorIds: string[];
}

/** The course, enrollment and cohort instructors of a submission: what decides who is staff of it. */
export async function scopeOfWork(ctx: Context, submission: Submission): Promise<WorkScope | null> {
  const [course, enrollment] = await Promise.all([
    courseOfMaterialId(ctx, assignmentIdOf(submission.assignment)),
    ctx.loaders.enrollmentById.load(submission.enrollment.id),
  ]);
  if (!course || !enrollment) return null;
  const instructors = enrollment.cohort ? await ctx.loaders.instructorsByCohort.load(enrollment.cohort.id) : [];
  return { course, enrollment, instructorIds: instructors.map((user) => user.id) };
}

export async function isStaffOfSubmission(ctx: Context, submission: Submission): Promise<boolean> {
  const scope = await scopeOfWork(ctx, submission);
  return !!scope && isStaffOfWork(ctx.caller, scope.course, scope.instructorIds);
}

/** Its learner, and staff of the work (the course's authors and the cohort's instructors). */
export async function canSeeSubmission(ctx: Context, submission: Submission): Promise<boolean> {
  return ownsWork(ctx.caller, submission) || isStaffOfSubmission(ctx, submission);
}

/** A file not yet handed in is its uploader's alone; afterwards it is seen with its submission. */
export async function canSeeSubmissionFile(ctx: Context, file: SubmissionFile): Promise<boolean> {
  if (ownsWork(ctx.caller, { learner: file.owner })) return true;
  if (!file.submission) return false;
  const submission = await ctx.loaders.submissionById.load(file.submission.id);
  return !!submission && (await isStaffOfSubmission(ctx, submission));
}
