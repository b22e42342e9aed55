import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { badField, forbidden, notFound } from '../../errors';
import { isUuid } from '../../graphql/loaders';
import type { Course } from '../course/course.entity';
import type { User } from '../user/user.entity';
import type { CourseEvaluationReport, CourseTeachingEvaluation, InstructorEvaluationSummary } from './evaluation.inputs';
import { canSeeCourseReport, canSeeInstructorRows, hasTeachingSummary } from './evaluation.policy';
import { COURSE_QUESTIONS, INSTRUCTOR_QUESTIONS } from './evaluation.questions';
import { addGroups, aggregateGroup, aggregatePart, combineShownGroups, type GroupCounts } from './evaluation.rules';

/** Enough for any cohort's or course's report; comments beyond it are not shown. */
export const MAX_REPORT_COMMENTS = 500;

interface CountRow {
  part_id: string | null;
  instructor_id: string | null;
  question_code: string | null;
  responses: string;
  s1: string;
  s2: string;
  s3: string;
  s4: string;
  s5: string;
}

/** A group: the evaluations of one part (a course, or a cohort: '' for none) about the course (null) or one instructor. */
const groupKey = (partId: string | null, instructorId: string | null) => `${partId ?? ''}:${instructorId ?? ''}`;
const NO_ANSWERS: GroupCounts = { responses: 0, counts: [] };

/**
 * Counts answers per group (part × instructor, null = the course itself; the part is the course
 * or the cohort) and question in one statement: per question the answers to each score, and per
 * group (the grouping set without the question) the number of evaluations, which is what decides
 * whether the group is shown.
 */
async function countAnswers(
  em: EntityManager,
  part: 'e.course_id' | 'e.cohort_id',
  where: string,
  params: unknown[],
): Promise<Map<string, GroupCounts>> {
  // raw SQL: grouped counts with FILTER per score, an aggregate the ORM cannot express
  const rows = await em.execute<CountRow[]>(
    `SELECT ${part} AS part_id, a.instructor_id, a.question_code, count(DISTINCT a.evaluation_id) AS responses,
            count(*) FILTER (WHERE a.score = 1) AS s1, count(*) FILTER (WHERE a.score = 2) AS s2,
            count(*) FILTER (WHERE a.score = 3) AS s3, count(*) FILTER (WHERE a.score = 4) AS s4,
            count(*) FILTER (WHERE a.score = 5) AS s5
       FROM evaluation_answers a JOIN course_evaluations e ON e.id = a.evaluation_id
      WHERE ${where}
      GROUP BY GROUPING SETS ((${part}, a.instructor_id, a.question_code), (${part}, a.instructor_id))`,
    params,
  );
  const groups = new Map<string, GroupCounts>();
  for (const row of rows) {
    const key = groupKey(row.part_id, row.instructor_id);
    const group = groups.get(key) ?? { responses: 0, counts: [] };
    groups.set(key, group);
    // question_code is NOT NULL in the table: null marks the group's own row.
    if (row.question_code === null) group.responses = Number(row.responses);
    else group.counts.push({ questionCode: row.question_code, distribution: [row.s1, row.s2, row.s3, row.s4, row.s5].map(Number) });
  }
  return groups;
}

/**
 * Courses whose penyelenggaraan scores an instructor sees: those of their organization (they
 * author them), those they teach (the course's or a cohort's instructor), and those whose
 * learners evaluated them.
 */
const TEACHING_SCOPE = `SELECT id FROM courses WHERE organization_id = ?
   UNION SELECT course_id FROM course_instructors WHERE user_id = ?
   UNION SELECT c.course_id FROM cohort_instructors ci JOIN cohorts c ON c.id = ci.cohort_id WHERE ci.user_id = ?
   UNION SELECT e2.course_id FROM evaluation_answers a2 JOIN course_evaluations e2 ON e2.id = a2.evaluation_id WHERE a2.instructor_id = ?`;

/**
 * An instructor's own widyaiswara scores and the penyelenggaraan scores of the courses they teach
 * or author, as aggregates only: no names, no comments, nothing of a group smaller than MIN_GROUP.
 * Every group here spans a whole course (never a cohort), the same wholes courseEvaluationReport
 * shows without a cohort, so the cohort rule (releasableParts) covers differences with it.
 */
export async function myTeachingEvaluation(ctx: Context, courseId?: string | null): Promise<InstructorEvaluationSummary> {
  const caller = ctx.caller;
  if (!hasTeachingSummary(caller)) throw forbidden('Only a signed-in instructor has a teaching evaluation');
  const scopeParams = [caller.organizationId, caller.userId, caller.userId, caller.userId];
  let where = `(a.instructor_id = ? OR (a.instructor_id IS NULL AND e.course_id IN (${TEACHING_SCOPE})))`;
  const params: unknown[] = [caller.userId, ...scopeParams];

  if (courseId !== undefined && courseId !== null) {
    const course = isUuid(courseId) ? await ctx.loaders.courseById.load(courseId) : null;
    if (!course) throw notFound('Course');
    // raw SQL: membership in the shared teaching-scope SQL (a UNION subquery)
    const inScope = await ctx.em.execute<unknown[]>(`SELECT 1 FROM (${TEACHING_SCOPE}) scope WHERE scope.id = ?`, [...scopeParams, course.id]);
    if (!inScope.length && !canSeeCourseReport(caller, course)) throw forbidden('You neither teach nor author this course');
    where += ' AND e.course_id = ?';
    params.push(course.id);
  }

  const groups = await countAnswers(ctx.em, 'e.course_id', where, params);
  const courseIds = [...new Set([...groups.keys()].map((key) => key.split(':')[0]))];
  if (courseId && !courseIds.includes(courseId)) courseIds.push(courseId);
  const courses = (await ctx.loaders.courseById.loadMany(courseIds)).filter((course): course is Course => !!course && !(course instanceof Error));
  courses.sort((a, b) => a.title.localeCompare(b.title, 'id'));

  const mine = courses.map((course) => groups.get(groupKey(course.id, caller.userId)) ?? NO_ANSWERS);
  const overall = combineShownGroups(mine);
  return {
    myTeaching: aggregateGroup(overall.responses, overall.counts, INSTRUCTOR_QUESTIONS),
    courses: courses.map(
      (course, index): CourseTeachingEvaluation => ({
        course,
        myTeaching: aggregateGroup(mine[index].responses, mine[index].counts, INSTRUCTOR_QUESTIONS),
        courseQuestions: courseAggregateOf(groups.get(groupKey(course.id, null))),
      }),
    ),
  };
}

function courseAggregateOf(group: GroupCounts | undefined) {
  const { responses, counts } = group ?? NO_ANSWERS;
  return aggregateGroup(responses, counts, COURSE_QUESTIONS);
}

/**
 * A course's evaluations (optionally one cohort's): the penyelenggaraan aggregate for its authors
 * and admins; per-instructor aggregates and the anonymous comments for admins only. A cohort's
 * groups are shown only where releasableParts allows, since the course-wide answer (here or in
 * myTeachingEvaluation) minus the cohort's is the rest of the course.
 */
export async function courseEvaluationReport(ctx: Context, courseId: string, cohortId?: string | null): Promise<CourseEvaluationReport> {
  const course = isUuid(courseId) ? await ctx.loaders.courseById.load(courseId) : null;
  if (!course) throw notFound('Course');
  if (!canSeeCourseReport(ctx.caller, course)) throw forbidden('Only admins and the course’s authors see its evaluations');
  const cohort = cohortId !== undefined && cohortId !== null && isUuid(cohortId) ? await ctx.loaders.cohortById.load(cohortId) : null;
  if (cohortId !== undefined && cohortId !== null && (!cohort || cohort.course.id !== course.id)) {
    throw badField('cohortId', 'No cohort of this course has this id');
  }

  // Every cohort of the course is counted even for one cohort's report: whether a cohort may be
  // shown depends on what the rest of the course would then give away by subtraction.
  const byCohort = await countAnswers(ctx.em, 'e.cohort_id', 'e.course_id = ?', [course.id]);
  const keys = [...byCohort.keys()].map((key) => key.split(':'));
  const cohortIds = [...new Set(keys.map(([part]) => part).filter(Boolean))];
  if (cohort && !cohortIds.includes(cohort.id)) cohortIds.push(cohort.id);
  // One order for every request: releasableParts breaks ties by position, and were two reports
  // to order equal cohorts differently, each could show the one the other withheld.
  cohortIds.sort();
  const groupOf = (partId: string | null, instructorId: string | null) => byCohort.get(groupKey(partId, instructorId)) ?? NO_ANSWERS;
  /** The course's (or one instructor's) group, or the requested cohort's part of it. */
  const aggregate = (instructorId: string | null, catalogue: typeof COURSE_QUESTIONS) => {
    // Evaluations without a cohort (self-paced) are in the course but in no askable part.
    const whole = addGroups([...cohortIds, null].map((partId) => groupOf(partId, instructorId)));
    if (!cohort) return aggregateGroup(whole.responses, whole.counts, catalogue);
    const parts = cohortIds.map((partId) => groupOf(partId, instructorId));
    return aggregatePart(whole, parts, cohortIds.indexOf(cohort.id), catalogue);
  };

  const report: CourseEvaluationReport = {
    course,
    cohort,
    courseQuestions: aggregate(null, COURSE_QUESTIONS),
    instructors: null,
    comments: null,
  };
  if (!canSeeInstructorRows(ctx.caller)) return report;

  const instructorIds = [...new Set(keys.filter(([part, instructor]) => instructor && (!cohort || part === cohort.id)).map(([, instructor]) => instructor))];
  const users = (await ctx.loaders.userById.loadMany(instructorIds)).filter((user): user is User => !!user && !(user instanceof Error));
  users.sort((a, b) => a.name.localeCompare(b.name, 'id'));
  report.instructors = users.map((instructor) => ({ instructor, aggregate: aggregate(instructor.id, INSTRUCTOR_QUESTIONS) }));
  // Every evaluation answers the course questions, so their group is the evaluations themselves:
  // its comments go with it, and what rules it out rules them out too.
  if (!report.courseQuestions.withheld) {
    const where = cohort ? 'e.course_id = ? AND e.cohort_id = ?' : 'e.course_id = ?';
    const params = cohort ? [course.id, cohort.id] : [course.id];
    // md5 of the id: a fixed order unrelated to when (or by whom) a comment was written.
    // raw SQL: ORDER BY md5(id): an order by an expression, for a fixed order unrelated to time
    const rows = await ctx.em.execute<{ comment: string }[]>(
      `SELECT e.comment FROM course_evaluations e WHERE ${where} AND e.comment IS NOT NULL ORDER BY md5(e.id::text) LIMIT ${MAX_REPORT_COMMENTS}`,
      params,
    );
    report.comments = rows.map((row) => row.comment);
  }
  return report;
}
