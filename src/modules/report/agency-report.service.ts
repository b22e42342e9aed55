import { Cursor } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { forbidden, notFound } from '../../errors';
import { type ConnectionShape, DEFAULT_PAGE_SIZE, decodeKeysetCursor, keysetConnection } from '../../graphql/connection';
import { isUuid } from '../../graphql/loaders';
import { organizationLineage, organizationSubtree } from '../organization/organization-tree';
import { courseCompletion, learningGainByCourse, topCourses } from './course-report.service';
import { canSeeAgencyReport } from './report.policy';
import { agencyScope, PER_ASN, type ReportScope, type ReportYear, reportYear, round2 } from './report.scope';
import type { AgencyFigures, AgencyJpReport, LearnerJp, LearnersArgs } from './report.types';

/**
 * The agency whose report the caller may see (the resolvers let only admins and agency heads
 * ask): NOT_FOUND for an unknown organization, FORBIDDEN for an agency head outside their own
 * subtree.
 */
export async function authorizeAgency(ctx: Context, organizationId: string, field = 'organizationId'): Promise<string[]> {
  const lineage = await organizationLineage(ctx.em, organizationId);
  if (!lineage.length) throw notFound(`Organization (${field})`);
  if (!canSeeAgencyReport(ctx.caller, lineage)) throw forbidden('An agency head sees the reports of their own agency and its sub-agencies only');
  return lineage;
}

interface FiguresRow {
  agency_id: string;
  asn_count: number;
  meeting: number;
  total_jp: number;
  average_jp: number | null;
}

/** asnCount, meeting target, total and mean JP per agency of the scope, in one statement. */
export async function agencyFigures(em: EntityManager, scope: ReportScope, year: ReportYear, target: number): Promise<AgencyFigures[]> {
  // raw SQL: the report CTEs with FILTER aggregates, which the ORM cannot express
  const rows = await em.execute<FiguresRow[]>(
    `${scope.cte}, ${PER_ASN}
     SELECT agency_id, count(*)::int AS asn_count, count(*) FILTER (WHERE jp >= ?)::int AS meeting,
            coalesce(sum(jp), 0)::float8 AS total_jp, avg(jp)::float8 AS average_jp
       FROM per_asn GROUP BY agency_id ORDER BY asn_count DESC, agency_id`,
    [...scope.params, year.firstDay, year.lastDay, target],
  );
  return rows.map(figuresOf);
}

const figuresOf = (row: FiguresRow): AgencyFigures => ({
  organizationId: row.agency_id,
  asnCount: row.asn_count,
  meetingTargetCount: row.meeting,
  meetingTargetPercent: row.asn_count ? round2((row.meeting * 100) / row.asn_count) : null,
  averageJp: round2(row.average_jp),
  totalJp: Math.round(row.total_jp * 10) / 10,
});

/** The report's root: who is counted and the headline figures; its lists resolve only when asked for. */
export async function agencyJpReport(ctx: Context, organizationId: string, year?: number | null): Promise<AgencyJpReport> {
  const period = reportYear(year);
  const [agencyId] = await authorizeAgency(ctx, organizationId);
  const organizationIds = await organizationSubtree(ctx.em, agencyId);
  const scope = agencyScope(agencyId, organizationIds);
  const target = ctx.app.config.jpTargetPerYear;
  const [figures] = await agencyFigures(ctx.em, scope, period, target);
  return {
    ...(figures ?? figuresOf({ agency_id: agencyId, asn_count: 0, meeting: 0, total_jp: 0, average_jp: null })),
    organizationId: agencyId,
    organizationIds,
    year: period.year,
    target,
  };
}

type LearnerCursor = { jp: string; name: string; id: string };

function decodeCursor(after: string | undefined | null): LearnerCursor | null {
  const values = decodeKeysetCursor(
    after,
    ([jp, name, id]) => typeof jp === 'string' && /^\d{1,9}(\.\d{1,3})?$/.test(jp) && typeof name === 'string' && typeof id === 'string' && isUuid(id),
  );
  return values && { jp: values[0] as string, name: values[1] as string, id: values[2] as string };
}

/**
 * The agency's ASN by JP ascending (those furthest from the target first), then name: keyset
 * paging on (jp, name, id), the JP kept as PostgreSQL's numeric text so no float rounding moves
 * a row across pages. One statement for the page and the total; users come from the loader.
 */
export async function agencyLearners(ctx: Context, report: AgencyJpReport, args: LearnersArgs): Promise<ConnectionShape<LearnerJp>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const after = decodeCursor(args.after);
  const scope = agencyScope(report.organizationId, report.organizationIds);
  const period = reportYear(report.year);
  // raw SQL: the report CTEs with a LATERAL page and its total in one statement
  const rows = await ctx.em.execute<{ total: number; id: string | null; name: string | null; jp: string | null }[]>(
    `${scope.cte}, ${PER_ASN},
       listed AS (SELECT * FROM per_asn WHERE NOT ?::boolean OR jp < ?)
     SELECT total.total, page.id, page.name, page.jp::text AS jp
       FROM (SELECT count(*)::int AS total FROM listed) total
       LEFT JOIN LATERAL (
         SELECT id, name, jp FROM listed
          WHERE ?::boolean OR (jp, name, id) > (?::numeric, ?::text, ?::uuid)
          ORDER BY jp, name, id LIMIT ?) page ON true`,
    [
      ...scope.params,
      period.firstDay,
      period.lastDay,
      args.belowTargetOnly ?? false,
      report.target,
      after === null,
      after?.jp ?? '0',
      after?.name ?? '',
      after?.id ?? '00000000-0000-0000-0000-000000000000',
      first + 1,
    ],
  );
  const total = rows[0]?.total ?? 0;
  const page = rows.filter((row): row is { total: number; id: string; name: string; jp: string } => row.id !== null);
  const edges = page.slice(0, first).map((row) => {
    const jp = Number(row.jp);
    return {
      cursor: Cursor.encode([row.jp, row.name, row.id]),
      node: { userId: row.id, jp, meetsTarget: jp >= report.target, shortfall: Math.max(0, Math.round((report.target - jp) * 10) / 10) },
    };
  });
  return keysetConnection(edges, { fetchedMore: page.length > first, after, totalCount: total });
}

/** The report's lists, over the same agency and year as its root (authorized when the root was made). */
export const agencyTopCourses = (ctx: Context, report: AgencyJpReport, limit: number) =>
  topCourses(ctx.em, agencyScope(report.organizationId, report.organizationIds), reportYear(report.year), limit);
export const agencyCourses = (ctx: Context, report: AgencyJpReport) => courseCompletion(ctx.em, agencyScope(report.organizationId, report.organizationIds), reportYear(report.year));
export const agencyLearningGain = (ctx: Context, report: AgencyJpReport) =>
  learningGainByCourse(ctx.em, agencyScope(report.organizationId, report.organizationIds), reportYear(report.year));
