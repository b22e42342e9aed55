import type { EntityManager } from '@mikro-orm/postgresql';
import { type ReportScope, type ReportYear, round2, STARTED_IN_YEAR } from './report.scope';
import type { CourseLearningGainRow, CourseReportRow, ReportLearningGain, TopCourse } from './report.types';

/**
 * Course figures for the ASN of a scope, each one SQL statement whatever the number of learners
 * or courses: nothing is summed or sorted in JavaScript.
 */

/** Courses the ASN completed most in the year, from the ledger's COURSE credits (source_id = enrollment). */
export async function topCourses(em: EntityManager, scope: ReportScope, year: ReportYear, limit: number): Promise<TopCourse[]> {
  // raw SQL: report CTE and aggregates over the ledger, which the ORM cannot express
  const rows = await em.execute<{ course_id: string; completions: number; jp: number }[]>(
    `${scope.cte}
     SELECT e.course_id, count(*)::int AS completions, sum(l.jp)::float8 AS jp
       FROM jp_ledger_entries l JOIN asn ON asn.id = l.user_id
       JOIN enrollments e ON e.id = l.source_id JOIN courses c ON c.id = e.course_id
      WHERE l.source = 'COURSE' AND l.credited_on BETWEEN ?::date AND ?::date
      GROUP BY e.course_id, c.title
      ORDER BY completions DESC, jp DESC, c.title, e.course_id
      LIMIT ?`,
    [...scope.params, year.firstDay, year.lastDay, limit],
  );
  return rows.map((row) => ({ courseId: row.course_id, completions: row.completions, jp: row.jp }));
}

/** Per course: enrolments started in the year, how many completed or withdrew, and the median days to complete. */
export async function courseCompletion(em: EntityManager, scope: ReportScope, year: ReportYear): Promise<CourseReportRow[]> {
  // raw SQL: FILTER aggregates and percentile_cont, which the ORM cannot express
  const rows = await em.execute<{ course_id: string; enrolled: number; completed: number; withdrawn: number; median_days: number | null }[]>(
    `${scope.cte}
     SELECT e.course_id, count(*)::int AS enrolled,
            count(*) FILTER (WHERE e.status = 'COMPLETED')::int AS completed,
            count(*) FILTER (WHERE e.status = 'WITHDRAWN')::int AS withdrawn,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM e.completed_at - e.enrolled_at) / 86400)
              FILTER (WHERE e.status = 'COMPLETED' AND e.completed_at IS NOT NULL) AS median_days
       FROM enrollments e JOIN asn ON asn.id = e.user_id JOIN courses c ON c.id = e.course_id
      WHERE ${STARTED_IN_YEAR}
      GROUP BY e.course_id, c.title
      ORDER BY c.title, e.course_id`,
    [...scope.params, year.startsAt, year.endsAt],
  );
  return rows.map((row) => ({
    courseId: row.course_id,
    enrolled: row.enrolled,
    completed: row.completed,
    withdrawn: row.withdrawn,
    completionRate: row.enrolled ? Math.round((row.completed / row.enrolled) * 10_000) / 10_000 : null,
    medianDaysToComplete: row.median_days === null ? null : Math.round(Number(row.median_days) * 10) / 10,
  }));
}

/**
 * Each learner's result that counts per test (BEST: the highest submitted percent; LAST: the
 * latest attempt's), as `Course.myLearningGain` takes it, then `learner_gain(course_id, user_id,
 * agency_id, pre, post)` with both. Enrolments started in the year, withdrawn ones left out (as
 * a cohort's gain does).
 */
const LEARNER_GAIN = `test_result AS (
    SELECT e.course_id, e.user_id, asn.agency_id, q.purpose,
           CASE WHEN q.score_policy = 'LAST' THEN (array_agg(a.percent ORDER BY a.number DESC))[1] ELSE max(a.percent) END AS percent
      FROM enrollments e JOIN asn ON asn.id = e.user_id
      JOIN course_modules cm ON cm.course_id = e.course_id
      JOIN materials m ON m.module_id = cm.id
      JOIN quizzes q ON q.material_id = m.id AND q.purpose IN ('PRE_TEST', 'POST_TEST')
      JOIN quiz_attempts a ON a.quiz_material_id = q.material_id AND a.user_id = e.user_id AND a.status = 'SUBMITTED'
     WHERE e.status <> 'WITHDRAWN' AND ${STARTED_IN_YEAR}
     GROUP BY e.course_id, e.user_id, asn.agency_id, q.material_id, q.purpose, q.score_policy),
  learner_gain AS (
    SELECT course_id, user_id, agency_id, pre, post, round((post - pre)::numeric, 2) AS gain
      FROM (SELECT course_id, user_id, agency_id,
                   max(percent) FILTER (WHERE purpose = 'PRE_TEST') AS pre,
                   max(percent) FILTER (WHERE purpose = 'POST_TEST') AS post
              FROM test_result GROUP BY course_id, user_id, agency_id) both_tests
     WHERE pre IS NOT NULL AND post IS NOT NULL)`;

const GAIN_AVERAGES = `count(*)::int AS learners, avg(pre)::float8 AS average_pre, avg(post)::float8 AS average_post, avg(gain)::float8 AS average_gain`;

interface GainRow {
  learners: number;
  average_pre: number | null;
  average_post: number | null;
  average_gain: number | null;
}

const gainOf = (row: GainRow | undefined): ReportLearningGain => ({
  learners: row?.learners ?? 0,
  averagePre: round2(row?.average_pre ?? null),
  averagePost: round2(row?.average_post ?? null),
  averageGain: round2(row?.average_gain ?? null),
});

export async function learningGainByCourse(em: EntityManager, scope: ReportScope, year: ReportYear): Promise<CourseLearningGainRow[]> {
  // raw SQL: report CTEs with averages over a learner-gain CTE
  const rows = await em.execute<(GainRow & { course_id: string })[]>(
    `${scope.cte}, ${LEARNER_GAIN}
     SELECT g.course_id, ${GAIN_AVERAGES}
       FROM learner_gain g JOIN courses c ON c.id = g.course_id
      GROUP BY g.course_id, c.title ORDER BY c.title, g.course_id`,
    [...scope.params, year.startsAt, year.endsAt],
  );
  return rows.map((row) => ({ courseId: row.course_id, ...gainOf(row) }));
}

/** Per agency of the scope: every learner × course pair with both tests, averaged. */
export async function learningGainByAgency(em: EntityManager, scope: ReportScope, year: ReportYear): Promise<Map<string, ReportLearningGain>> {
  // raw SQL: report CTEs with averages over a learner-gain CTE
  const rows = await em.execute<(GainRow & { agency_id: string })[]>(
    `${scope.cte}, ${LEARNER_GAIN}
     SELECT agency_id, ${GAIN_AVERAGES} FROM learner_gain GROUP BY agency_id`,
    [...scope.params, year.startsAt, year.endsAt],
  );
  return new Map(rows.map((row) => [row.agency_id, gainOf(row)]));
}

export const noGain = (): ReportLearningGain => gainOf(undefined);
