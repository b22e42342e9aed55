import type { EntityManager } from '@mikro-orm/postgresql';
import { QueryBudget } from './query-budget.entity';

/** Rows of windows that ended an hour ago: a returning principal starts a new window anyway. */
export async function purgeEndedQueryBudgets(em: EntityManager): Promise<{ queryBudgets: number }> {
  const queryBudgets = await em.nativeDelete(QueryBudget, { windowStartedAt: { $lt: new Date(Date.now() - 3_600_000) } });
  return { queryBudgets };
}
