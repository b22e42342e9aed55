import type { Context } from '../../context';
import { badField, forbidden } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import { queueScopeOf } from './review-queue.policy';
import type { CourseTurnaround, InstructorTurnaround, ReviewTurnaroundReport, TurnaroundArgs } from './review-queue.types';

const DEFAULT_PERIOD_DAYS = 90;
const HOUR = 3600;

interface StatsRow {
  decided: number;
  median_seconds: number | null;
  average_seconds: number | null;
  p90_seconds: number | null;
}

const hours = (seconds: number | null) => (seconds === null ? null : Math.round((Number(seconds) / HOUR) * 100) / 100);

const statsOf = (row: StatsRow) => ({
  decided: row.decided,
  medianHours: hours(row.median_seconds),
  averageHours: hours(row.average_seconds),
  p90Hours: hours(row.p90_seconds),
});

/** Turnaround of one decided attempt: from handing in to the decision. */
const STATS_SQL = `count(*)::int AS decided,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.decided_at - s.submitted_at)) AS median_seconds,
  avg(extract(epoch FROM s.decided_at - s.submitted_at)) AS average_seconds,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM s.decided_at - s.submitted_at)) AS p90_seconds`;

/**
 * Turnaround per reviewer and per course over a period, computed in SQL: admins see everyone;
 * an instructor sees their own row and the courses they author or teach. A course's row also
 * says how much waits now, so a slow queue shows before it shows in the averages.
 */
export async function reviewTurnaround(ctx: Context, args: TurnaroundArgs): Promise<ReviewTurnaroundReport> {
  const scope = queueScopeOf(ctx.caller);
  if (!scope) throw forbidden('Turnaround reports are for people who review');
  const to = args.to ?? new Date();
  const from = args.from ?? new Date(to.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000);
  if (from.getTime() >= to.getTime()) throw badField('from', 'from must be before to');
  const courseId = args.courseId ?? null;
  if (courseId !== null && !isUuid(courseId)) throw badField('courseId', 'Unknown course');

  const decidedIn = `s.decided_at >= ?::timestamptz AND s.decided_at < ?::timestamptz AND (?::uuid IS NULL OR e.course_id = ?::uuid)`;
  const period = [from, to, courseId, courseId];
  const visibleCourse = `(?::boolean OR c.organization_id = ?::uuid OR EXISTS (
      SELECT 1 FROM cohorts co JOIN cohort_instructors ci ON ci.cohort_id = co.id WHERE co.course_id = c.id AND ci.user_id = ?))`;
  const courseScope = [scope.everything, scope.authoringOrganizationId, scope.userId];

  const [instructorRows, courseRows, waitingRows] = await Promise.all([
    // raw SQL: percentile aggregates (STATS_SQL) grouped by reviewer, which the ORM cannot express
    ctx.em.execute<(StatsRow & { reviewer_id: string })[]>(
      `SELECT r.reviewer_id, ${STATS_SQL}
         FROM submissions s JOIN enrollments e ON e.id = s.enrollment_id
         JOIN reviews r ON r.submission_id = s.id AND r.decision IS NOT NULL
        WHERE ${decidedIn} AND (?::boolean OR r.reviewer_id = ?)
        GROUP BY r.reviewer_id ORDER BY median_seconds, r.reviewer_id`,
      [...period, scope.everything, scope.userId],
    ),
    // raw SQL: percentile aggregates (STATS_SQL) grouped by course, which the ORM cannot express
    ctx.em.execute<(StatsRow & { course_id: string })[]>(
      `SELECT e.course_id, ${STATS_SQL}
         FROM submissions s JOIN enrollments e ON e.id = s.enrollment_id JOIN courses c ON c.id = e.course_id
        WHERE s.decided_at IS NOT NULL AND ${decidedIn} AND ${visibleCourse}
        GROUP BY e.course_id`,
      [...period, ...courseScope],
    ),
    // raw SQL: an age in seconds computed by the database clock, grouped by course
    ctx.em.execute<{ course_id: string; awaiting: number; oldest_seconds: number }[]>(
      `SELECT e.course_id, count(*)::int AS awaiting, extract(epoch FROM now() - min(s.submitted_at)) AS oldest_seconds
         FROM submissions s JOIN enrollments e ON e.id = s.enrollment_id JOIN courses c ON c.id = e.course_id
        WHERE s.status = 'AWAITING_REVIEW' AND (?::uuid IS NULL OR e.course_id = ?::uuid) AND ${visibleCourse}
        GROUP BY e.course_id`,
      [courseId, courseId, ...courseScope],
    ),
  ]);

  const byInstructor: InstructorTurnaround[] = instructorRows.map((row) => ({ instructorId: row.reviewer_id, ...statsOf(row) }));
  const courseIds = [...new Set([...courseRows.map((row) => row.course_id), ...waitingRows.map((row) => row.course_id)])];
  const byCourse: CourseTurnaround[] = courseIds.map((id) => {
    const decided = courseRows.find((row) => row.course_id === id);
    const waiting = waitingRows.find((row) => row.course_id === id);
    return {
      courseId: id,
      ...(decided ? statsOf(decided) : { decided: 0, medianHours: null, averageHours: null, p90Hours: null }),
      awaiting: waiting?.awaiting ?? 0,
      oldestWaitingHours: waiting ? hours(waiting.oldest_seconds) : null,
    };
  });
  byCourse.sort((a, b) => (b.oldestWaitingHours ?? -1) - (a.oldestWaitingHours ?? -1) || a.courseId.localeCompare(b.courseId));
  return { from, to, byInstructor, byCourse };
}
