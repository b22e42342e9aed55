import type { Caller } from '../../identity';
import { isAdmin } from '../organization/organization.policy';
import type { User } from './user.entity';

export function canViewUser(caller: Caller | undefined, user: User): boolean {
  return isAdmin(caller) || (caller?.kind === 'user' && caller.userId === user.id);
}
