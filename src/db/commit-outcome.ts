import { type Configuration, type LogContext, PostgreSqlConnection, PostgreSqlDriver, type Transaction, type TransactionEventBroadcaster } from '@mikro-orm/postgresql';
import { causeChain, CommitOutcomeUnknownError, conflict, isDatabaseOutage } from '../errors';

/** What src/graphql/idempotency.ts puts in the request's em logger context (`idempotency`) for a keyed mutation. */
export interface IdempotencyClaim {
  principal: string;
  key: string;
  requestHash: string;
  /** Unique to the HTTP request: its own later commits pass, another request's duplicate does not. */
  attempt: string;
}

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** How long a key is remembered: a client retries within minutes, a day covers a device offline overnight. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

/** pg refuses a query on a connection it already knows is gone: such a COMMIT never left. */
const NEVER_SENT = /not queryable/i;

/**
 * Every write commits here, in an explicit transaction or in the one a flush opens. When the
 * connection fails after COMMIT went out, PostgreSQL may have stored the transaction before it
 * went away, so the error says "outcome unknown" instead of "unavailable".
 */
class CommitAwareConnection extends PostgreSqlConnection {
  override async begin(options: Parameters<PostgreSqlConnection['begin']>[0] = {}): Promise<Transaction> {
    const trx = await super.begin(options);
    // knex swallows a failed BEGIN (the pool handed out a connection the database had cut) and
    // hands out a transaction already over, whose first query then fails with "Transaction query
    // already complete": answer BEGIN's own error instead, which says the database is gone.
    if (trx.isCompleted()) throw await trx.executionPromise.then(() => new Error('BEGIN did not start a transaction'), (error: unknown) => error);
    return trx;
  }

  override async commit(ctx: Transaction, eventBroadcaster?: TransactionEventBroadcaster, loggerContext?: LogContext): Promise<void> {
    // A savepoint's release decides nothing: the outer transaction's COMMIT does.
    const isSavepoint = 'savepointName' in ctx;
    // Before COMMIT and outside the catch below: failing here is an ordinary failure of the transaction.
    const claim = isSavepoint ? undefined : claimOf(eventBroadcaster, loggerContext);
    if (claim) await this.recordIdempotencyKey(ctx, claim);
    try {
      await super.commit(ctx, eventBroadcaster, loggerContext);
    } catch (error) {
      if (!isSavepoint && isDatabaseOutage(error) && !NEVER_SENT.test(messagesOf(error))) throw new CommitOutcomeUnknownError(error);
      throw error;
    }
  }

  /**
   * Writes the key in the transaction it vouches for, so the key is on record exactly when the
   * mutation's writes are. Raw SQL: the upsert must leave another request's row alone and say
   * whether it did, which MikroORM's upsert cannot express.
   */
  private async recordIdempotencyKey(ctx: Transaction, claim: IdempotencyClaim): Promise<void> {
    const rows = await this.execute<unknown[]>(
      `INSERT INTO idempotency_keys AS k (principal, key, request_hash, attempt) VALUES (?, ?, ?, ?)
       ON CONFLICT (principal, key) DO UPDATE SET attempt = excluded.attempt, request_hash = excluded.request_hash, response = null, created_at = now()
         WHERE k.attempt = excluded.attempt OR k.created_at < now() - make_interval(secs => ?)
       RETURNING 1`,
      [claim.principal, claim.key, claim.requestHash, claim.attempt, IDEMPOTENCY_RETENTION_MS / 1000],
      'all',
      ctx,
    );
    // Another request with the key committed first (when it was still running, the insert waited for it).
    if (!rows.length) throw conflict('A request with this Idempotency-Key is in progress or done; send it again to read its answer', IDEMPOTENCY_HEADER);
  }
}

/**
 * em.transactional commits without the logger context; both it and a flush's own transaction pass
 * a broadcaster holding the em that commits, whose logger context is the request's (forks copy it).
 */
function claimOf(eventBroadcaster: TransactionEventBroadcaster | undefined, loggerContext: LogContext | undefined): IdempotencyClaim | undefined {
  const em = (eventBroadcaster as unknown as { em?: { getLoggerContext(options: { disableContextResolution: boolean }): LogContext } } | undefined)?.em;
  const claim = (loggerContext?.idempotency ?? em?.getLoggerContext({ disableContextResolution: true }).idempotency) as IdempotencyClaim | undefined;
  return claim?.principal ? claim : undefined;
}

/** PostgreSqlDriver with the connection above; the parent's constructor offers no other way to choose it. */
export class PelitaPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { connection: new CommitAwareConnection(this.config) });
  }
}

function messagesOf(error: unknown): string {
  return causeChain(error)
    .map((link) => (link as { message?: unknown }).message)
    .filter((message) => typeof message === 'string')
    .join(' | ');
}
