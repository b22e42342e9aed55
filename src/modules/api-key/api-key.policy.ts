import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import { Role } from '../../identity';

/**
 * Admins manage every organization's keys; a partner's own staff (people, not keys — a leaked
 * key must not mint more) manage their organization's.
 */
export function canManageApiKeys(caller: Caller | undefined, organizationId: string): boolean {
  if (isAdmin(caller)) return true;
  return (
    caller?.kind === 'user' && caller.roles.includes(Role.PARTNER) && caller.organizationId === organizationId
  );
}
