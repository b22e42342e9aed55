import path from 'node:path';
import { analyse, BROWSER_APP, importGraph, sourceFiles, summary } from '../support/import-graph';

const SRC = path.resolve(__dirname, '../../../src');

/**
 * Module-level knots that remain (issue 15). Most are entity relations that point both ways
 * across modules (course/course-module/material, cohort/enrollment, assignment/submission/review,
 * a notification's subject). files/ no longer ties any of them. A change may untie them, never add
 * to them: every module cycle must fit inside one of these.
 */
const KNOWN_MODULE_CYCLES = [
  ['assignment', 'certificate', 'cohort', 'completion', 'course', 'course-module', 'enrollment', 'material', 'notification', 'progress', 'review', 'seminar', 'submission'],
];

/** Arrows running back up the floors (MODULE_ORDER): 154 before issue 15's manifests (ecd2a54), 26 once files/ had its own; only shrinks. */
const MAX_BACK_UP_ARROWS = 26;

/**
 * Issue 15 ("a house without knots"): no file may reach itself through its imports, the kernel
 * imports no feature module, and arrows running back up the floors (MODULE_ORDER) only shrink.
 * The counts printed here let later steps see the house untangle; `node
 * dist/test/support/import-graph.js <src>` prints the same for any older checkout.
 */
describe('import graph of src', () => {
  const report = analyse(SRC);

  it('reports its size, back-up arrows and how widely each feature module is imported', () => {
    console.log(summary(report));
    expect(report.files).toBeGreaterThan(0);
    expect(report.unordered).toEqual([]);
  });

  it('keeps the files kernel below the features: files/ imports only the kernel and who requested an upload (user, api-key)', () => {
    // Issue 15 item 3: features call down into files/ (uploads name their target by purpose and id), never the other way.
    const MODULES = path.join(SRC, 'modules');
    const moduleOf = (file: string): string | null => (file.startsWith(MODULES + path.sep) ? path.relative(MODULES, file).split(path.sep)[0] : null);
    const allowed = new Set(['files', 'user', 'api-key']);
    const reachedOut = [...importGraph(sourceFiles(SRC))]
      .filter(([file]) => moduleOf(file) === 'files')
      .flatMap(([file, targets]) => [...targets].filter((target) => moduleOf(target) !== null && !allowed.has(moduleOf(target)!)).map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`));
    expect(reachedOut).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(report.fileCycles.map((component) => component.join(' <-> '))).toEqual([]);
  });

  it('adds no module-level cycle, and no arrow running back up the floors', () => {
    const outside = report.moduleCycles.filter((cycle) => !KNOWN_MODULE_CYCLES.some((known) => cycle.every((name) => known.includes(name))));
    expect(outside.map((cycle) => cycle.join(' <-> '))).toEqual([]);
    expect(report.backUp.length).toBeLessThanOrEqual(MAX_BACK_UP_ARROWS);
  });

  it('has a kernel that imports nothing under modules/ (the assembly hands it the manifests)', () => {
    expect(report.kernelToFeature).toEqual([]);
  });

  it('keeps the browser app (src/web) apart: it imports nothing of the server, and the server nothing of it', () => {
    // The app speaks only the public GraphQL API; its types come from schema/schema.graphql.
    const web = path.join(SRC, BROWSER_APP) + path.sep;
    const crossing = [...importGraph(sourceFiles(SRC))].flatMap(([file, targets]) =>
      [...targets].filter((target) => file.startsWith(web) !== target.startsWith(web)).map((target) => `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`),
    );
    expect(crossing).toEqual([]);
  });
});
