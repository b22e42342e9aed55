import path from 'node:path';
import { startEmbeddedS3 } from '../../src/embedded/s3';

/**
 * The embedded object store in a process of its own: it hashes and writes every body it receives,
 * so inside the benchmark's process that work would count towards what a job is measured by.
 */
async function main(): Promise<void> {
  const s3 = await startEmbeddedS3(process.argv[2] ?? path.resolve('data', 'bench'), { bucket: 'pelita-bench', region: 'us-east-1' });
  process.send?.({ endpoint: s3.endpoint });
  process.on('disconnect', () => void s3.stop().finally(() => process.exit(0)));
}

void main();
