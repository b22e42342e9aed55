import { CourseResolver } from './course.resolver';
import { Course } from './course.entity';
import { createCourseLoaders } from './course.loader';
import { defineModule } from '../../module';

export const courseModule = defineModule({
  name: 'course',
  entities: [Course],
  resolvers: [CourseResolver],
  loaders: createCourseLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createCourseLoaders> {}
}
