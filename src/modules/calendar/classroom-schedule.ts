import type { EntityManager } from '@mikro-orm/postgresql';
import { type ScheduleItem, ScheduleItemKind, type ScheduleRange } from './calendar.types';

interface ClassroomRow {
  id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  venue: string;
  cohort_id: string;
  course_title: string;
}

/**
 * Classroom sessions overlapping the range of the cohorts the person is ACTIVE-enrolled in, of
 * PUBLISHED courses, by start: one statement whatever the number of cohorts.
 */
export async function findClassroomSchedule(em: EntityManager, userId: string, range: ScheduleRange): Promise<ScheduleItem[]> {
  // raw SQL: plain rows of a three-table join for the schedule, one statement whatever the number of cohorts
  const rows = await em.execute<ClassroomRow[]>(
    `SELECT s.id, s.title, s.starts_at, s.ends_at, s.time_zone, s.venue, s.cohort_id, c.title AS course_title
       FROM cohort_sessions s
       JOIN enrollments e ON e.cohort_id = s.cohort_id AND e.user_id = ? AND e.status = 'ACTIVE'
       JOIN courses c ON c.id = e.course_id AND c.status = 'PUBLISHED'
      WHERE s.starts_at < ? AND s.ends_at > ?
      ORDER BY s.starts_at, s.id`,
    [userId, range.to, range.from],
  );
  return rows.map((row) => ({
    kind: ScheduleItemKind.CLASSROOM_SESSION,
    sessionId: row.id,
    title: `${row.course_title} — ${row.title}`,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    timeZone: row.time_zone,
    venue: row.venue,
    onlineUrl: null,
    registrationStatus: null,
    cancelled: false,
    seminarId: null,
    cohortId: row.cohort_id,
  }));
}
