import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { entityByIdLoader, isUuid } from '../../graphql/loaders';
import { User } from '../user/user.entity';
import { Enrollment } from './enrollment.entity';

export const enrollmentKey = (userId: string, courseId: string) => `${userId}:${courseId}`;

export function createEnrollmentLoaders(em: EntityManager) {
  return {
    userById: entityByIdLoader(em, User),
    enrollmentById: entityByIdLoader(em, Enrollment),
    /** Keyed by enrollmentKey(user, course); in practice one user (the caller) and many courses. */
    enrollmentByUserAndCourse: new DataLoader<string, Enrollment | null>(async (keys) => {
      const pairs = keys.map((key) => key.split(':')).filter(([userId, courseId]) => isUuid(userId) && isUuid(courseId ?? ''));
      const userIds = [...new Set(pairs.map(([userId]) => userId))];
      const courseIds = [...new Set(pairs.map(([, courseId]) => courseId))];
      const rows = pairs.length ? await em.find(Enrollment, { user: { $in: userIds }, course: { $in: courseIds } }) : [];
      const byKey = new Map(rows.map((row) => [enrollmentKey(row.user.id, row.course.id), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    }),
  };
}
