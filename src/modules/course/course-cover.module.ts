import { defineModule } from '../../module';
import { CourseCoverResolver } from './course-cover.resolver';

/** A course's cover image: listed where upload/'s resolvers always loaded (schema field order). */
export const courseCoverModule = defineModule({
  name: 'course-cover',
  resolvers: [CourseCoverResolver],
});
