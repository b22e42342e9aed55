import type { EntityManager } from '@mikro-orm/postgresql';
import { QueryBudget } from './query-budget.entity';

/** Buckets untouched for an hour are full again, which is what no row means too. */
export async function purgeIdleQueryBudgets(em: EntityManager): Promise<{ queryBudgets: number }> {
  const queryBudgets = await em.nativeDelete(QueryBudget, { refilledAt: { $lt: new Date(Date.now() - 3_600_000) } });
  return { queryBudgets };
}
