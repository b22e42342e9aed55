import type { EntityManager } from '@mikro-orm/postgresql';
import { collectStorageGarbage as collectFileGarbage, STORAGE_GC_GRACE_SECONDS } from '../modules/files/upload.jobs';
import { removeSupersededVersions } from '../modules/material/material-file.jobs';
import { removeUnusedSubmissionFiles } from '../modules/submission/submission-file.jobs';
import type { ObjectStorage } from '../storage/storage.port';

export { STORAGE_GC_GRACE_SECONDS };

/**
 * Storage cleanup as the worker and `npm run storage:gc` run it: the files kernel's collection
 * with the features' own sweeps (superseded material versions, submission files nobody used).
 * Composed here, above the modules, because the kernel imports no feature.
 */
export function collectStorageGarbage(em: EntityManager, storage: ObjectStorage, options: { graceSeconds?: number } = {}) {
  return collectFileGarbage(em, storage, { versions: removeSupersededVersions, submissionFiles: removeUnusedSubmissionFiles }, options);
}
