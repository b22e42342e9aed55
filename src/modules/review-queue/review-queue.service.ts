import { Cursor } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badField, forbidden } from '../../errors';
import type { ConnectionShape } from '../../graphql/connection';
import { DEFAULT_PAGE_SIZE, decodeKeysetCursor, keysetConnection } from '../../graphql/connection';
import { isUuid } from '../../graphql/loaders';
import { Submission, SubmissionStatus } from '../submission/submission.entity';
import { type QueueScope, queueScopeOf } from './review-queue.policy';
import type { ReviewQueueArgs } from './review-queue.types';

/**
 * The scope of a queue as SQL over `s` (submissions), `e` (enrollments) and `c` (courses):
 * the cohorts the person teaches, work nobody teaches in their organization's courses, or
 * everything for admins.
 */
function scopeCondition(scope: QueueScope, courseId: string | undefined): { sql: string; params: unknown[] } {
  return {
    sql: `(?::boolean
            OR EXISTS (SELECT 1 FROM cohort_instructors ci WHERE ci.cohort_id = e.cohort_id AND ci.user_id = ?)
            OR (c.organization_id = ?::uuid
                AND NOT EXISTS (SELECT 1 FROM cohort_instructors ci WHERE ci.cohort_id = e.cohort_id)))
          AND (?::uuid IS NULL OR c.id = ?::uuid)`,
    params: [scope.everything, scope.userId, scope.authoringOrganizationId, courseId ?? null, courseId ?? null],
  };
}

type QueueCursor = { submittedAt: string; id: string };

function decodeCursor(after: string | undefined | null): QueueCursor | null {
  const values = decodeKeysetCursor(after, ([submittedAt, id]) => typeof submittedAt === 'string' && TIMESTAMP_TEXT.test(submittedAt) && typeof id === 'string' && isUuid(id));
  return values && { submittedAt: values[0] as string, id: values[1] as string };
}

/**
 * The cursor keeps PostgreSQL's own text of the timestamp: a JavaScript Date would cut its
 * microseconds, and the row at the cursor would then sort after it and come twice.
 */
const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const encodeCursor = (row: { at: string; id: string }) => Cursor.encode([row.at, row.id]);

/**
 * Attempts waiting for a decision in the caller's cohorts, oldest first. Three statements
 * whatever the page size: the page's ids, the total, and the rows themselves.
 */
export async function reviewQueue(ctx: Context, args: ReviewQueueArgs): Promise<ConnectionShape<Submission>> {
  const scope = queueScopeOf(ctx.caller);
  if (!scope) throw forbidden('The review queue is for people who review');
  if (args.courseId !== undefined && args.courseId !== null && !isUuid(args.courseId)) throw badField('courseId', 'Unknown course');
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(args.after);
  const condition = scopeCondition(scope, args.courseId ?? undefined);
  const from = `FROM submissions s JOIN enrollments e ON e.id = s.enrollment_id JOIN courses c ON c.id = e.course_id
               WHERE s.status = '${SubmissionStatus.AWAITING_REVIEW}' AND ${condition.sql}`;

  const [page, [{ total }]] = await Promise.all([
    // raw SQL: keyset pagination on a row-value comparison ((submitted_at, id) > (?, ?)) over a shared SQL condition
    ctx.em.execute<{ id: string; at: string }[]>(
      `SELECT s.id, s.submitted_at::text AS at ${from} ${after ? 'AND (s.submitted_at, s.id) > (?::timestamptz, ?::uuid)' : ''}
        ORDER BY s.submitted_at, s.id LIMIT ?`,
      [...condition.params, ...(after ? [after.submittedAt, after.id] : []), first + 1],
    ),
    // raw SQL: the total over the same shared SQL condition
    ctx.em.execute<{ total: number }[]>(`SELECT count(*)::int AS total ${from}`, condition.params),
  ]);
  const keys = page.slice(0, first);
  const rows = keys.length ? await ctx.em.find(Submission, { id: { $in: keys.map((key) => key.id) } }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const edges = keys.flatMap((key) => {
    const node = byId.get(key.id);
    return node ? [{ cursor: encodeCursor(key), node }] : [];
  });
  return keysetConnection(edges, { fetchedMore: page.length > first, after, totalCount: total });
}

/** Seconds an attempt has waited for its decision; null once decided or superseded. */
export function waitingSeconds(submission: Submission, now = new Date()): number | null {
  if (submission.status !== SubmissionStatus.AWAITING_REVIEW) return null;
  return Math.max(0, Math.floor((now.getTime() - submission.submittedAt.getTime()) / 1000));
}
