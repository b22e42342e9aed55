import { QueryBudget } from './query-budget.entity';
import { purgeIdleQueryBudgets } from './throttle.jobs';
import { JOBS } from '../../jobs/job-names';
import { defineModule } from '../../module';

export const throttleModule = defineModule({
  name: 'throttle',
  entities: [QueryBudget],
  jobs: [
    {
      name: JOBS.purgeIdleQueryBudgets,
      cron: '29 * * * *',
      run: async ({ orm }) => purgeIdleQueryBudgets(orm.em.fork()),
    },
  ],
});
