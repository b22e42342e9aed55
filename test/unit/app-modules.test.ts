import type { EntityManager } from '@mikro-orm/postgresql';
import { entities, jobs, MODULES, resolvers } from '../../src/app-modules';
import { JOBS } from '../../src/jobs/job-names';
import { KERNEL_JOBS } from '../../src/jobs/worker';

/** The assembly of the module manifests (issue 15): each part is brought by exactly one module. */
describe('module manifests', () => {
  it('name each module once', () => {
    const names = MODULES.map((module) => module.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('bring each entity and each resolver once', () => {
    expect(new Set(entities).size).toBe(entities.length);
    expect(new Set(resolvers).size).toBe(resolvers.length);
  });

  it('run every job queue, with the kernel’s own, each once', () => {
    const names = jobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names, ...KERNEL_JOBS.map((job) => job.name)].sort()).toEqual(Object.values(JOBS).sort());
  });

  it('give their loaders names no other module uses (one would silently replace the other)', () => {
    // Building DataLoaders runs no query: a stand-in EntityManager is enough to read their names.
    const em = {} as EntityManager;
    const owners = new Map<string, string[]>();
    for (const module of MODULES) {
      for (const name of Object.keys(module.loaders?.(em) ?? {})) owners.set(name, [...(owners.get(name) ?? []), module.name]);
    }
    expect([...owners].filter(([, by]) => by.length > 1)).toEqual([]);
    expect(owners.size).toBeGreaterThan(0);
  });
});
