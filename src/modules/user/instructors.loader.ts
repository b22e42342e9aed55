import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { placeholders } from '../../db/sql';
import { isUuid } from '../../graphql/loaders';
import { User } from './user.entity';

/**
 * Instructors of many courses or cohorts (through their pivot table) with two statements per
 * tick, answering each owner's instructors. Apart from instructors.ts because context.ts builds
 * the loaders: a loader that imported Context would tie the two into a cycle.
 */
export function instructorsLoader(em: EntityManager, pivot: { table: 'course_instructors' | 'cohort_instructors'; ownerColumn: 'course_id' | 'cohort_id' }) {
  return new DataLoader<string, User[]>(async (ownerIds) => {
    const ids = ownerIds.filter(isUuid);
    const links = ids.length
      // raw SQL: a join table that has no entity (the pivot is named by the caller), batched
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
