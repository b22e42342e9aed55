import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The import graph of a src folder and the numbers issue 15 measures (files, arrows, cycles,
 * arrows running back up, importers per module). The guard test asserts on it; run directly it
 * prints the same numbers for any checkout, so "before" and "after" come from one tool:
 *
 *   git worktree add /tmp/old <commit> && node dist/test/support/import-graph.js /tmp/old/src
 */

/**
 * Feature modules from bottom to top (ARCHITECTURE.md's floors): a module may import the kernel
 * and modules before it in this list, never one after it. Names absent from a checkout are
 * skipped (upload/ is becoming files/). An arrow from a file to a file of a later module (or from
 * the kernel to any module) runs back up.
 */
export const MODULE_ORDER: readonly (readonly string[])[] = [
  // shared helpers (common/ before it became kernel files)
  ['common'],
  // identity (auth authenticates users and API keys, so it sits above both)
  ['organization', 'user', 'api-key', 'auth', 'throttle'],
  // low: owners that others call
  ['notification', 'jp-ledger', 'files', 'upload'],
  // middle: catalogue, cohorts and seminars; then what certifies and completes them (certificate
  // covers courses and seminars), and what learners do in them
  [
    'course',
    'course-module',
    'material',
    'cohort',
    'enrollment',
    'seminar',
    'certificate',
    'completion',
    'progress',
    'quiz',
    'assignment',
    'submission',
    'review',
    'comment',
    'coaching',
    'evaluation',
    'check-in',
    'classroom',
    'attendance',
    'calendar',
  ],
  // top: read models
  ['learning', 'review-queue', 'report'],
];

/** Files that assemble the application from the modules: they may import any module. */
const ASSEMBLY = ['app.ts', 'main.ts', 'worker.ts', 'app-modules.ts', 'cli', 'demo', 'content'];

export type Node = string; // a feature module's name, 'kernel' or 'assembly'

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    // .tsx: the browser app's components, so an import between it and the server is seen there too.
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The src file a relative specifier names (with or without .js, or a folder's index.ts); null outside src. */
function resolveRelative(files: Set<string>, from: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [...(base.endsWith('.js') ? [base.replace(/\.js$/, '.ts')] : []), `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  return candidates.find((candidate) => files.has(candidate)) ?? null;
}

/**
 * Every arrow between src files: static imports and re-exports, `import type` included (a type
 * still ties two files to each other's changes), and dynamic `import()`.
 */
export function importGraph(files: string[]): Map<string, Set<string>> {
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

/** Tarjan's strongly connected components; a cycle is one of more than one node, or a self-arrow. */
export function cycles<T>(graph: Map<T, Set<T>>): T[][] {
  let counter = 0;
  const index = new Map<T, number>();
  const lowLink = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const found: T[][] = [];

  const visit = (node: T): void => {
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
    const component: T[] = [];
    let member: T;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) found.push(component);
  };

  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

export interface GraphReport {
  src: string;
  graph: Map<string, Set<string>>;
  nodeOf(file: string): Node;
  files: number;
  arrows: number;
  /** File-level cycles, as src-relative paths. */
  fileCycles: string[][];
  /** Module-level cycles (feature modules, 'kernel', 'assembly'). */
  moduleCycles: string[][];
  /** File arrows from the kernel into modules/. */
  kernelToFeature: string[];
  /** File arrows from a module to a later one in MODULE_ORDER (kernel→feature arrows included). */
  backUp: string[];
  /** Modules found under modules/ but missing from MODULE_ORDER. */
  unordered: string[];
  /** Per feature module: the other feature modules and the kernel that import it (not the assembly). */
  importers: { name: string; by: string[] }[];
}

/**
 * The browser app (src/web) is not part of the server's house: it imports nothing from it (it
 * speaks only the public GraphQL API), has its own build, and would only swell the kernel's count.
 */
export const BROWSER_APP = 'web';

export function analyse(src: string): GraphReport {
  const modules = path.join(src, 'modules');
  const browserApp = path.join(src, BROWSER_APP) + path.sep;
  const graph = importGraph(sourceFiles(src).filter((file) => !file.startsWith(browserApp)));
  const nodeOf = (file: string): Node => {
    if (file.startsWith(modules + path.sep)) return path.relative(modules, file).split(path.sep)[0];
    return ASSEMBLY.includes(path.relative(src, file).split(path.sep)[0]) ? 'assembly' : 'kernel';
  };
  const order = MODULE_ORDER.flat();
  const present = existsSync(modules) ? readdirSync(modules, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
  const rank = (node: Node): number => (node === 'kernel' ? -1 : node === 'assembly' ? Infinity : order.indexOf(node));

  const relative = (file: string) => path.relative(src, file);
  const moduleGraph = new Map<string, Set<string>>();
  const importerSets = new Map<string, Set<string>>();
  const kernelToFeature: string[] = [];
  const backUp: string[] = [];
  let arrows = 0;
  for (const [file, targets] of graph) {
    const from = nodeOf(file);
    if (!moduleGraph.has(from)) moduleGraph.set(from, new Set());
    for (const target of targets) {
      arrows++;
      const to = nodeOf(target);
      if (from === to) continue;
      moduleGraph.get(from)!.add(to);
      const arrow = `${relative(file)} -> ${relative(target)}`;
      if (from === 'kernel' && to !== 'assembly') kernelToFeature.push(arrow);
      if (rank(to) > rank(from)) backUp.push(arrow);
      if (to !== 'kernel' && to !== 'assembly' && from !== 'assembly') importerSets.set(to, (importerSets.get(to) ?? new Set()).add(from));
    }
  }
  const importers = [...importerSets]
    .map(([name, by]) => ({ name, by: [...by].sort() }))
    .sort((a, b) => b.by.length - a.by.length || a.name.localeCompare(b.name));
  return {
    src,
    graph,
    nodeOf,
    files: graph.size,
    arrows,
    fileCycles: cycles(graph).map((component) => component.map(relative).sort()),
    moduleCycles: cycles(moduleGraph).map((component) => component.sort()),
    kernelToFeature,
    backUp,
    unordered: present.filter((name) => !order.includes(name)),
    importers,
  };
}

export function summary(report: GraphReport): string {
  const top = report.importers[0];
  return [
    `files: ${report.files}`,
    `import arrows: ${report.arrows}`,
    `file cycles: ${report.fileCycles.length}`,
    `module cycles: ${report.moduleCycles.length} (sizes ${report.moduleCycles.map((c) => c.length).join(', ') || '-'})${report.moduleCycles.map((c) => `\n  ${c.join(' <-> ')}`).join('')}`,
    `kernel -> feature arrows: ${report.kernelToFeature.length}`,
    `arrows running back up: ${report.backUp.length}`,
    `most imported module: ${top?.name} (by ${top?.by.length} other modules or the kernel)`,
    `importers per module: ${report.importers.map(({ name, by }) => `${name} ${by.length}`).join(', ')}`,
    ...(report.unordered.length ? [`modules missing from MODULE_ORDER: ${report.unordered.join(', ')}`] : []),
  ].join('\n');
}

if (require.main === module) {
  const src = path.resolve(process.argv[2] ?? path.resolve(__dirname, '../../../src'));
  const report = analyse(src);
  console.log(`${src}\n${summary(report)}`);
  if (process.argv.includes('--back-up')) console.log(report.backUp.join('\n'));
}
