import type { EntityManager } from '@mikro-orm/postgresql';
import { childrenLoader, entityByIdLoader } from '../../graphql/loaders';
import { SeminarSession } from '../seminar/seminar.entity';
import { Attendance } from './attendance.entity';

export function createAttendanceLoaders(em: EntityManager) {
  return {
    seminarSessionById: entityByIdLoader(em, SeminarSession),
    attendancesByRegistration: childrenLoader(em, Attendance, 'registration', { checkedInAt: 'asc' }),
  };
}
