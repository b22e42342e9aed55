import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../../identity';

/** Whose work lands in a person's review queue; the SQL in review-queue.service.ts applies it. */
export interface QueueScope {
  userId: string;
  /** Set for instructors: the organization whose courses they author. */
  authoringOrganizationId: string | null;
  /** Admins oversee every queue. */
  everything: boolean;
}

/**
 * A person's queue holds the work of the cohorts they teach. Work nobody teaches (no cohort, or
 * a cohort without instructors) falls to the instructors of the course's organization, so that
 * nothing waits unseen; admins see every queue.
 */
export function queueScopeOf(caller: Caller | undefined): QueueScope | null {
  if (caller?.kind !== 'user') return null;
  return {
    userId: caller.userId,
    authoringOrganizationId: caller.roles.includes(Role.INSTRUCTOR) ? caller.organizationId : null,
    everything: isAdmin(caller),
  };
}
