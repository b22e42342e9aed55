import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sourceFiles } from './import-graph';

/**
 * Raw SQL in src: a statement handed to the driver (`em.execute('…')`, `connection.query`), a
 * `raw()` fragment or a SQL string in a query builder's where. MikroORM's query builder
 * `.execute('run')` is not one. Each site needs a reason on the line, or a `raw SQL:` comment at
 * most four lines above it, saying what MikroORM cannot express there.
 */
const SITE = [
  /\bexecute(<.*>)?\(\s*($|[`'"](?!(run|all|get)['"]\s*[,)]))/, // em.execute('…'), tx.execute(`…`), connection.execute(…)
  /\bexecute<\s*$/, // em.execute<\n  Row[]>(…), its type on the next lines
  /\.query\(\s*[`'"a-z]/, // a pg or knex connection's query
  /\braw\(/, // MikroORM's raw() fragment
  /\b(and|or)?[wW]here\(\s*[`'"]/, // a query builder's SQL-string where
];
export const REASON = /raw SQL: \S/i;

export interface RawSqlSite {
  file: string;
  line: number;
  text: string;
  reason: boolean;
}

export function rawSqlSites(src: string): RawSqlSite[] {
  return sourceFiles(src).flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    return lines.flatMap((text, index) => {
      const code = text.trim();
      if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return [];
      const whereOnNextLine = /[wW]here\(\s*$/.test(text) && /^\s*[`'"]/.test(lines[index + 1] ?? '');
      if (!whereOnNextLine && !SITE.some((pattern) => pattern.test(text))) return [];
      const reason = lines.slice(Math.max(0, index - 4), index + 1).some((line) => REASON.test(line));
      return [{ file: path.relative(src, file), line: index + 1, text: code, reason }];
    });
  });
}

if (require.main === module) {
  const src = path.resolve(process.argv[2] ?? path.resolve(__dirname, '../../../src'));
  const sites = rawSqlSites(src);
  console.log(`${src}\nraw SQL sites: ${sites.length}, with a reason: ${sites.filter((site) => site.reason).length}`);
  if (process.argv.includes('--list')) for (const site of sites) console.log(`${site.reason ? '+' : '-'} ${site.file}:${site.line} ${site.text.slice(0, 120)}`);
}
