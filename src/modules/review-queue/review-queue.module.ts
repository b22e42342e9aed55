import { reviewQueueResolvers } from './review-queue.resolver';
import { defineModule } from '../../module';

export const reviewQueueModule = defineModule({
  name: 'review-queue',
  resolvers: [...reviewQueueResolvers],
});
