import path from 'node:path';
import { rawSqlSites } from '../support/raw-sql';

const SRC = path.resolve(__dirname, '../../../src');

/**
 * Being reworked on other branches (upload/ into files/, progress/'s services): their raw SQL gets
 * its reasons when those land. Remove an entry once its folder is done.
 */
const NOT_YET_EXPLAINED: string[] = [];

/**
 * Issue 15: raw SQL only where MikroORM cannot express it, each with a one-line reason
 * (`// raw SQL: …` on or at most four lines above the statement).
 */
describe('raw SQL in src', () => {
  const sites = rawSqlSites(SRC);

  it('reports how many statements bypass the ORM and how many say why', () => {
    console.log(`raw SQL sites: ${sites.length}, with a reason: ${sites.filter((site) => site.reason).length}`);
    expect(sites.length).toBeGreaterThan(0);
  });

  it('says at each site why MikroORM cannot express it', () => {
    const unexplained = sites.filter((site) => !site.reason && !NOT_YET_EXPLAINED.some((folder) => site.file.startsWith(folder)));
    expect(unexplained.map((site) => `${site.file}:${site.line} ${site.text}`)).toEqual([]);
  });
});
