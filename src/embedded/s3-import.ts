import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileStore } from './s3-store';

const OBJECT_SUFFIX = '._S3rver_object';
const METADATA_SUFFIX = '._S3rver_metadata.json';

/**
 * Until this release the embedded store was s3rver, keeping objects under DATA_DIR/s3. Those
 * objects (materials, certificates of a developer's demo) are copied into the new store once, and
 * the old folder is renamed, so an existing ./data keeps working. Answers how many were copied.
 */
export async function importS3rverData(oldRoot: string, store: FileStore): Promise<number> {
  if (!existsSync(oldRoot)) return 0;
  let count = 0;
  for (const bucket of await readdir(oldRoot)) {
    const bucketDir = path.join(oldRoot, bucket);
    if (!(await stat(bucketDir)).isDirectory()) continue;
    if (!(await store.bucketExists(bucket))) await store.createBucket(bucket);
    for (const objectFile of await findObjects(bucketDir)) {
      const relative = path.relative(bucketDir, objectFile);
      const key = relative.slice(0, -OBJECT_SUFFIX.length).split(path.sep).join('/');
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      try {
        Object.assign(headers, JSON.parse(await readFile(objectFile.slice(0, -OBJECT_SUFFIX.length) + METADATA_SUFFIX, 'utf8')));
      } catch {
        // No metadata file: s3rver's defaults.
      }
      const file = store.newIncomingFile();
      await copyFile(objectFile, file);
      const md5 = createHash('md5');
      const sha256 = createHash('sha256');
      for await (const chunk of createReadStream(file)) {
        md5.update(chunk as Buffer);
        sha256.update(chunk as Buffer);
      }
      await store.put(bucket, key, { file, size: (await stat(file)).size, md5: md5.digest(), sha256: sha256.digest() }, headers);
      count += 1;
    }
  }
  const moved = `${oldRoot}.s3rver-imported`;
  await rm(moved, { recursive: true, force: true });
  await rename(oldRoot, moved);
  return count;
}

async function findObjects(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findObjects(full)));
    else if (entry.name.endsWith(OBJECT_SUFFIX)) found.push(full);
  }
  return found;
}
