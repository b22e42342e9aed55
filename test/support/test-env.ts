/**
 * What the test run uses, read once from the environment (tests may read it; the app may not).
 *   TEST_DATABASE_URL   a PostgreSQL server to use (any database on it; the tests create their own).
 *                       Unset: an embedded PostgreSQL under data/test.
 *   TEST_S3_ENDPOINT, TEST_S3_ACCESS_KEY, TEST_S3_SECRET_KEY
 *                       an S3 server to use (CI: Ceph's RADOS Gateway). Unset: the embedded store,
 *                       which checks signatures and expiry like MinIO, so every test runs on both.
 *   TEST_LOG_LEVEL      app log level during tests (default silent).
 */
export const testEnv = {
  databaseUrl: process.env.TEST_DATABASE_URL || undefined,
  s3Endpoint: process.env.TEST_S3_ENDPOINT || undefined,
  s3AccessKey: process.env.TEST_S3_ACCESS_KEY ?? '',
  s3SecretKey: process.env.TEST_S3_SECRET_KEY ?? '',
  logLevel: process.env.TEST_LOG_LEVEL || 'silent',
};

/** Handed from global setup to the workers through their environment. */
export const SHARED = {
  adminUrl: 'PELITA_TEST_ADMIN_URL',
  template: 'PELITA_TEST_TEMPLATE',
  s3Endpoint: 'PELITA_TEST_S3_ENDPOINT',
  s3AccessKey: 'PELITA_TEST_S3_ACCESS_KEY',
  s3SecretKey: 'PELITA_TEST_S3_SECRET_KEY',
  bucket: 'PELITA_TEST_BUCKET',
} as const;

export function shared(name: keyof typeof SHARED): string {
  const value = process.env[SHARED[name]];
  if (!value) throw new Error(`${SHARED[name]} is not set: run the tests through jest (global setup)`);
  return value;
}
