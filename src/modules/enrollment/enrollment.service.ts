import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { withUniqueFields } from '../../db/constraints';
import { inTransaction } from '../../db/transaction';
import { badField, conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { Cohort } from '../cohort/cohort.entity';
import { hasFreeSeat, isOpenForSelfEnrollment } from '../cohort/cohort.policy';
import { Course, CourseStatus } from '../course/course.entity';
import { canViewCourse } from '../course/course.policy';
import { Organization } from '../organization/organization.entity';
import { nipProblem } from '../user/nip';
import { Role } from '../../identity';
import { User } from '../user/user.entity';
import { Enrollment, EnrollmentStatus } from './enrollment.entity';
import { type EnrollLearnersEntry, type EnrollLearnersResult, EnrollOutcome } from './enrollment.inputs';
import { enrollmentKey } from './enrollment.loader';
import { canEnrollOthers, canEnrollSelf, canWithdraw } from './enrollment.policy';

// A concurrent enrolment of the same person in the same course (another device, an admin's bulk
// enrolment) loses on the unique (user, course) constraint; it is told so instead of failing.
const ALREADY_ENROLLED = {
  enrollments_user_id_course_id_unique: { field: 'courseId', message: 'An enrolment in this course was made at the same time; try again' },
};

/**
 * Self-enrolment in a PUBLISHED course, optionally into one of its cohorts. Enrolling again is
 * harmless: an ACTIVE or COMPLETED enrollment comes back as it is, a WITHDRAWN one is reactivated.
 */
export async function enroll(ctx: Context, courseId: string, cohortId?: string | null): Promise<Enrollment> {
  const caller = ctx.caller;
  if (!canEnrollSelf(caller)) throw forbidden('Only a signed-in person can enrol themself');
  return inTransaction(ctx, async (tx) => {
    const course = await findById(tx.em, Course, courseId);
    if (!course || !canViewCourse(caller, course)) throw notFound('Course');
    if (course.status !== CourseStatus.PUBLISHED) throw conflict(`The course is ${course.status}; only PUBLISHED courses take learners`);
    // The cohort row lock serialises all enrolments into the cohort, so counting seats and taking
    // one is atomic: two learners can never both get the last seat.
    const cohort = cohortId ? await findById(tx.em, Cohort, cohortId, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (cohortId && (!cohort || cohort.course.id !== course.id)) throw badField('cohortId', 'No cohort of this course has this id');
    const existing = await tx.em.findOne(Enrollment, { user: caller.userId, course: course.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (existing && existing.status !== EnrollmentStatus.WITHDRAWN) {
      if (!cohort || existing.cohort?.id === cohort.id || existing.status === EnrollmentStatus.COMPLETED) return existing;
      if (existing.cohort) throw conflict('You are enrolled in another cohort of this course', 'cohortId');
      // Learning at one's own pace and now joining a cohort: the same enrollment moves into it.
    }
    if (cohort) {
      if (!isOpenForSelfEnrollment(cohort)) throw conflict('Enrolment in this cohort is closed', 'cohortId');
      if (!hasFreeSeat(cohort, await countActive(tx, cohort.id))) throw conflict('The cohort is full', 'cohortId');
    }
    const enrollment =
      existing && existing.status === EnrollmentStatus.ACTIVE
        ? Object.assign(existing, { cohort: tx.em.getReference(Cohort, (cohort as Cohort).id, { wrapped: true }) })
        : activate(tx, existing, { userId: caller.userId, course, cohort });
    await withUniqueFields(() => tx.em.flush(), ALREADY_ENROLLED);
    return enrollment;
  });
}

/** Bulk enrolment by NIP into a cohort, in one transaction; the result says what happened to each NIP. */
export async function enrollLearners(ctx: Context, cohortId: string, nips: string[]): Promise<EnrollLearnersResult> {
  return inTransaction(ctx, async (tx) => {
    const { cohort, course } = await cohortForEnrolling(tx, cohortId);
    const entries: EnrollLearnersEntry[] = [];
    const seen = new Set<string>();
    for (const given of nips) {
      const nip = given.trim();
      if (seen.has(nip)) continue;
      seen.add(nip);
      entries.push({ nip, outcome: nipProblem(nip) ? EnrollOutcome.INVALID_NIP : EnrollOutcome.ENROLLED });
    }
    const wellFormed = entries.filter((entry) => entry.outcome === EnrollOutcome.ENROLLED).map((entry) => entry.nip as string);
    const users = wellFormed.length ? await tx.em.find(User, { nip: { $in: wellFormed }, active: true }) : [];
    const byNip = new Map(users.map((user) => [user.nip, user]));
    for (const entry of entries) {
      if (entry.outcome !== EnrollOutcome.ENROLLED) continue;
      entry.user = byNip.get(entry.nip as string);
      if (!entry.user) entry.outcome = EnrollOutcome.UNKNOWN_NIP;
    }
    return placeInCohort(tx, cohort, course, entries);
  });
}

/** Every active LEARNER of an agency and of its sub-agencies, at any depth, into a cohort. */
export async function enrollAgency(ctx: Context, cohortId: string, organizationId: string): Promise<EnrollLearnersResult> {
  return inTransaction(ctx, async (tx) => {
    const { cohort, course } = await cohortForEnrolling(tx, cohortId);
    if (!(await findById(tx.em, Organization, organizationId))) throw notFound('Organization');
    // raw SQL: a recursive CTE over the agency tree, which the ORM cannot express
    const rows = await tx.em.execute<{ id: string }[]>(
      `WITH RECURSIVE agency AS (
         SELECT id FROM organizations WHERE id = ?
         UNION SELECT o.id FROM organizations o JOIN agency a ON o.parent_id = a.id
       )
       SELECT u.id FROM users u
       WHERE u.organization_id IN (SELECT id FROM agency) AND u.active AND ? = ANY(u.roles)
       ORDER BY u.name, u.id`,
      [organizationId, Role.LEARNER],
    );
    const users = rows.length ? await tx.em.find(User, { id: { $in: rows.map((row) => row.id) } }) : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    const entries = rows.flatMap((row) => {
      const user = byId.get(row.id);
      return user ? [{ nip: user.nip ?? null, user, outcome: EnrollOutcome.ENROLLED }] : [];
    });
    return placeInCohort(tx, cohort, course, entries);
  });
}

/** Withdrawing twice answers the withdrawn enrollment; a completed course stays completed. */
export async function withdraw(ctx: Context, enrollmentId: string): Promise<Enrollment> {
  return inTransaction(ctx, async (tx) => {
    const enrollment = await findById(tx.em, Enrollment, enrollmentId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!enrollment) throw notFound('Enrollment');
    if (!canWithdraw(tx.caller, enrollment)) throw forbidden('Only the learner or an admin may withdraw an enrollment');
    if (enrollment.status === EnrollmentStatus.WITHDRAWN) return enrollment;
    if (enrollment.status === EnrollmentStatus.COMPLETED) throw conflict('A completed enrollment cannot be withdrawn');
    enrollment.status = EnrollmentStatus.WITHDRAWN;
    enrollment.withdrawnAt = new Date();
    await tx.em.flush();
    return enrollment;
  });
}

/** The caller's enrollment in a course, or null (also for API keys and anonymous callers). */
export async function myEnrollment(ctx: Context, course: Course): Promise<Enrollment | null> {
  if (!canEnrollSelf(ctx.caller)) return null;
  return ctx.loaders.enrollmentByUserAndCourse.load(enrollmentKey(ctx.caller.userId, course.id));
}

/** Locks the cohort (see enroll) and checks the caller may enrol others into its PUBLISHED course. */
async function cohortForEnrolling(tx: Context, cohortId: string): Promise<{ cohort: Cohort; course: Course }> {
  const cohort = await findById(tx.em, Cohort, cohortId, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!cohort) throw notFound('Cohort');
  const course = await tx.em.findOneOrFail(Course, { id: cohort.course.id });
  if (!canEnrollOthers(tx.caller, course)) throw forbidden('Only admins and the course’s authors may enrol others');
  if (course.status !== CourseStatus.PUBLISHED) throw conflict(`The course is ${course.status}; only PUBLISHED courses take learners`);
  return { cohort, course };
}

/**
 * Entries still marked ENROLLED (a known user) take a seat each, in order, until the cohort is
 * full. Existing ACTIVE or COMPLETED enrollments are left where they are. One flush for all.
 */
async function placeInCohort(tx: Context, cohort: Cohort, course: Course, entries: EnrollLearnersEntry[]): Promise<EnrollLearnersResult> {
  const candidates = entries.filter((entry) => entry.outcome === EnrollOutcome.ENROLLED && entry.user);
  const userIds = candidates.map((entry) => (entry.user as User).id);
  const existing = userIds.length ? await tx.em.find(Enrollment, { course: course.id, user: { $in: userIds } }) : [];
  const byUser = new Map(existing.map((enrollment) => [enrollment.user.id, enrollment]));
  let active = await countActive(tx, cohort.id);
  const enrolledBy = tx.caller?.kind === 'user' ? tx.caller.userId : undefined;
  for (const entry of candidates) {
    const current = byUser.get((entry.user as User).id);
    if (current && current.status !== EnrollmentStatus.WITHDRAWN) {
      entry.outcome = EnrollOutcome.ALREADY_ENROLLED;
      entry.enrollment = current;
    } else if (!hasFreeSeat(cohort, active)) {
      entry.outcome = EnrollOutcome.COHORT_FULL;
    } else {
      entry.enrollment = activate(tx, current, { userId: (entry.user as User).id, course, cohort, enrolledBy });
      active += 1;
    }
  }
  await withUniqueFields(() => tx.em.flush(), ALREADY_ENROLLED);
  const count = (outcome: EnrollOutcome) => entries.filter((entry) => entry.outcome === outcome).length;
  return {
    entries,
    enrolled: count(EnrollOutcome.ENROLLED),
    alreadyEnrolled: count(EnrollOutcome.ALREADY_ENROLLED),
    unknownNip: count(EnrollOutcome.UNKNOWN_NIP),
    invalidNip: count(EnrollOutcome.INVALID_NIP),
    cohortFull: count(EnrollOutcome.COHORT_FULL),
  };
}

function countActive(tx: Context, cohortId: string): Promise<number> {
  return tx.em.count(Enrollment, { cohort: cohortId, status: EnrollmentStatus.ACTIVE });
}

/** A new enrollment, or the learner's withdrawn one made active again (one row per learner and course). */
function activate(
  tx: Context,
  existing: Enrollment | null | undefined,
  values: { userId: string; course: Course; cohort: Cohort | null; enrolledBy?: string },
): Enrollment {
  const cohort = values.cohort ? tx.em.getReference(Cohort, values.cohort.id, { wrapped: true }) : undefined;
  const enrolledBy = values.enrolledBy ? tx.em.getReference(User, values.enrolledBy, { wrapped: true }) : undefined;
  if (!existing) {
    return tx.em.create(Enrollment, { user: values.userId, course: values.course.id, cohort, enrolledBy });
  }
  existing.status = EnrollmentStatus.ACTIVE;
  existing.withdrawnAt = undefined;
  existing.enrolledAt = new Date();
  existing.cohort = cohort;
  existing.enrolledBy = enrolledBy;
  return existing;
}
