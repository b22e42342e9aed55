import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

export type BudgetVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

/** A principal's rate: `perSecond` refills the shared bucket up to `burst`. */
export interface BudgetRate {
  perSecond: number;
  burst: number;
}

/** What this process holds of a principal's bucket, spent without asking PostgreSQL. */
interface Allowance {
  remaining: number;
  /** The shared bucket could not cover a request: until then, nothing is served (local clock). */
  refusedUntil: number;
  touchedAt: number;
  /** A lease in flight: concurrent requests of the same principal wait for it instead of asking too. */
  pending?: Promise<void>;
}

/**
 * A lease takes this many seconds of the rate (at least), so PostgreSQL sees about 20 writes per
 * busy principal and minute; a principal that ran dry waits as long, rather than asking the
 * database again for every few units that trickled back.
 */
const LEASE_SECONDS = 3;
/** Forget principals idle this long (their leftover units with them) once there are many. */
const IDLE_MS = 5 * 60_000;
const SWEEP_ABOVE = 10_000;

const OK: BudgetVerdict = { ok: true };

/**
 * Query-cost budgets per principal as token buckets shared by every API process through one
 * PostgreSQL row per principal: a bucket refills at the rate continuously and holds at most a
 * burst, so a client that spends its burst at once is then held to the rate rather than let loose
 * again at the next minute. A process does not write per request: it leases a chunk of units with
 * one atomic upsert and spends them locally, so PostgreSQL sees one write per chunk. Grants never
 * exceed what the bucket holds, so all processes together never serve more than the rate allows;
 * units leased by a process the principal then leaves are lost (at most one chunk per process).
 */
export class QueryBudgets {
  private readonly allowances = new Map<string, Allowance>();
  private lastSweep = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
  ) {}

  /** Milliseconds this process will still refuse the principal, else 0. */
  refusingFor(key: string, now = Date.now()): number {
    const until = this.allowances.get(key)?.refusedUntil ?? 0;
    return until > now ? until - now : 0;
  }

  /** Spends `cost` of the principal's budget, or answers how long until the bucket could cover it. */
  async charge(key: string, cost: number, rate: BudgetRate): Promise<BudgetVerdict> {
    for (;;) {
      const now = Date.now();
      let allowance = this.allowances.get(key);
      if (!allowance) {
        this.sweep(now);
        allowance = { remaining: 0, refusedUntil: 0, touchedAt: now };
        this.allowances.set(key, allowance);
      }
      allowance.touchedAt = now;
      if (allowance.pending) {
        await allowance.pending;
        continue;
      }
      if (allowance.refusedUntil > now) return refused(allowance.refusedUntil - now);
      if (allowance.remaining >= cost) {
        allowance.remaining -= cost;
        return OK;
      }
      const current = allowance;
      const chunk = Math.min(Math.ceil(rate.perSecond * LEASE_SECONDS), rate.burst);
      const amount = Math.max(cost - current.remaining, chunk);
      current.pending = this.lease(key, amount, rate)
        .then((granted) => {
          current.remaining += granted;
          if (current.remaining < cost) {
            // Until the bucket has refilled what this request lacks, and at least a lease's worth.
            const waitMs = (Math.max(cost - current.remaining, chunk) / rate.perSecond) * 1000;
            current.refusedUntil = Date.now() + waitMs;
            this.logger.info({ principal: key.slice(0, key.indexOf(':')), retryAfterSeconds: Math.ceil(waitMs / 1000) }, 'query budget spent for now');
          }
        })
        .catch((error: unknown) => {
          // PostgreSQL unreachable: serve without it (the request fails without the database anyway).
          this.logger.warn({ err: error }, 'could not lease query budget from the database; serving without it for now');
          current.remaining += amount;
        })
        .finally(() => {
          current.pending = undefined;
        });
    }
  }

  /**
   * Gives back units an operation was charged but did not use, to this process's allowance (no
   * database write): they are spent by the principal's next requests here, never beyond a burst.
   */
  refund(key: string, units: number, rate: BudgetRate): void {
    const allowance = this.allowances.get(key);
    if (allowance) allowance.remaining = Math.min(rate.burst, allowance.remaining + units);
  }

  /**
   * Refills the shared bucket for the time since its last lease, takes up to `amount` of it and
   * answers how much was taken. Raw SQL: refill, take and read back must be one atomic upsert,
   * which MikroORM's upsert cannot express.
   */
  private async lease(key: string, amount: number, rate: BudgetRate): Promise<number> {
    const refilled = 'least(?, b.available + extract(epoch FROM now() - b.refilled_at)::float8 * ?)';
    const taken = `least(?, greatest(${refilled}, 0))`;
    // raw SQL: an atomic refill-and-take upsert computed from the stored row (ON CONFLICT … SET with expressions)
    const [row] = await this.orm.em.getConnection().execute<{ last_granted: number }[]>(
      `INSERT INTO query_budgets AS b (key, available, last_granted, refilled_at) VALUES (?, ?, ?, now())
       ON CONFLICT (key) DO UPDATE SET
         available = ${refilled} - ${taken},
         last_granted = ${taken},
         refilled_at = now()
       RETURNING last_granted`,
      [
        key, rate.burst - Math.min(amount, rate.burst), Math.min(amount, rate.burst),
        rate.burst, rate.perSecond,
        amount, rate.burst, rate.perSecond,
        amount, rate.burst, rate.perSecond,
      ],
    );
    return Number(row.last_granted);
  }

  private sweep(now: number): void {
    if (this.allowances.size <= SWEEP_ABOVE || now - this.lastSweep < 1_000) return;
    this.lastSweep = now;
    for (const [key, allowance] of this.allowances) {
      if (now - allowance.touchedAt > IDLE_MS && !allowance.pending) this.allowances.delete(key);
    }
  }
}

function refused(waitMs: number): BudgetVerdict {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
