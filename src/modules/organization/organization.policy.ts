import type { Caller } from '../../identity';
import { Role } from '../../identity';

export const isAdmin = (caller: Caller | undefined): boolean => Boolean(caller?.roles.includes(Role.ADMIN));

/** Staff of an organization act for it; admins act for every organization. */
export function canActForOrganization(caller: Caller | undefined, organizationId: string): boolean {
  return isAdmin(caller) || caller?.organizationId === organizationId;
}
