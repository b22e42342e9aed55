import type { Context } from '../../context';
import { badField, forbidden, unauthenticated } from '../../errors';
import type { Cohort } from '../cohort/cohort.entity';
import { mayViewCohort } from '../cohort/cohort.service';
import type { Course } from '../course/course.entity';
import { Enrollment, EnrollmentStatus } from '../enrollment/enrollment.entity';
import { jakartaYear, myJpEntries, totalJp } from '../jp-ledger/jp-ledger.service';
import { isPerson } from '../../identity';
import { myCourseProgress, resumeMaterialOf } from '../progress/progress-view.service';
import type { CohortLearner, LearningDashboard, LearningEnrollment } from './learning.types';

export async function myLearning(ctx: Context): Promise<LearningDashboard> {
  if (!isPerson(ctx.caller)) throw unauthenticated('Sign in as a person to see your learning');
  const year = jakartaYear();
  const [enrollments, jpEntries] = await Promise.all([
    ctx.em.find(
      Enrollment,
      { user: ctx.caller.userId, status: { $in: [EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED] } },
      { orderBy: { enrolledAt: 'desc', id: 'asc' } },
    ),
    myJpEntries(ctx, year),
  ]);
  // Loaders batch the courses, progress facts and next materials of all enrollments together.
  const rows = await Promise.all(enrollments.map((enrollment) => dashboardRow(ctx, enrollment)));
  return {
    year,
    enrollments: rows.filter((row): row is LearningEnrollment => row !== null),
    jpThisYear: totalJp(jpEntries),
    jpTarget: ctx.app.config.jpTargetPerYear,
    jpEntries,
  };
}

async function dashboardRow(ctx: Context, enrollment: Enrollment): Promise<LearningEnrollment | null> {
  const course = await ctx.loaders.courseById.load(enrollment.course.id);
  if (!course) return null;
  const progress = await myCourseProgress(ctx, course as Course);
  const nextMaterial = progress ? await resumeMaterialOf(ctx, progress) : null;
  return { enrollment, course: course as Course, status: enrollment.status, percent: progress?.percent ?? 0, nextMaterial: nextMaterial ?? null };
}

interface LearnerRow {
  enrollment_id: string;
  user_id: string;
  status: EnrollmentStatus;
  enrolled_at: Date;
  total_required: string;
  completed_required: string;
  last_activity_at: Date | null;
}

/**
 * The cohort's learners with where they stand, in one statement whatever the cohort's size
 * (plus the staff check and one batched load each of users and enrollments).
 */
export async function cohortLearnerProgress(ctx: Context, cohort: Cohort, stuckAfterDays: number): Promise<CohortLearner[]> {
  if (!Number.isInteger(stuckAfterDays) || stuckAfterDays < 1 || stuckAfterDays > 365) {
    throw badField('stuckAfterDays', 'must be a whole number of days from 1 to 365');
  }
  if (!(await mayViewCohort(ctx, cohort))) throw forbidden('Only the course’s staff may see a cohort’s learners');
  // raw SQL: a CTE with correlated counts per learner, one statement for the whole cohort
  const rows = await ctx.em.execute<LearnerRow[]>(
    `WITH course_materials AS (
       SELECT m.id, m.required FROM materials m JOIN course_modules cm ON cm.id = m.module_id WHERE cm.course_id = ?)
     SELECT e.id AS enrollment_id, e.user_id, e.status, e.enrolled_at,
            (SELECT count(*) FROM course_materials WHERE required) AS total_required,
            (SELECT count(*) FROM material_progress mp JOIN course_materials c ON c.id = mp.material_id
              WHERE mp.user_id = e.user_id AND c.required AND mp.status = 'COMPLETED') AS completed_required,
            (SELECT max(mp.last_event_at) FROM material_progress mp JOIN course_materials c ON c.id = mp.material_id
              WHERE mp.user_id = e.user_id) AS last_activity_at
       FROM enrollments e
      WHERE e.cohort_id = ? AND e.status IN ('ACTIVE', 'COMPLETED')
      ORDER BY e.enrolled_at, e.id`,
    [cohort.course.id, cohort.id],
  );
  // Loaded, not referenced: a reference answers only its id, and the schema lets clients ask for all of the enrollment.
  const [users, enrollments] = await Promise.all([
    ctx.loaders.userById.loadMany(rows.map((row) => row.user_id)),
    ctx.loaders.enrollmentById.loadMany(rows.map((row) => row.enrollment_id)),
  ]);
  const stuckBefore = Date.now() - stuckAfterDays * 86_400_000;
  return rows.flatMap((row, index) => {
    const user = users[index];
    const enrollment = enrollments[index];
    if (!user || user instanceof Error || !enrollment || enrollment instanceof Error) return [];
    const total = Number(row.total_required);
    const completed = row.status === EnrollmentStatus.COMPLETED;
    const lastActivityAt = row.last_activity_at ? new Date(row.last_activity_at) : null;
    const since = (lastActivityAt ?? new Date(row.enrolled_at)).getTime();
    return [
      {
        user,
        enrollment,
        percent: total === 0 ? 100 : Math.floor((Number(row.completed_required) * 100) / total),
        lastActivityAt,
        stuck: !completed && since < stuckBefore,
        completed,
      },
    ];
  });
}
