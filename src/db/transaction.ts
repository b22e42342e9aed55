import type { Context } from '../context';

/**
 * Runs multi-write work in one transaction. The work receives a context whose `em` is the
 * transaction's, so every write inside commits or rolls back together.
 */
export function inTransaction<T>(ctx: Context, work: (tx: Context) => Promise<T>): Promise<T> {
  return ctx.em.transactional((em) => work({ ...ctx, em }));
}
