import { type Configuration, type LogContext, PostgreSqlConnection, PostgreSqlDriver, type Transaction, type TransactionEventBroadcaster } from '@mikro-orm/postgresql';
import { CommitOutcomeUnknownError, isDatabaseOutage } from '../errors';

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
    try {
      await super.commit(ctx, eventBroadcaster, loggerContext);
    } catch (error) {
      // A savepoint's release decides nothing: the outer transaction's COMMIT does.
      const isSavepoint = 'savepointName' in ctx;
      if (!isSavepoint && isDatabaseOutage(error) && !NEVER_SENT.test(messagesOf(error))) throw new CommitOutcomeUnknownError(error);
      throw error;
    }
  }
}

/** PostgreSqlDriver with the connection above; the parent's constructor offers no other way to choose it. */
export class PelitaPostgreSqlDriver extends PostgreSqlDriver {
  constructor(config: Configuration) {
    super(config);
    Object.assign(this, { connection: new CommitAwareConnection(this.config) });
  }
}

function messagesOf(error: unknown): string {
  const messages: string[] = [];
  for (let current = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth += 1) {
    if (typeof current.message === 'string') messages.push(current.message);
  }
  return messages.join(' | ');
}
