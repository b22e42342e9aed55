import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { badInput, conflict, type FieldProblem, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { Cohort } from '../cohort/cohort.entity';
import { canManageCohort } from '../cohort/cohort.policy';
import { canonicalTimeZone } from '../cohort/cohort.service';
import { Course } from '../course/course.entity';
import { CohortSession, CohortSessionAttendance } from './cohort-session.entity';
import type { CohortSessionInput } from './cohort-session.inputs';

/** Adds a classroom session to a cohort (the course's authors and admins). */
export async function addCohortSession(ctx: Context, cohortId: string, input: CohortSessionInput): Promise<CohortSession> {
  const cohort = await findById(ctx.em, Cohort, cohortId, { populate: ['instructors'] });
  if (!cohort) throw notFound('Cohort');
  const course = await ctx.em.findOneOrFail(Course, { id: cohort.course.id });
  if (!canManageCohort(ctx.caller, course)) throw forbidden('Only the course’s authors and admins may schedule classroom sessions');
  const problems: FieldProblem[] = [];
  if (!(input.endsAt.getTime() > input.startsAt.getTime())) problems.push({ field: 'input.endsAt', message: 'The session must end after it starts' });
  const timeZone = canonicalTimeZone(input.timeZone?.trim() || cohort.timeZone);
  if (!timeZone) problems.push({ field: 'input.timeZone', message: 'Not an IANA time zone (e.g. Asia/Jakarta)' });
  if (!cohort.instructors.getItems().some((user) => user.id === input.instructorId)) {
    problems.push({ field: 'input.instructorId', message: 'Not one of the cohort’s instructors' });
  }
  if (problems.length) throw badInput(problems);
  return inTransaction(ctx, async (tx) => {
    const session = tx.em.create(CohortSession, {
      cohort: cohort.id,
      title: input.title.trim(),
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      timeZone: timeZone as string,
      venue: input.venue.trim(),
      instructor: input.instructorId,
    });
    await tx.em.flush();
    return session;
  });
}

/** Removes a session nobody checked in to yet: check-ins may already count toward completion. */
export async function removeCohortSession(ctx: Context, id: string): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const session = await findById(tx.em, CohortSession, id, { populate: ['cohort'] });
    if (!session) throw notFound('Session');
    const course = await tx.em.findOneOrFail(Course, { id: session.cohort.getEntity().course.id });
    if (!canManageCohort(tx.caller, course)) throw forbidden('Only the course’s authors and admins may remove classroom sessions');
    if (await tx.em.count(CohortSessionAttendance, { session: session.id })) {
      throw conflict('Learners have checked in to this session; it cannot be removed', 'id');
    }
    await tx.em.remove(session).flush();
    return true;
  });
}
