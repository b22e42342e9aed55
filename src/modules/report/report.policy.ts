import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../../identity';

/**
 * An agency's JP report and its CSV exports: admins see every agency; an agency head sees their
 * own organization and the sub-agencies under it (any depth), never a sibling or a parent.
 * `lineage` is the requested organization followed by its ancestors.
 */
export function canSeeAgencyReport(caller: Caller | undefined, lineage: string[]): boolean {
  if (isAdmin(caller)) return true;
  return caller?.kind === 'user' && caller.roles.includes(Role.AGENCY_HEAD) && lineage.includes(caller.organizationId);
}
