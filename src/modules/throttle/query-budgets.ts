import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

export type BudgetVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** What this process may still spend of a principal's window without asking PostgreSQL. */
interface Allowance {
  remaining: number;
  /** Local clock time at which the shared window ends (taken from PostgreSQL's clock at lease time). */
  endsAt: number;
  /** The shared budget gave less than asked: nothing more until the window ends. */
  exhausted: boolean;
  /** A lease in flight: concurrent requests of the same principal wait for it instead of asking too. */
  pending?: Promise<void>;
}

/** Each lease takes this share of the limit, so PostgreSQL sees about 20 writes per busy principal and window. */
const LEASES_PER_WINDOW = 20;
/** PostgreSQL unreachable: serve for this long before asking again (the requests fail without it anyway). */
const UNREACHABLE_GRACE_MS = 5_000;
/** Forget allowances of ended windows when there are this many (checked at most once a second). */
const SWEEP_ABOVE = 10_000;

const OK: BudgetVerdict = { ok: true };

/**
 * Query-cost budgets per principal in fixed windows, shared by every API process through one
 * PostgreSQL row per principal. A process does not write per request: it leases a chunk of the
 * budget with one atomic upsert and spends it locally, so the database sees one write per chunk.
 * Grants never exceed the limit in sum, so all processes together never serve more than the
 * limit; a chunk leased by a process the principal then leaves is lost for the rest of the
 * window (at most limit / 20 per process).
 */
export class QueryBudgets {
  private readonly allowances = new Map<string, Allowance>();
  private lastSweep = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly windowSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Milliseconds until the principal's window ends when this process knows it spent its budget, else 0. */
  exhaustedFor(key: string, now = Date.now()): number {
    const allowance = this.allowances.get(key);
    return allowance?.exhausted && allowance.endsAt > now ? allowance.endsAt - now : 0;
  }

  /** Spends `cost` of the principal's budget, or answers how long until its window ends. */
  async charge(key: string, cost: number, limit: number): Promise<BudgetVerdict> {
    for (;;) {
      const now = Date.now();
      let allowance = this.allowances.get(key);
      if (allowance?.pending) {
        await allowance.pending;
        continue;
      }
      if (allowance && allowance.endsAt > now) {
        if (allowance.exhausted) return refused(allowance.endsAt - now);
        if (allowance.remaining >= cost) {
          allowance.remaining -= cost;
          return OK;
        }
      } else {
        this.sweep(now);
        allowance = { remaining: 0, endsAt: 0, exhausted: false };
        this.allowances.set(key, allowance);
      }
      const current = allowance;
      const amount = Math.max(cost - current.remaining, Math.ceil(limit / LEASES_PER_WINDOW));
      current.pending = this.lease(key, amount, limit)
        .then(({ granted, windowEndsInMs }) => {
          current.remaining += granted;
          current.endsAt = Date.now() + windowEndsInMs;
          current.exhausted = granted < amount;
          if (current.exhausted) {
            this.logger.info({ principal: key.slice(0, key.indexOf(':')), retryAfterSeconds: Math.ceil(windowEndsInMs / 1000) }, 'query budget spent for this window');
          }
        })
        .catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not lease query budget from the database; serving without it for now');
          current.remaining += amount;
          current.endsAt = Date.now() + UNREACHABLE_GRACE_MS;
        })
        .finally(() => {
          current.pending = undefined;
        });
    }
  }

  /**
   * Takes `amount` units of the shared window (starting a new one when it ended) and answers how
   * many of them fit under the limit. Raw SQL: the window reset and the increment must be one
   * atomic upsert, which MikroORM's upsert cannot express.
   */
  private async lease(key: string, amount: number, limit: number): Promise<{ granted: number; windowEndsInMs: number }> {
    const [row] = await this.orm.em.getConnection().execute<{ spent: number; window_ends_in_ms: number }[]>(
      `INSERT INTO query_budgets AS b (key, spent, window_started_at) VALUES (?, ?, now())
       ON CONFLICT (key) DO UPDATE SET
         spent = CASE WHEN b.window_started_at <= now() - make_interval(secs => ?) THEN excluded.spent ELSE b.spent + excluded.spent END,
         window_started_at = CASE WHEN b.window_started_at <= now() - make_interval(secs => ?) THEN now() ELSE b.window_started_at END
       RETURNING spent, extract(epoch FROM b.window_started_at + make_interval(secs => ?) - now()) * 1000 AS window_ends_in_ms`,
      [key, amount, this.windowSeconds, this.windowSeconds, this.windowSeconds],
    );
    const spentBefore = row.spent - amount;
    return { granted: Math.max(0, Math.min(amount, limit - spentBefore)), windowEndsInMs: Math.max(0, Number(row.window_ends_in_ms)) };
  }

  private sweep(now: number): void {
    if (this.allowances.size <= SWEEP_ABOVE || now - this.lastSweep < 1_000) return;
    this.lastSweep = now;
    for (const [key, allowance] of this.allowances) {
      if (allowance.endsAt <= now && !allowance.pending) this.allowances.delete(key);
    }
  }
}

function refused(waitMs: number): BudgetVerdict {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
