import { coachingResolvers } from './coaching.resolver';
import { CoachingNote } from './coaching-note.entity';
import { createCoachingLoaders } from './coaching.loader';
import { defineModule } from '../../module';

export const coachingModule = defineModule({
  name: 'coaching',
  entities: [CoachingNote],
  resolvers: [...coachingResolvers],
  loaders: createCoachingLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createCoachingLoaders> {}
}
