import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');
const LEDGER = path.join(SRC, 'modules', 'jp-ledger');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

const TABLE = String.raw`"?jp_ledger_entries"?`;
const ENTITY = String.raw`JpLedgerEntry\b`;

/** Ways of writing the ledger: SQL on its table, or the ORM on its entity. Reads (reports) do not match. */
const WRITES: [string, RegExp][] = [
  ['INSERT INTO jp_ledger_entries', new RegExp(String.raw`\binsert\s+into\s+${TABLE}`, 'i')],
  ['UPDATE jp_ledger_entries', new RegExp(String.raw`\bupdate\s+${TABLE}`, 'i')],
  ['DELETE FROM jp_ledger_entries', new RegExp(String.raw`\bdelete\s+from\s+${TABLE}`, 'i')],
  ['TRUNCATE jp_ledger_entries', new RegExp(String.raw`\btruncate\s+(table\s+)?[^;]*${TABLE}`, 'i')],
  ['MERGE INTO jp_ledger_entries', new RegExp(String.raw`\bmerge\s+into\s+${TABLE}`, 'i')],
  [
    'em.create/insert/upsert/nativeUpdate/nativeDelete of JpLedgerEntry',
    new RegExp(String.raw`\.(create|insert|insertMany|upsert|upsertMany|nativeUpdate|nativeDelete)\s*(<[^>]*>)?\s*\(\s*${ENTITY}`),
  ],
  ['new JpLedgerEntry', new RegExp(String.raw`\bnew\s+${ENTITY}`)],
  // A query builder on the entity may read; it writes only through these calls.
  ['query builder writing JpLedgerEntry', new RegExp(String.raw`createQueryBuilder\s*\(\s*${ENTITY}[\s\S]{0,200}?\.(insert|update|delete|truncate)\s*\(`)],
  // persist/remove of an entry loaded or built elsewhere: a file that names the entity and persists.
  ['em.persist/remove in a file naming JpLedgerEntry', new RegExp(String.raw`${ENTITY}[\s\S]*\.(persist|persistAndFlush|remove|removeAndFlush)\s*\(|\.(persist|persistAndFlush|remove|removeAndFlush)\s*\([\s\S]*${ENTITY}`)],
];

const writesIn = (text: string) => WRITES.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);

/**
 * One writer per fact: the JP ledger alone writes jp_ledger_entries. Completion and check-in
 * state what happened through its service (jp-ledger.credits.ts); reports only read the table.
 */
describe('the JP ledger is the only writer of jp_ledger_entries', () => {
  it('no file outside src/modules/jp-ledger writes the table or the entity', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !file.startsWith(LEDGER + path.sep))
      .flatMap((file) => writesIn(readFileSync(file, 'utf8')).map((what) => `${path.relative(SRC, file)}: ${what}`));
    expect(offenders).toEqual([]);
  });

  it('recognises the writes it forbids, and not the reads', () => {
    expect(writesIn(`INSERT INTO jp_ledger_entries (id) SELECT 1 ON CONFLICT (user_id, source, source_id) DO NOTHING`)).toHaveLength(1);
    expect(writesIn(`update "jp_ledger_entries" set jp = 1`)).toHaveLength(1);
    expect(writesIn(`DELETE FROM jp_ledger_entries WHERE id = ?`)).toHaveLength(1);
    expect(writesIn(`tx.em.create(JpLedgerEntry, { jp: 1 })`)).toHaveLength(1);
    expect(writesIn(`em.createQueryBuilder(JpLedgerEntry).insert(rows)`)).toHaveLength(1);
    expect(writesIn(`FROM jp_ledger_entries l JOIN asn ON asn.id = l.user_id`)).toEqual([]);
    expect(writesIn(`@Field(() => [JpLedgerEntry]) jpEntries!: JpLedgerEntry[];`)).toEqual([]);
  });
});
