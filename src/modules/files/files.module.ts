import { defineModule } from '../../module';
import { JOBS } from '../../jobs/job-names';
import { StoredBlob } from './stored-blob.entity';
import { Upload } from './upload.entity';
import { collectStorageGarbage, type RowSweep } from './upload.jobs';
import { createUploadLoaders } from './upload.loader';

/**
 * The files kernel: stored blobs, uploads and storage cleanup. The features that keep files hand
 * in their own cleanup sweeps (the assembly passes them), so files/ never names a feature.
 */
export function filesModule<K extends string>(sweeps: Record<K, RowSweep>) {
  return defineModule({
    name: 'files',
    entities: [StoredBlob, Upload],
    loaders: createUploadLoaders,
    jobs: [
      {
        name: JOBS.collectStorageGarbage,
        cron: '41 * * * *',
        run: async ({ orm, storage }) => collectStorageGarbage(orm.em.fork(), storage, sweeps),
      },
    ],
  });
}

declare module '../../context' {
  interface Loaders extends ReturnType<typeof createUploadLoaders> {}
}
