import type { Caller } from '../auth/authenticate';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../user/role';

/** Admins and agency heads ask for reports at all; everyone else is refused before any lookup. */
export const mayAskForReports = (caller: Caller | undefined): boolean =>
  isAdmin(caller) || (caller?.kind === 'user' && caller.roles.includes(Role.AGENCY_HEAD));

/**
 * An agency's JP report (and its CSV export): admins see every agency; an agency head sees their
 * own organization and the sub-agencies under it (any depth), never a sibling or a parent.
 * `lineage` is the requested organization followed by its ancestors.
 */
export function canSeeAgencyReport(caller: Caller | undefined, lineage: string[]): boolean {
  if (isAdmin(caller)) return true;
  return caller?.kind === 'user' && caller.roles.includes(Role.AGENCY_HEAD) && lineage.includes(caller.organizationId);
}

/** An export is for whoever asked for it, admins, and the heads of the exported agency (or above it). */
export function canSeeJpExport(caller: Caller | undefined, requestedById: string, lineage: string[]): boolean {
  return (caller?.kind === 'user' && caller.userId === requestedById) || canSeeAgencyReport(caller, lineage);
}

/** The training report spans every agency: admins only. */
export const canSeeTrainingReport = (caller: Caller | undefined): boolean => isAdmin(caller);
