import { certificateResolvers } from './certificate.resolver';
import { Certificate } from './certificate.entity';
import { createCertificateLoaders } from './certificate.loader';
import { renderAndStoreCertificate } from './certificate.pdf';
import { JOBS } from '../../jobs/job-names';
import { defineModule } from '../../module';

export const certificateModule = defineModule({
  name: 'certificate',
  entities: [Certificate],
  resolvers: [...certificateResolvers],
  loaders: createCertificateLoaders,
  jobs: [
    {
      name: JOBS.renderCertificatePdf,
      run: async ({ orm, storage, publicBaseUrl }, data) => renderAndStoreCertificate(orm.em.fork(), storage, publicBaseUrl, String(data.certificateId)),
    },
  ],
});

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createCertificateLoaders> {}
}
