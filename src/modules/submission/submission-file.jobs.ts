import type { RowSweep } from '../files/upload.jobs';

/** The submission module's part of storage cleanup (see collectStorageGarbage). */

/**
 * A learner's verified file that no submission took within the grace period was abandoned (the
 * learner handed in something else, or nothing), as is a feedback file no review named: only
 * their uploader could ever have seen them. Once they are gone their blobs may go too. A
 * hand-in attaching one right now holds its row (FOR UPDATE), so it is skipped, not taken.
 */
export const removeUnusedSubmissionFiles: RowSweep = async (em, graceSeconds, limit) =>
  em.transactional(async (tx) => {
    // raw SQL: DELETE of a LIMITed, SKIP LOCKED subquery that re-checks its condition, in one statement
    const removed = await tx.execute<{ id: string }[]>(
      `DELETE FROM submission_files WHERE id IN (
         SELECT id FROM submission_files
          WHERE ((purpose = 'WORK' AND submission_id IS NULL) OR (purpose = 'FEEDBACK' AND review_id IS NULL))
            AND created_at < now() - make_interval(secs => ?)
          LIMIT ? FOR UPDATE SKIP LOCKED)
         AND ((purpose = 'WORK' AND submission_id IS NULL) OR (purpose = 'FEEDBACK' AND review_id IS NULL))
       RETURNING id`,
      [graceSeconds, limit],
    );
    return removed.length;
  });
