import type { Context } from '../../context';

/**
 * How a material the server grades (a passed quiz, an accepted assignment) becomes COMPLETED:
 * the same monotonic merge as the progress fold, so neither a later failed attempt nor a
 * device's event can take completion back, and the earliest completion is kept.
 */
export async function markMaterialCompleted(tx: Context, userId: string, materialId: string, at: Date): Promise<void> {
  // raw SQL: INSERT … ON CONFLICT DO UPDATE with GREATEST/LEAST merges against the stored row
  await tx.em.execute(
    `INSERT INTO material_progress AS mp (user_id, material_id, status, furthest_position_seconds, time_on_task_seconds,
                                         first_event_at, last_event_at, completed_at)
     VALUES (?, ?, 'COMPLETED', 0, 0, ?::timestamptz, ?::timestamptz, ?::timestamptz)
     ON CONFLICT (user_id, material_id) DO UPDATE SET
       status = 'COMPLETED',
       last_event_at = GREATEST(mp.last_event_at, excluded.last_event_at),
       completed_at = LEAST(mp.completed_at, excluded.completed_at)`,
    [userId, materialId, at, at, at],
  );
}
