import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Context } from '../../context';
import { placeholders } from '../../db/sql';
import { isUuid } from '../../graphql/loaders';
import { badField } from '../../errors';
import { Role } from './role';
import { User } from './user.entity';

/** The users behind `ids`, refused (on `instructorIds`) unless every one is an active instructor. */
export async function activeInstructors(ctx: Context, ids: string[]): Promise<User[]> {
  const unique = [...new Set(ids)];
  const users = unique.length ? await ctx.em.find(User, { id: { $in: unique }, active: true }) : [];
  const notInstructors = unique.filter((id) => !users.find((u) => u.id === id && u.roles.includes(Role.INSTRUCTOR)));
  if (notInstructors.length) throw badField('instructorIds', `Not active instructors: ${notInstructors.join(', ')}`);
  return users;
}

/**
 * Instructors of many courses or cohorts (through their pivot table) with two statements per
 * tick, answering each owner's instructors.
 */
export function instructorsLoader(em: EntityManager, pivot: { table: 'course_instructors' | 'cohort_instructors'; ownerColumn: 'course_id' | 'cohort_id' }) {
  return new DataLoader<string, User[]>(async (ownerIds) => {
    const ids = ownerIds.filter(isUuid);
    const links = ids.length
      ? await em.execute<Record<string, string>[]>(
          `SELECT ${pivot.ownerColumn} AS owner_id, user_id FROM ${pivot.table} WHERE ${pivot.ownerColumn} IN (${placeholders(ids.length)})`,
          ids,
        )
      : [];
    const users = links.length ? await em.find(User, { id: { $in: [...new Set(links.map((link) => link.user_id))] } }) : [];
    const byId = new Map(users.map((user) => [user.id, user]));
    return ownerIds.map((ownerId) => links.filter((link) => link.owner_id === ownerId).flatMap((link) => byId.get(link.user_id) ?? []));
  });
}
