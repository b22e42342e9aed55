import { notificationResolvers } from './notification.resolver';
import { Notification } from './notification.entity';
import { defineModule } from '../../module';

export const notificationModule = defineModule({
  name: 'notification',
  entities: [Notification],
  resolvers: [...notificationResolvers],
});
