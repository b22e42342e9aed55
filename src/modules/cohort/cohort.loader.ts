import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { entityByIdLoader, isUuid } from '../../graphql/loaders';
import { User } from '../user/user.entity';
import { Cohort } from './cohort.entity';

export function createCohortLoaders(em: EntityManager) {
  return {
    cohortById: entityByIdLoader(em, Cohort),
    instructorsByCohort: new DataLoader<string, User[]>(async (cohortIds) => {
      const ids = cohortIds.filter(isUuid);
      const links = ids.length
        ? await em.execute<{ cohort_id: string; user_id: string }[]>(
            `SELECT cohort_id, user_id FROM cohort_instructors WHERE cohort_id IN (${ids.map(() => '?').join(', ')})`,
            ids,
          )
        : [];
      const users = links.length ? await em.find(User, { id: { $in: [...new Set(links.map((link) => link.user_id))] } }) : [];
      const byId = new Map(users.map((user) => [user.id, user]));
      return cohortIds.map((cohortId) =>
        links.filter((link) => link.cohort_id === cohortId).flatMap((link) => byId.get(link.user_id) ?? []),
      );
    }),
    /** Seats taken: only ACTIVE enrollments hold a seat (withdrawn ones gave theirs back). */
    activeCountByCohort: new DataLoader<string, number>(async (cohortIds) => {
      const ids = cohortIds.filter(isUuid);
      const rows = ids.length
        ? await em.execute<{ cohort_id: string; count: string }[]>(
            `SELECT cohort_id, count(*) AS count FROM enrollments WHERE status = 'ACTIVE' AND cohort_id IN (${ids.map(() => '?').join(', ')}) GROUP BY cohort_id`,
            ids,
          )
        : [];
      const byId = new Map(rows.map((row) => [row.cohort_id, Number(row.count)]));
      return cohortIds.map((id) => byId.get(id) ?? 0);
    }),
  };
}
