import type { Context } from '../../context';
import { badField } from '../../errors';
import { canRecordProgress } from '../progress/progress.policy';
import { JpLedgerEntry } from './jp-ledger-entry.entity';

/** JP years follow the calendar in Asia/Jakarta, where credits are dated. */
export function jakartaYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(now));
}

/** The caller's entries credited in a year (this year when not given), oldest first. */
export async function myJpEntries(ctx: Context, year?: number | null): Promise<JpLedgerEntry[]> {
  if (!canRecordProgress(ctx.caller)) return [];
  const wanted = year ?? jakartaYear();
  if (!Number.isInteger(wanted) || wanted < 2000 || wanted > 2100) throw badField('year', 'must be a year between 2000 and 2100');
  return ctx.em.find(
    JpLedgerEntry,
    { user: ctx.caller.userId, creditedOn: { $gte: `${wanted}-01-01`, $lte: `${wanted}-12-31` } },
    { orderBy: { creditedOn: 'asc', createdAt: 'asc' } },
  );
}

export const totalJp = (entries: JpLedgerEntry[]) => Math.round(entries.reduce((sum, entry) => sum + Number(entry.jp), 0) * 10) / 10;
