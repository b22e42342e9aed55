import { learningResolvers } from './learning.resolver';
import { defineModule } from '../../module';

export const learningModule = defineModule({
  name: 'learning',
  resolvers: [...learningResolvers],
});
