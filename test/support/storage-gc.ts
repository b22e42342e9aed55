import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, REPO_ROOT } from './pelita-process';
import { shared } from './test-env';

const run = promisify(execFile);

/** `npm run storage:gc` as an operator runs it, against a test database and the test bucket. */
export async function runStorageGc(databaseUrl: string, graceSeconds: number): Promise<{ uploads: number; versions: number; submissionFiles: number; blobs: number }> {
  const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'dist/src/cli/storage-gc.js'), '--grace-seconds', String(graceSeconds)], {
    env: {
      ...cleanEnv(),
      DATABASE_URL: databaseUrl,
      MINIO_ENDPOINT: shared('s3Endpoint'),
      MINIO_ACCESS_KEY: shared('s3AccessKey'),
      MINIO_SECRET_KEY: shared('s3SecretKey'),
      MINIO_BUCKET: shared('bucket'),
      LOG_LEVEL: 'info',
    },
  });
  const done = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .find((line) => line.msg === 'storage cleanup done');
  return { uploads: done.uploads, versions: done.versions, submissionFiles: done.submissionFiles, blobs: done.blobs };
}
