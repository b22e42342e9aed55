import { progressResolvers } from './progress.resolver';
import { ProgressEvent } from './progress-event.entity';
import { MaterialProgress } from './material-progress.entity';
import { createProgressLoaders } from './progress.loader';
import { defineModule } from '../../module';

export const progressModule = defineModule({
  name: 'progress',
  entities: [ProgressEvent, MaterialProgress],
  resolvers: [...progressResolvers],
  loaders: createProgressLoaders,
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createProgressLoaders> {}
}
