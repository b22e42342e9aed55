import type { EntityManager } from '@mikro-orm/postgresql';
import { entityByIdLoader } from '../../graphql/loaders';
import { SeminarSession } from '../seminar/seminar.entity';

export function createAttendanceLoaders(em: EntityManager) {
  return {
    seminarSessionById: entityByIdLoader(em, SeminarSession),
  };
}
