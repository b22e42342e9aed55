import type { EntityManager } from '@mikro-orm/postgresql';
import { childrenLoader, entityByIdLoader } from '../../graphql/loaders';
import { CohortSession } from './cohort-session.entity';

export function createCohortSessionLoaders(em: EntityManager) {
  return {
    cohortSessionById: entityByIdLoader(em, CohortSession),
    sessionsByCohort: childrenLoader(em, CohortSession, 'cohort', { startsAt: 'asc' }),
  };
}
