import { CohortResolver, CourseCohortsResolver } from './cohort.resolver';
import { Cohort } from './cohort.entity';
import { createCohortLoaders } from './cohort.loader';
import { defineModule } from '../../module';

export const cohortModule = defineModule({
  name: 'cohort',
  entities: [Cohort],
  resolvers: [CohortResolver, CourseCohortsResolver],
  loaders: createCohortLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createCohortLoaders> {}
}
