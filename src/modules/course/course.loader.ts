import type { EntityManager } from '@mikro-orm/postgresql';
import { entityByIdLoader, leanChildrenLoader } from '../../graphql/loaders';
import { CourseModule } from '../course-module/course-module.entity';
import { Material } from '../material/material.entity';
import { instructorsLoader } from '../user/instructors.loader';
import { Course } from './course.entity';

export function createCourseLoaders(em: EntityManager) {
  return {
    courseById: entityByIdLoader(em, Course),
    moduleById: entityByIdLoader(em, CourseModule),
    materialById: entityByIdLoader(em, Material),
    modulesByCourse: leanChildrenLoader(em, CourseModule, 'course', { position: 'asc' }),
    materialsByModule: leanChildrenLoader(em, Material, 'module', { position: 'asc' }),
    instructorsByCourse: instructorsLoader(em, { table: 'course_instructors', ownerColumn: 'course_id' }),
  };
}
