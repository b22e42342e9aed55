import type { Context } from '../../context';
import { badField } from '../../errors';
import { isPerson } from '../../identity';
import { JpLedgerEntry } from './jp-ledger-entry.entity';

/** JP years follow the calendar in Asia/Jakarta, where credits are dated. */
export function jakartaYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(now));
}

/** A JP year: the ledger's credited_on dates and the Jakarta instants that bound it. */
export interface JpYear {
  year: number;
  firstDay: string;
  lastDay: string;
  /** Start of the year and of the next one in Asia/Jakarta (UTC+7 all year, no daylight saving). */
  startsAt: string;
  endsAt: string;
}

/** The year asked for (this year in Jakarta when not given); BAD_USER_INPUT (year) outside 2000–2100. */
export function jpYear(year?: number | null): JpYear {
  const wanted = year ?? jakartaYear();
  if (!Number.isInteger(wanted) || wanted < 2000 || wanted > 2100) throw badField('year', 'must be a year between 2000 and 2100');
  return {
    year: wanted,
    firstDay: `${wanted}-01-01`,
    lastDay: `${wanted}-12-31`,
    startsAt: `${wanted}-01-01T00:00:00+07:00`,
    endsAt: `${wanted + 1}-01-01T00:00:00+07:00`,
  };
}

/** The caller's entries credited in a year (this year when not given), oldest first. */
export async function myJpEntries(ctx: Context, year?: number | null): Promise<JpLedgerEntry[]> {
  if (!isPerson(ctx.caller)) return [];
  const period = jpYear(year);
  return ctx.em.find(
    JpLedgerEntry,
    { user: ctx.caller.userId, creditedOn: { $gte: period.firstDay, $lte: period.lastDay } },
    { orderBy: { creditedOn: 'asc', createdAt: 'asc' } },
  );
}

export const totalJp = (entries: JpLedgerEntry[]) => Math.round(entries.reduce((sum, entry) => sum + Number(entry.jp), 0) * 10) / 10;
