import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '../../../src');
const MODULES = path.join(SRC, 'modules');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The src file a relative specifier names (with or without .js, or a folder's index.ts); null outside src. */
function resolveRelative(files: Set<string>, from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [...(base.endsWith('.js') ? [base.replace(/\.js$/, '.ts')] : []), `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((candidate) => files.has(candidate)) ?? null;
}

/**
 * Every arrow between src files: static imports and re-exports, `import type` included (a type
 * still ties two files to each other's changes), and dynamic `import()`.
 */
function importGraph(files: string[]): Map<string, Set<string>> {
  const known = new Set(files);
  const graph = new Map<string, Set<string>>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveRelative(known, file, fileName);
      if (target) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Tarjan's strongly connected components; a cycle is one of more than one file, or a self-import. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, counter);
    lowLink.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowLink.set(node, Math.min(lowLink.get(node)!, lowLink.get(next)!));
      } else if (onStack.has(next)) {
        lowLink.set(node, Math.min(lowLink.get(node)!, index.get(next)!));
      }
    }
    if (lowLink.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)!.has(node)) found.push(component);
  };

  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const moduleOf = (file: string): string | null =>
  file.startsWith(MODULES + path.sep) ? path.relative(MODULES, file).split(path.sep)[0] : null;

/**
 * Issue 15 ("a house without knots"): no file may reach itself through its imports. The counts
 * printed here let later steps see the house untangle (fewer arrows, fewer importers per module).
 */
describe('import graph of src', () => {
  const graph = importGraph(sourceFiles(SRC));

  it('reports its size and how widely each feature module is imported', () => {
    const importers = new Map<string, Set<string>>();
    for (const [file, targets] of graph) {
      for (const target of targets) {
        const [from, to] = [moduleOf(file), moduleOf(target)];
        if (!to || from === to) continue;
        importers.set(to, (importers.get(to) ?? new Set()).add(from ?? 'kernel'));
      }
    }
    const ranking = [...importers].map(([name, by]) => ({ name, importedBy: by.size })).sort((a, b) => b.importedBy - a.importedBy || a.name.localeCompare(b.name));
    const arrows = [...graph.values()].reduce((sum, targets) => sum + targets.size, 0);
    console.log(
      [
        `files: ${graph.size}`,
        `import arrows: ${arrows}`,
        `cycles: ${cycles(graph).length}`,
        `most imported module: ${ranking[0]?.name} (by ${ranking[0]?.importedBy} other modules or the kernel)`,
        `importers per module: ${ranking.map(({ name, importedBy }) => `${name} ${importedBy}`).join(', ')}`,
      ].join('\n'),
    );
    expect(graph.size).toBeGreaterThan(0);
  });

  it('keeps the files kernel below the features: files/ imports only identity modules and the kernel', () => {
    // Issue 15 item 3: features call down into files/ (uploads name their target by purpose and id), never the other way.
    const allowed = new Set(['files', 'common', 'user', 'api-key', 'auth']);
    const reachedOut = [...graph]
      .filter(([file]) => moduleOf(file) === 'files')
      .flatMap(([file, targets]) => [...targets].filter((target) => moduleOf(target) !== null && !allowed.has(moduleOf(target)!)).map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`));
    expect(reachedOut).toEqual([]);
  });

  it('has no import cycles', () => {
    const described = cycles(graph).map((component) => component.map((file) => path.relative(SRC, file)).sort().join(' <-> '));
    expect(described).toEqual([]);
  });
});
