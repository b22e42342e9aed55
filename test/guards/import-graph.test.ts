import path from 'node:path';
import { analyse, summary } from '../support/import-graph';

const SRC = path.resolve(__dirname, '../../../src');

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

  it('has no import cycles', () => {
    expect(report.fileCycles.map((component) => component.join(' <-> '))).toEqual([]);
  });

  it('has a kernel that imports nothing under modules/ (the assembly hands it the manifests)', () => {
    expect(report.kernelToFeature).toEqual([]);
  });
});
