import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { childrenLoader, entityByIdLoader } from '../../graphql/loaders';
import { CourseModule } from '../course-module/course-module.entity';
import { Material } from '../material/material.entity';
import { User } from '../user/user.entity';
import { Course } from './course.entity';

export function createCourseLoaders(em: EntityManager) {
  return {
    courseById: entityByIdLoader(em, Course),
    moduleById: entityByIdLoader(em, CourseModule),
    materialById: entityByIdLoader(em, Material),
    modulesByCourse: childrenLoader(em, CourseModule, 'course', { position: 'asc' }),
    materialsByModule: childrenLoader(em, Material, 'module', { position: 'asc' }),
    instructorsByCourse: new DataLoader<string, User[]>(async (courseIds) => {
      const links = await em.execute<{ course_id: string; user_id: string }[]>(
        `SELECT course_id, user_id FROM course_instructors WHERE course_id IN (${courseIds.map(() => '?').join(', ')})`,
        [...courseIds],
      );
      const users = links.length ? await em.find(User, { id: { $in: links.map((link) => link.user_id) } }) : [];
      const byId = new Map(users.map((user) => [user.id, user]));
      return courseIds.map((courseId) =>
        links.filter((link) => link.course_id === courseId).flatMap((link) => byId.get(link.user_id) ?? []),
      );
    }),
  };
}
