import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { entityByIdLoader, isUuid, leanChildrenLoader } from '../../graphql/loaders';
import { CourseModule } from '../course-module/course-module.entity';
import { Material, MaterialVersion } from '../material/material.entity';
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
    // Materials' files: here with the rest of the catalogue, since the files kernel knows no material.
    materialVersionById: entityByIdLoader(em, MaterialVersion),
    /** Every version of each material of a tick, newest first, in one query. */
    versionsByMaterialId: new DataLoader<string, MaterialVersion[]>(async (materialIds) => {
      const wellFormed = materialIds.filter(isUuid);
      const versions = wellFormed.length
        ? await em.find(MaterialVersion, { material: { $in: wellFormed } }, { orderBy: { version: 'desc' } })
        : [];
      return materialIds.map((id) => versions.filter((version) => version.material.id === id));
    }),
  };
}
