import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { isUuid } from '../../graphql/loaders';
import { MaterialProgress } from './material-progress.entity';
import type { MaterialFact } from './progress.rules';
import { placeholders } from '../../db/sql';


/**
 * Every material of each course with where it sits and whether the learner completed it, in one
 * query; recordProgress asks it again inside its transaction, after folding a batch.
 */
export async function materialFactsOf(em: EntityManager, userId: string, courseIds: readonly string[]): Promise<MaterialFact[][]> {
  const wellFormed = courseIds.filter(isUuid);
  const rows = wellFormed.length
    // raw SQL: a three-table join with a LEFT JOIN flag, as plain rows for every course of the tick
    ? await em.execute<{ course_id: string; material_id: string; module_id: string; module_position: number; position: number; required: boolean; completed: boolean }[]>(
        `SELECT cm.course_id, m.id AS material_id, m.module_id, cm.position AS module_position, m.position, m.required,
                coalesce(mp.status = 'COMPLETED', false) AS completed
           FROM materials m
           JOIN course_modules cm ON cm.id = m.module_id
           LEFT JOIN material_progress mp ON mp.material_id = m.id AND mp.user_id = ?
          WHERE cm.course_id IN (${placeholders(wellFormed.length)})`,
        [userId, ...wellFormed],
      )
    : [];
  return courseIds.map((courseId) =>
    rows
      .filter((row) => row.course_id === courseId)
      .map((row) => ({
        materialId: row.material_id,
        moduleId: row.module_id,
        modulePosition: row.module_position,
        position: row.position,
        required: row.required,
        completed: row.completed,
      })),
  );
}

/** The loaders of one learner: progress is always someone's, and a request has one caller. */
function learnerLoaders(em: EntityManager, userId: string) {
  return {
    materialProgressByMaterial: new DataLoader<string, MaterialProgress | null>(async (materialIds) => {
      const wellFormed = materialIds.filter(isUuid);
      const rows = wellFormed.length ? await em.find(MaterialProgress, { user: userId, material: { $in: wellFormed } }) : [];
      const byMaterial = new Map(rows.map((row) => [row.material.id, row]));
      return materialIds.map((id) => byMaterial.get(id) ?? null);
    }),
    /** Every material of each course with where it sits and whether the learner completed it: one query per tick. */
    materialFactsByCourse: new DataLoader<string, MaterialFact[]>((courseIds) => materialFactsOf(em, userId, courseIds)),
  };
}

export function createProgressLoaders(em: EntityManager) {
  const byLearner = new Map<string, ReturnType<typeof learnerLoaders>>();
  return {
    progressOf(userId: string) {
      let loaders = byLearner.get(userId);
      if (!loaders) {
        loaders = learnerLoaders(em, userId);
        byLearner.set(userId, loaders);
      }
      return loaders;
    },
  };
}
