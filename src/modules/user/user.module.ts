import { UserResolver } from './user.resolver';
import { User } from './user.entity';
import { defineModule } from '../../module';

export const userModule = defineModule({
  name: 'user',
  entities: [User],
  resolvers: [UserResolver],
});
