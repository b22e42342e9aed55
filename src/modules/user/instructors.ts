import type { Context } from '../../context';
import { badField } from '../../errors';
import { Role } from '../../identity';
import { User } from './user.entity';

/** The users behind `ids`, refused (on `instructorIds`) unless every one is an active instructor. */
export async function activeInstructors(ctx: Context, ids: string[]): Promise<User[]> {
  const unique = [...new Set(ids)];
  const users = unique.length ? await ctx.em.find(User, { id: { $in: unique }, active: true }) : [];
  const notInstructors = unique.filter((id) => !users.find((u) => u.id === id && u.roles.includes(Role.INSTRUCTOR)));
  if (notInstructors.length) throw badField('instructorIds', `Not active instructors: ${notInstructors.join(', ')}`);
  return users;
}
