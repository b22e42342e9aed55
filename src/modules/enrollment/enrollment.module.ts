import { EnrollmentResolver, CourseEnrollmentResolver } from './enrollment.resolver';
import { Enrollment } from './enrollment.entity';
import { createEnrollmentLoaders } from './enrollment.loader';
import { defineModule } from '../../module';

export const enrollmentModule = defineModule({
  name: 'enrollment',
  entities: [Enrollment],
  resolvers: [EnrollmentResolver, CourseEnrollmentResolver],
  loaders: createEnrollmentLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createEnrollmentLoaders> {}
}
