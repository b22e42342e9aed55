import { calendarResolvers } from './calendar.resolver';
import { CalendarFeed } from './calendar-feed.entity';
import { defineModule } from '../../module';

export const calendarModule = defineModule({
  name: 'calendar',
  entities: [CalendarFeed],
  resolvers: [...calendarResolvers],
});
