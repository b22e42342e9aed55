import { randomUUID } from 'node:crypto';
import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JpLedgerEntry, type JpSource } from './jp-ledger-entry.entity';

/**
 * Something that happened and earns JP: a course completed, every session of a seminar attended.
 * The JP comes from the source's own rule (a course's `jp`, a seminar's LAN rule), which the
 * owning module knows and shows before the fact; the ledger decides whether, when and how often
 * it is credited.
 */
export interface JpFact {
  source: JpSource;
  /** The enrollment or seminar registration it happened in: the learner is credited once for it. */
  sourceId: string;
  userId: string;
  /** What the learner sees in the ledger, e.g. the course's title. */
  title: string;
  jp: number;
}

/**
 * Credits each fact once per (learner, source, source id), in the caller's transaction (`em` is
 * the transaction's). The unique constraint decides, so two transactions crediting the same fact
 * at once write one entry: the later waits for the earlier's commit and then inserts nothing.
 * The entry is dated the transaction's day in Asia/Jakarta, which decides the JP year it counts for.
 * Returns the facts that were credited now (not those credited before).
 */
export async function creditJpFacts(em: EntityManager, facts: JpFact[]): Promise<JpFact[]> {
  if (!facts.length) return [];
  const byId = new Map<string, JpFact>(facts.map((fact) => [randomUUID(), fact]));
  const rows = [...byId].map(([id, fact]) => ({
    id,
    user: fact.userId,
    source: fact.source,
    sourceId: fact.sourceId,
    title: fact.title,
    jp: fact.jp,
    // The database's clock, like created_at: the same instant for every write of the transaction.
    // raw SQL: the database's clock in Jakarta's day, a value the ORM can only take as a raw() fragment
    creditedOn: raw(`(now() AT TIME ZONE 'Asia/Jakarta')::date`),
  }));
  const result = await em
    .createQueryBuilder(JpLedgerEntry)
    .insert(rows)
    .onConflict(['user', 'source', 'sourceId'])
    .ignore()
    .returning(['id'])
    .execute('run');
  return (result.rows ?? []).map((row: { id: string }) => byId.get(row.id)!);
}

/** Credits one fact (see creditJpFacts); true when it was credited now, false when it already was. */
export async function creditJp(em: EntityManager, fact: JpFact): Promise<boolean> {
  return (await creditJpFacts(em, [fact])).length === 1;
}
