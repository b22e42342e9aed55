import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { conflict, forbidden, notFound } from '../../errors';
import { NotificationKind } from '../notification/notification.entity';
import { notify } from '../notification/notification.service';
import { isAdmin } from '../organization/organization.policy';
import { RegistrationStatus, SeminarRegistration } from './seminar-registration.entity';
import { lockSeminar } from './seminar-registration.service';
import { type Seminar, SeminarStatus } from './seminar.entity';
import { canManageSeminar, canViewSeminar } from './seminar.policy';

/**
 * Cancels a seminar for good (its organizer or an admin) and tells everyone registered,
 * confirmed or waitlisted, in the same transaction. Registrations keep their status as the
 * record of who was registered; the seminar's status says it will not take place. Cancelling
 * twice answers the cancelled seminar and notifies no one again.
 */
export async function cancelSeminar(ctx: Context, id: string): Promise<Seminar> {
  return inTransaction(ctx, async (tx) => {
    const seminar = await lockSeminar(tx, id);
    if (!seminar || !canViewSeminar(tx.caller, seminar)) throw notFound('Seminar');
    if (!canManageSeminar(tx.caller, seminar)) throw forbidden('Only the organizer’s partners and admins may cancel a seminar');
    if (seminar.status === SeminarStatus.CANCELLED) return seminar;
    if (seminar.endsAt.getTime() <= Date.now()) throw conflict('The seminar is over; it can no longer be cancelled', 'id');
    seminar.status = SeminarStatus.CANCELLED;
    seminar.cancelledAt = new Date();
    await tx.em.flush();
    const registrations = await tx.em.find(SeminarRegistration, {
      seminar: seminar.id,
      status: { $in: [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED] },
    });
    await notify(
      tx,
      registrations.map((registration) => registration.user.id),
      {
        kind: NotificationKind.SEMINAR_CANCELLED,
        title: `Dibatalkan: ${seminar.title}`,
        body: 'Penyelenggara membatalkan seminar ini. Pendaftaran Anda tidak lagi berlaku.',
        seminarId: seminar.id,
      },
      tx.caller?.kind === 'user' ? tx.caller.userId : undefined,
    );
    return seminar;
  });
}

/**
 * An admin takes a published seminar back to DRAFT (out of the calendar) without cancelling
 * it; registrations stay, and the organizer may publish it again.
 */
export async function unpublishSeminar(ctx: Context, id: string): Promise<Seminar> {
  if (!isAdmin(ctx.caller)) throw forbidden('Only admins may unpublish a seminar');
  return inTransaction(ctx, async (tx) => {
    const seminar = await lockSeminar(tx, id);
    if (!seminar) throw notFound('Seminar');
    if (seminar.status === SeminarStatus.CANCELLED) throw conflict('The seminar is cancelled', 'id');
    seminar.status = SeminarStatus.DRAFT;
    await tx.em.flush();
    return seminar;
  });
}
