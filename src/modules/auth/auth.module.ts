import { AuthResolver } from './auth.resolver';
import { ViewerResolver } from './viewer.resolver';
import { RefreshToken } from './refresh-token.entity';
import { LoginThrottle } from './login-throttle.entity';
import { purgeExpiredIdentityRecords } from './auth.jobs';
import { JOBS } from '../../jobs/job-names';
import { defineModule } from '../../module';

export const authModule = defineModule({
  name: 'auth',
  entities: [RefreshToken, LoginThrottle],
  resolvers: [AuthResolver, ViewerResolver],
  jobs: [
    {
      name: JOBS.purgeExpiredIdentityRecords,
      cron: '17 * * * *',
      run: async ({ orm }) => purgeExpiredIdentityRecords(orm.em.fork()),
    },
  ],
});
