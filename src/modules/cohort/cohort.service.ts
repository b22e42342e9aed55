import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badInput, conflict, type FieldProblem, forbidden, notFound } from '../../errors';
import { type ConnectionShape, findConnection } from '../../graphql/connection';
import { findById } from '../../graphql/loaders';
import { Course, CourseStatus } from '../course/course.entity';
import { Enrollment, EnrollmentStatus } from '../enrollment/enrollment.entity';
import { activeInstructors } from '../user/instructors';
import { Cohort } from './cohort.entity';
import type { CohortEnrollmentsArgs, CohortInput } from './cohort.inputs';
import { canManageCohort, canViewCohort, hasFreeSeat, visibleCohorts } from './cohort.policy';

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

export async function createCohort(ctx: Context, courseId: string, input: CohortInput): Promise<Cohort> {
  const course = await findById(ctx.em, Course, courseId);
  if (!course) throw notFound('Course');
  if (!canManageCohort(ctx.caller, course)) throw forbidden('Only the course’s authors and admins may schedule cohorts');
  if (course.status !== CourseStatus.PUBLISHED) throw conflict(`The course is ${course.status}; cohorts need a PUBLISHED course`);
  const values = validCohortValues(input);
  const instructors = await activeInstructors(ctx, input.instructorIds ?? []);
  return inTransaction(ctx, async (tx) => {
    const cohort = tx.em.create(Cohort, { ...values, capacity: values.capacity ?? undefined, course: course.id });
    cohort.instructors.set(instructors);
    await tx.em.flush();
    return cohort;
  });
}

/** Replaces a cohort's schedule; capacity cannot drop below the learners already holding a seat. */
export async function updateCohort(ctx: Context, id: string, input: CohortInput): Promise<Cohort> {
  const values = validCohortValues(input);
  return inTransaction(ctx, async (tx) => {
    // Locked like an enrolment does, so a seat cannot be taken between the count and the change.
    const cohort = await findById(tx.em, Cohort, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!cohort) throw notFound('Cohort');
    const course = await tx.em.findOneOrFail(Course, { id: cohort.course.id });
    if (!canManageCohort(tx.caller, course)) throw forbidden('Only the course’s authors and admins may change cohorts');
    const instructors = input.instructorIds ? await activeInstructors(tx, input.instructorIds) : undefined;
    if (values.capacity !== null) {
      const active = await tx.em.count(Enrollment, { cohort: cohort.id, status: EnrollmentStatus.ACTIVE });
      if (!hasFreeSeat({ capacity: values.capacity }, active - 1)) {
        throw conflict(`${active} learners are enrolled; capacity cannot be lower`, 'capacity');
      }
    }
    cohort.name = values.name;
    cohort.startsOn = values.startsOn;
    cohort.endsOn = values.endsOn;
    cohort.timeZone = values.timeZone;
    // null (not undefined) so the flush writes "no limit" over a previous capacity.
    cohort.capacity = values.capacity as number | undefined;
    cohort.enrollmentOpen = values.enrollmentOpen;
    if (instructors) {
      await tx.em.populate(cohort, ['instructors']);
      cohort.instructors.set(instructors);
    }
    await tx.em.flush();
    return cohort;
  });
}

/** A cohort for its course's staff; null for everyone else, as if it did not exist. */
export async function findCohort(ctx: Context, id: string): Promise<Cohort | null> {
  const cohort = await ctx.loaders.cohortById.load(id);
  return cohort && (await mayViewCohort(ctx, cohort)) ? cohort : null;
}

/**
 * A course's cohorts for its staff (see visibleCohorts), the latest run first. Batched per request:
 * listing many courses' cohorts costs the same statements as one course's.
 */
export async function listCourseCohorts(ctx: Context, course: Course): Promise<Cohort[]> {
  const cohorts = await ctx.loaders.cohortsByCourse.load(course.id);
  // Authors and admins need no instructor lists: spare the statements.
  if (canManageCohort(ctx.caller, course)) return cohorts;
  const [courseInstructors, cohortInstructors] = await Promise.all([
    ctx.loaders.instructorsByCourse.load(course.id),
    Promise.all(cohorts.map((cohort) => ctx.loaders.instructorsByCohort.load(cohort.id))),
  ]);
  const visible = visibleCohorts(
    ctx.caller,
    course,
    courseInstructors.map((user) => user.id),
    cohorts.map((cohort, index) => ({ cohort, instructorIds: cohortInstructors[index].map((user) => user.id) })),
  );
  if (!visible) throw forbidden('Only the course’s staff may list its cohorts');
  return visible;
}

export async function listCohortEnrollments(
  ctx: Context,
  cohort: Cohort,
  args: CohortEnrollmentsArgs,
): Promise<ConnectionShape<Enrollment>> {
  // Learners reach their own cohort through Enrollment.cohort; the list of classmates is staff only.
  if (!(await mayViewCohort(ctx, cohort))) throw forbidden('Only the course’s staff may see a cohort’s learners');
  const where = args.status ? { cohort: cohort.id, status: args.status } : { cohort: cohort.id };
  return findConnection(ctx.em, Enrollment, where, args, { enrolledAt: 'asc', id: 'asc' });
}

export async function seatsLeft(ctx: Context, cohort: Cohort): Promise<number | null> {
  if (cohort.capacity === undefined || cohort.capacity === null) return null;
  return Math.max(0, cohort.capacity - (await ctx.loaders.activeCountByCohort.load(cohort.id)));
}

export async function mayViewCohort(ctx: Context, cohort: Cohort): Promise<boolean> {
  const [course, instructors] = await Promise.all([
    ctx.loaders.courseById.load(cohort.course.id),
    ctx.loaders.instructorsByCohort.load(cohort.id),
  ]);
  return Boolean(course) && canViewCohort(ctx.caller, course as Course, instructors.map((user) => user.id));
}

function validCohortValues(input: CohortInput) {
  const problems: FieldProblem[] = [];
  const timeZone = input.timeZone?.trim() || DEFAULT_TIME_ZONE;
  if (!isCalendarDate(input.startsOn)) problems.push({ field: 'startsOn', message: 'Not a calendar date' });
  if (!isCalendarDate(input.endsOn)) problems.push({ field: 'endsOn', message: 'Not a calendar date' });
  else if (isCalendarDate(input.startsOn) && input.endsOn < input.startsOn) {
    problems.push({ field: 'endsOn', message: 'The cohort cannot end before it starts' });
  }
  const canonicalZone = canonicalTimeZone(timeZone);
  if (!canonicalZone) problems.push({ field: 'timeZone', message: 'Not an IANA time zone (e.g. Asia/Jakarta)' });
  if (problems.length) throw badInput(problems);
  return {
    name: input.name.trim(),
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    timeZone: canonicalZone as string,
    capacity: input.capacity ?? null,
    enrollmentOpen: input.enrollmentOpen ?? true,
  };
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The zone's canonical spelling ("asia/jakarta" → "Asia/Jakarta"), or undefined when Intl does not know it. */
export function canonicalTimeZone(value: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

