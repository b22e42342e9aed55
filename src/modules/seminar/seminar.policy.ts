import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../../identity';
import { SeminarStatus } from './seminar.entity';

interface SeminarOwnership {
  organizer: { id: string };
}

/** Partners (people or API keys) of the organizing organization, and admins, manage a seminar. */
export function canManageSeminar(caller: Caller | undefined, seminar: SeminarOwnership): boolean {
  return canPublishFor(caller, seminar.organizer.id);
}

/** Who may publish seminars organized by this organization. */
export function canPublishFor(caller: Caller | undefined, organizerId: string): boolean {
  if (isAdmin(caller)) return true;
  return Boolean(caller && caller.organizationId === organizerId && caller.roles.includes(Role.PARTNER));
}

/** Published and cancelled seminars are for anyone signed in; drafts only for their organizer and admins. */
export function canViewSeminar(caller: Caller | undefined, seminar: SeminarOwnership & { status: SeminarStatus }): boolean {
  if (!caller) return false;
  return seminar.status !== SeminarStatus.DRAFT || canManageSeminar(caller, seminar);
}

/** Registrations are personal: a signed-in person registers themself (a partner system's key cannot). */
export function canRegister(caller: Caller | undefined): caller is Extract<Caller, { kind: 'user' }> {
  return caller?.kind === 'user';
}

/** A registration is cancelled by its holder, or by an admin. */
export function canCancelRegistration(caller: Caller | undefined, registration: { user: { id: string } }): boolean {
  if (isAdmin(caller)) return true;
  return caller?.kind === 'user' && caller.userId === registration.user.id;
}

/**
 * The audience rule: a seminar for some agencies takes learners of those agencies and of their
 * sub-agencies (`lineage`: the learner's organization and all above it).
 */
export function isInAudience(audienceIds: readonly string[], lineage: readonly string[]): boolean {
  return audienceIds.length === 0 || lineage.some((id) => audienceIds.includes(id));
}

/** A seminar's files: its organizer and admins, and people registered (confirmed or waitlisted). */
export function canDownloadSeminarFiles(
  caller: Caller | undefined,
  seminar: SeminarOwnership,
  registration: { status: string } | null | undefined,
): boolean {
  if (canManageSeminar(caller, seminar)) return true;
  return caller?.kind === 'user' && (registration?.status === 'CONFIRMED' || registration?.status === 'WAITLISTED');
}
