import { reviewResolvers } from './review.resolver';
import { Review } from './review.entity';
import { defineModule } from '../../module';

export const reviewModule = defineModule({
  name: 'review',
  entities: [Review],
  resolvers: [...reviewResolvers],
});
