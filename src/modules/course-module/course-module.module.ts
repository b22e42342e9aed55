import { CourseModuleResolver } from './course-module.resolver';
import { CourseModule } from './course-module.entity';
import { defineModule } from '../../module';

export const courseModuleModule = defineModule({
  name: 'course-module',
  entities: [CourseModule],
  resolvers: [CourseModuleResolver],
});
