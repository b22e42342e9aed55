import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../graphql/loaders';

/**
 * Organizations nest (a UPT under its dinas). Both walks stop at 64 levels and use UNION, so a
 * cycle written by hand in the database cannot loop for ever.
 */

/** The organization itself, then every organization above it, nearest first; empty when unknown. */
export async function organizationLineage(em: EntityManager, organizationId: string): Promise<string[]> {
  if (!isUuid(organizationId)) return [];
  // raw SQL: a recursive CTE up the organization tree, which the ORM cannot express
  const rows = await em.execute<{ id: string }[]>(
    `WITH RECURSIVE up(id, parent_id, depth) AS (
       SELECT id, parent_id, 0 FROM organizations WHERE id = ?
       UNION SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 64)
     SELECT id FROM up ORDER BY depth`,
    [organizationId],
  );
  return rows.map((row) => row.id);
}

/** The organization itself first, then every organization under it, at any depth. */
export async function organizationSubtree(em: EntityManager, organizationId: string): Promise<string[]> {
  // raw SQL: a recursive CTE down the organization tree, which the ORM cannot express
  const rows = await em.execute<{ id: string }[]>(
    `WITH RECURSIVE tree(id, depth) AS (
       SELECT ?::uuid, 0
       UNION SELECT o.id, t.depth + 1 FROM organizations o JOIN tree t ON o.parent_id = t.id WHERE t.depth < 64)
     SELECT id FROM tree GROUP BY id ORDER BY min(depth), id`,
    [organizationId],
  );
  return rows.map((row) => row.id);
}
