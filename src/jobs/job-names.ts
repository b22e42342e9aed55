/** Every job the worker runs, by queue name. */
export const JOBS = {
  purgeExpiredIdentityRecords: 'identity.purge-expired-records',
  collectStorageGarbage: 'storage.collect-garbage',
  renderCertificatePdf: 'certificate.render-pdf',
  exportJpRecords: 'report.export-jp-records',
  purgeIdleQueryBudgets: 'throttle.purge-idle-budgets',
  purgeExpiredIdempotencyKeys: 'graphql.purge-expired-idempotency-keys',
  purgeIdlePersistedQueries: 'graphql.purge-idle-persisted-queries',
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS];
