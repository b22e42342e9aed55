import { reportResolvers } from './report.resolver';
import { JpExport } from './jp-export.entity';
import { runJpExport } from './jp-export.job';
import { JOBS } from '../../jobs/job-names';
import { defineModule } from '../../module';

export const reportModule = defineModule({
  name: 'report',
  entities: [JpExport],
  resolvers: [...reportResolvers],
  jobs: [
    {
      name: JOBS.exportJpRecords,
      run: async ({ orm, storage, logger }, data) => runJpExport(orm.em.fork(), storage, logger, String(data.exportId)),
    },
  ],
});
