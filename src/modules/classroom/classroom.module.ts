import { classroomResolvers } from './cohort-session.resolver';
import { CohortSession, CohortSessionAttendance } from './cohort-session.entity';
import { createCohortSessionLoaders } from './cohort-session.loader';
import { defineModule } from '../../module';

export const classroomModule = defineModule({
  name: 'classroom',
  entities: [CohortSession, CohortSessionAttendance],
  resolvers: [...classroomResolvers],
  loaders: createCohortSessionLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createCohortSessionLoaders> {}
}
