import { raw } from '@mikro-orm/core';
import type { FilterQuery, LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { inTransaction } from '../../db/transaction';
import { badField, conflict, forbidden, notFound } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { findById } from '../../graphql/loaders';
import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import { activeInstructors } from '../user/instructors';
import { Role } from '../../identity';
import { Course, courseSearchDocument, CourseStatus } from './course.entity';
import type { CoursesArgs, CreateCourseInput, UpdateCourseInput } from './course.inputs';
import { canAuthorCourse, canViewCourse, isEditable } from './course.policy';
import { normalizeCode } from './course.rules';

const CODE_TAKEN = { courses_code_unique: { field: 'code', message: 'A course with this code exists' } };

/** A course by id or by code; null when it does not exist or the caller may not see it. */
export async function findCourse(ctx: Context, by: { id?: string; code?: string }): Promise<Course | null> {
  if (!by.id === !by.code) throw badInputOnLookup();
  const course = by.id ? await ctx.loaders.courseById.load(by.id) : await ctx.em.findOne(Course, { code: normalizeCode(by.code ?? '') });
  return course && canViewCourse(ctx.caller, course) ? course : null;
}

function badInputOnLookup() {
  return badField('id', 'Give either id or code');
}

/**
 * The one authoring check: editing a course's content, its cover and its materials' files all
 * answer the same FORBIDDEN to whoever is not one of its authors (canAuthorCourse).
 */
export function assertAuthorOf(ctx: Context, course: Course): void {
  if (!canAuthorCourse(ctx.caller, course)) throw forbidden('Only the course’s authors (its organization’s instructors and partners) and admins may change it');
}

/** A course the caller may change (its organization's instructors and partners, admins). */
export async function courseForAuthoring(
  ctx: Context,
  id: string,
  options: { requireDraft?: boolean; lockMode?: LockMode } = {},
): Promise<Course> {
  const course = await findById(ctx.em, Course, id, options.lockMode ? { lockMode: options.lockMode } : undefined);
  if (!course) throw notFound('Course');
  assertAuthorOf(ctx, course);
  if (options.requireDraft !== false && !isEditable(course)) {
    throw conflict(`The course is ${course.status}; only a DRAFT can be changed`);
  }
  return course;
}

export function listCourses(ctx: Context, args: CoursesArgs): Promise<ConnectionShape<Course>> {
  const filter = args.filter ?? {};
  const where: FilterQuery<Course>[] = [visibleTo(ctx.caller)];
  if (filter.status) where.push({ status: filter.status });
  if (filter.competency) where.push({ competency: filter.competency });
  if (filter.deliveryMode) where.push({ deliveryMode: filter.deliveryMode });
  if (filter.organizationId) where.push({ organization: filter.organizationId });
  if (filter.code) where.push({ code: normalizeCode(filter.code) });
  if (filter.tag) where.push({ tags: { $contains: [filter.tag.trim()] } });
  const search = filter.search?.trim();
  // A function: its raw() fragment is used up by the page query and made again for totalCount.
  // raw SQL: full-text search (websearch_to_tsquery on the search document), which the ORM has no operator for
  const matching = (): FilterQuery<Course>[] =>
    search ? [{ [raw((alias) => `${courseSearchDocument(alias)} @@ websearch_to_tsquery('indonesian', ?)`, [search])]: true } as FilterQuery<Course>] : [];
  return findConnection(ctx.em, Course, () => ({ $and: [...where, ...matching()] }), args, { title: 'asc', id: 'asc' });
}

/** Learners see published courses; authors also their organization's; admins everything. */
function visibleTo(caller: Caller | undefined): FilterQuery<Course> {
  if (isAdmin(caller)) return {};
  const authorsOwn = caller && (caller.roles.includes(Role.INSTRUCTOR) || caller.roles.includes(Role.PARTNER));
  return authorsOwn
    ? { $or: [{ status: CourseStatus.PUBLISHED }, { organization: caller.organizationId }] }
    : { status: CourseStatus.PUBLISHED };
}

export async function createCourse(ctx: Context, input: CreateCourseInput): Promise<Course> {
  const caller = ctx.caller;
  const organizationId = input.organizationId ?? (isAdmin(caller) ? undefined : caller?.organizationId);
  if (!organizationId) throw badField('organizationId', 'Give the organization that owns the course');
  if (!(await ctx.loaders.organizationById.load(organizationId))) throw badField('organizationId', 'No organization with this id');
  if (!canAuthorCourse(caller, { organization: { id: organizationId } })) {
    throw forbidden('You may only create courses for your own organization');
  }
  const instructorIds =
    input.instructorIds ?? (caller?.kind === 'user' && caller.roles.includes(Role.INSTRUCTOR) ? [caller.userId] : []);
  const instructors = await activeInstructors(ctx, instructorIds);
  const course = ctx.em.create(Course, {
    code: normalizeCode(input.code),
    title: input.title.trim(),
    summary: input.summary?.trim() ?? '',
    description: input.description ?? '',
    competency: input.competency,
    jp: input.jp,
    deliveryMode: input.deliveryMode,
    language: input.language ?? 'id',
    tags: normalizeTags(input.tags),
    organization: organizationId,
  });
  course.instructors.set(instructors);
  await withUniqueFields(() => ctx.em.flush(), CODE_TAKEN);
  return course;
}

export async function updateCourse(ctx: Context, id: string, input: UpdateCourseInput): Promise<Course> {
  const course = await courseForAuthoring(ctx, id);
  const instructors = input.instructorIds ? await activeInstructors(ctx, input.instructorIds) : undefined;
  if (input.title) course.title = input.title.trim();
  if (input.summary !== undefined && input.summary !== null) course.summary = input.summary.trim();
  if (input.description !== undefined && input.description !== null) course.description = input.description;
  if (input.competency) course.competency = input.competency;
  if (input.jp) course.jp = input.jp;
  if (input.deliveryMode) course.deliveryMode = input.deliveryMode;
  if (input.language) course.language = input.language;
  if (input.tags) course.tags = normalizeTags(input.tags);
  if (typeof input.requiresClassroomAttendance === 'boolean') course.requiresClassroomAttendance = input.requiresClassroomAttendance;
  await inTransaction(ctx, async (tx) => {
    if (instructors) {
      await tx.em.populate(course, ['instructors']);
      course.instructors.set(instructors);
    }
    await tx.em.flush();
  });
  return course;
}


function normalizeTags(tags: string[] | undefined): string[] {
  return [...new Set((tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}
