import type { RowSweep } from '../files/upload.jobs';

/** The material module's part of storage cleanup (see collectStorageGarbage). */

/**
 * A version stops mattering once a newer version of its material has been the file for the
 * whole grace period (learners mid-download keep their link that long). The current version
 * always stays; its blob then goes with the blob sweep when nothing else shares it.
 */
export const removeSupersededVersions: RowSweep = async (em, graceSeconds, limit) =>
  em.transactional(async (tx) => {
    // raw SQL: DELETE of a LIMITed, SKIP LOCKED subquery with a correlated EXISTS, in one statement
    const removed = await tx.execute<{ id: string }[]>(
      `DELETE FROM material_versions WHERE id IN (
         SELECT v.id FROM material_versions v JOIN materials m ON m.id = v.material_id
          WHERE m.current_version_id IS DISTINCT FROM v.id
            AND EXISTS (SELECT 1 FROM material_versions newer
                         WHERE newer.material_id = v.material_id AND newer.version > v.version
                           AND newer.created_at < now() - make_interval(secs => ?))
          LIMIT ? FOR UPDATE OF v SKIP LOCKED)
       RETURNING id`,
      [graceSeconds, limit],
    );
    return removed.length;
  });
