import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { appError, badField, conflict, ErrorCode, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { CourseModule } from '../course-module/course-module.entity';
import { Material } from '../material/material.entity';
import { FILE_KINDS } from '../material/material.rules';
import { isAdmin } from '../organization/organization.policy';
import { Course, CourseStatus } from './course.entity';
import { canAuthorCourse, canViewCourse } from './course.policy';

type Actor = 'author' | 'admin';

/**
 * DRAFT → IN_REVIEW → PUBLISHED → ARCHIVED, with admins sending a course back to DRAFT.
 * Each transition locks the course row, so two concurrent transitions cannot both apply.
 */
const TRANSITIONS = {
  submit: { from: [CourseStatus.DRAFT], to: CourseStatus.IN_REVIEW, by: 'author' },
  publish: { from: [CourseStatus.IN_REVIEW], to: CourseStatus.PUBLISHED, by: 'admin' },
  returnToDraft: { from: [CourseStatus.IN_REVIEW, CourseStatus.PUBLISHED], to: CourseStatus.DRAFT, by: 'admin' },
  archive: { from: [CourseStatus.DRAFT, CourseStatus.PUBLISHED], to: CourseStatus.ARCHIVED, by: 'author' },
} as const satisfies Record<string, { from: readonly CourseStatus[]; to: CourseStatus; by: Actor }>;

export type CourseTransition = keyof typeof TRANSITIONS;

/**
 * A file-backed material (DOCUMENT, VIDEO, SLIDES, AUDIO, IMAGE) without its file would reach
 * learners empty: reviewers get a course only when every such material has one.
 */
async function refuseMaterialsWithoutFile(tx: Context, course: Course) {
  const missing = await tx.em.find(
    Material,
    { module: { course }, kind: { $in: [...FILE_KINDS] }, currentVersion: null },
    { orderBy: { module: { position: 'asc' }, position: 'asc' } },
  );
  if (!missing.length) return;
  const titles = missing.map((material) => `"${material.title}"`).join(', ');
  throw appError(ErrorCode.CONFLICT, `Upload the file of these materials before submitting the course for review: ${titles}`, {
    materialIds: missing.map((material) => material.id),
  });
}

export async function transitionCourse(
  ctx: Context,
  id: string,
  transition: CourseTransition,
  reason?: string,
): Promise<Course> {
  const rule = TRANSITIONS[transition];
  if (transition === 'returnToDraft' && !reason?.trim()) throw badField('reason', 'Say why the course goes back to draft');
  return inTransaction(ctx, async (tx) => {
    const course = await findById(tx.em, Course, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!course || !canViewCourse(tx.caller, course)) throw notFound('Course');
    const allowed = rule.by === 'admin' ? isAdmin(tx.caller) : canAuthorCourse(tx.caller, course);
    if (!allowed) throw forbidden(rule.by === 'admin' ? 'Only an admin may do this' : 'Only the course’s authors may do this');
    if (!(rule.from as readonly CourseStatus[]).includes(course.status)) {
      throw conflict(`A ${course.status} course cannot be moved to ${rule.to}`);
    }
    if (transition === 'submit' && (await tx.em.count(CourseModule, { course })) === 0) {
      throw conflict('Add at least one module before submitting the course for review');
    }
    if (transition === 'submit') await refuseMaterialsWithoutFile(tx, course);
    course.status = rule.to;
    if (rule.to === CourseStatus.PUBLISHED) course.publishedAt = new Date();
    // The reason an admin sent it back stays readable until the authors submit again.
    if (transition === 'returnToDraft') course.reviewNote = reason?.trim();
    if (transition === 'submit') course.reviewNote = undefined;
    await tx.em.flush();
    return course;
  });
}
