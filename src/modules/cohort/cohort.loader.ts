import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { childrenLoader, entityByIdLoader, isUuid } from '../../graphql/loaders';
import { placeholders } from '../../db/sql';
import { instructorsLoader } from '../user/instructors.loader';
import { Cohort } from './cohort.entity';

export function createCohortLoaders(em: EntityManager) {
  return {
    cohortById: entityByIdLoader(em, Cohort),
    /** Each course's cohorts, the latest run first, in one query per tick however many courses are listed. */
    cohortsByCourse: childrenLoader(em, Cohort, 'course', { startsOn: 'desc', name: 'asc' }),
    instructorsByCohort: instructorsLoader(em, { table: 'cohort_instructors', ownerColumn: 'cohort_id' }),
    /** Seats taken: only ACTIVE enrollments hold a seat (withdrawn ones gave theirs back). */
    activeCountByCohort: new DataLoader<string, number>(async (cohortIds) => {
      const ids = cohortIds.filter(isUuid);
      const rows = ids.length
        // raw SQL: a grouped count per cohort for the DataLoader batch, without loading enrollments
        ? await em.execute<{ cohort_id: string; count: string }[]>(
            `SELECT cohort_id, count(*) AS count FROM enrollments WHERE status = 'ACTIVE' AND cohort_id IN (${placeholders(ids.length)}) GROUP BY cohort_id`,
            ids,
          )
        : [];
      const byId = new Map(rows.map((row) => [row.cohort_id, Number(row.count)]));
      return cohortIds.map((id) => byId.get(id) ?? 0);
    }),
  };
}
