import { LockMode } from '@mikro-orm/core';
import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { conflict, forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { NotificationKind } from '../notification/notification.entity';
import { notify } from '../notification/notification.service';
import { RegistrationStatus, SeminarRegistration } from './seminar-registration.entity';
import { Seminar, SeminarStatus } from './seminar.entity';
import { canCancelRegistration, canRegister, canViewSeminar, isInAudience } from './seminar.policy';
import { isRegistrationOpen, placeFor } from './seminar.rules';
import { organizationLineage } from '../organization/organization-tree';

/**
 * Registers the caller: a seat while there is one, else a place at the end of the waitlist.
 * Every registration and cancellation of a seminar takes the seminar's row lock first, so
 * counting seats and taking one is atomic (no overbooking) and places in line are handed out
 * in the order the lock was granted. Registering again while registered answers the same
 * registration; after cancelling, the person registers anew (at the end of the line).
 */
export async function registerForSeminar(ctx: Context, seminarId: string): Promise<SeminarRegistration> {
  const caller = ctx.caller;
  if (!canRegister(caller)) throw forbidden('Only a signed-in person can register themself');
  // Outside the lock: the learner's agencies do not change with the seminar.
  const lineage = await organizationLineage(ctx.em, caller.organizationId);
  return inTransaction(ctx, async (tx) => {
    const seminar = await lockSeminar(tx, seminarId);
    if (!seminar || !canViewSeminar(caller, seminar)) throw notFound('Seminar');
    if (seminar.status === SeminarStatus.CANCELLED) throw conflict('The seminar is cancelled', 'seminarId');
    if (seminar.status !== SeminarStatus.PUBLISHED) throw conflict('The seminar is not published yet', 'seminarId');
    const existing = await tx.em.findOne(SeminarRegistration, { seminar: seminar.id, user: caller.userId });
    if (existing && existing.status !== RegistrationStatus.CANCELLED) return existing;
    if (!isRegistrationOpen(seminar)) {
      throw conflict(`Registration closed at ${seminar.registrationClosesAt.toISOString()}`, 'seminarId');
    }
    const audience = await audienceIds(tx, seminar.id);
    if (!isInAudience(audience, lineage)) throw forbidden('This seminar is for learners of other agencies');
    const place = placeFor(seminar, await countActive(tx, seminar.id));
    if (place === 'FULL') throw conflict('The seminar and its waitlist are full', 'seminarId');
    seminar.lastQueueNumber += 1;
    const values = {
      status: place === 'CONFIRMED' ? RegistrationStatus.CONFIRMED : RegistrationStatus.WAITLISTED,
      queueNumber: seminar.lastQueueNumber,
      registeredAt: new Date(),
      cancelledAt: null,
      promotedAt: null,
    };
    const registration = existing
      ? Object.assign(existing, values)
      : tx.em.create(SeminarRegistration, { ...values, seminar, user: caller.userId });
    await tx.em.flush();
    return registration;
  });
}

/**
 * Cancels a registration (its holder or an admin). A freed seat goes to the first in line in
 * the same transaction, who is notified. Cancelling twice answers the cancelled registration.
 */
export async function cancelRegistration(ctx: Context, id: string): Promise<SeminarRegistration> {
  const found = await findById(ctx.em, SeminarRegistration, id);
  if (!found) throw notFound('Registration');
  if (!canCancelRegistration(ctx.caller, found)) throw forbidden('Only the registered person or an admin may cancel a registration');
  return inTransaction(ctx, async (tx) => {
    const seminar = (await lockSeminar(tx, found.seminar.id)) as Seminar;
    // Read again under the lock: a promotion may have committed since.
    const registration = await tx.em.findOneOrFail(SeminarRegistration, { id }, { refresh: true });
    if (registration.status === RegistrationStatus.CANCELLED) return registration;
    if (seminar.endsAt.getTime() <= Date.now()) throw conflict('The seminar is over; its registrations are records now', 'id');
    const heldSeat = registration.status === RegistrationStatus.CONFIRMED;
    registration.status = RegistrationStatus.CANCELLED;
    registration.cancelledAt = new Date();
    await tx.em.flush();
    if (heldSeat) await fillFreeSeats(tx, seminar);
    return registration;
  });
}

/**
 * Gives free seats of a published seminar that is not over to the waitlist, first in line
 * first, and tells each promoted person. Call with the seminar's row lock held.
 */
export async function fillFreeSeats(tx: Context, seminar: Seminar): Promise<SeminarRegistration[]> {
  if (seminar.status !== SeminarStatus.PUBLISHED || seminar.endsAt.getTime() <= Date.now()) return [];
  const { confirmed } = await countActive(tx, seminar.id);
  const free = seminar.capacity - confirmed;
  if (free <= 0) return [];
  const promoted = await tx.em.find(
    SeminarRegistration,
    { seminar: seminar.id, status: RegistrationStatus.WAITLISTED },
    { orderBy: { queueNumber: 'asc' }, limit: free },
  );
  if (!promoted.length) return [];
  const now = new Date();
  for (const registration of promoted) {
    registration.status = RegistrationStatus.CONFIRMED;
    registration.promotedAt = now;
  }
  await tx.em.flush();
  await notify(
    tx,
    promoted.map((registration) => registration.user.id),
    {
      kind: NotificationKind.WAITLIST_PROMOTED,
      title: `Kursi tersedia: Anda terdaftar di ${seminar.title}`,
      body: 'Pendaftaran Anda berpindah dari daftar tunggu menjadi terkonfirmasi.',
      seminarId: seminar.id,
    },
    tx.caller?.kind === 'user' ? tx.caller.userId : undefined,
  );
  return promoted;
}

export async function countActive(tx: Context, seminarId: string): Promise<{ confirmed: number; waitlisted: number }> {
  // raw SQL: a grouped count by status, without loading registrations
  const rows = await tx.em.execute<{ status: string; count: string }[]>(
    `SELECT status, count(*) AS count FROM seminar_registrations WHERE seminar_id = ? AND status <> 'CANCELLED' GROUP BY status`,
    [seminarId],
  );
  const count = (status: RegistrationStatus) => Number(rows.find((row) => row.status === status)?.count ?? 0);
  return { confirmed: count(RegistrationStatus.CONFIRMED), waitlisted: count(RegistrationStatus.WAITLISTED) };
}

/** The seminar's row, locked until the commit: every change to its registrations queues here. */
export function lockSeminar(tx: Context, seminarId: string): Promise<Seminar | null> {
  return findById(tx.em, Seminar, seminarId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
}

async function audienceIds(tx: Context, seminarId: string): Promise<string[]> {
  // raw SQL: a join table that has no entity (seminar_audience_agencies)
  const rows = await tx.em.execute<{ organization_id: string }[]>(
    'SELECT organization_id FROM seminar_audience_agencies WHERE seminar_id = ?',
    [seminarId],
  );
  return rows.map((row) => row.organization_id);
}
