import type { Context } from '../../context';
import { agencyFigures } from './agency-report.service';
import { courseCompletion, learningGainByAgency, learningGainByCourse, noGain } from './course-report.service';
import { allAgenciesScope, reportYear } from './report.scope';
import type { TrainingReport } from './report.types';

/**
 * The administrators' view of a year: every course's completion and gain across all agencies,
 * and every top-level organization's JP figures and gain. Four statements, whatever the size.
 * Admins only, by the resolver's @Authorized.
 */
export async function trainingReport(ctx: Context, year?: number | null): Promise<TrainingReport> {
  const period = reportYear(year);
  const target = ctx.app.config.jpTargetPerYear;
  const scope = allAgenciesScope();
  const [courses, learningGain, figures, gainByAgency] = await Promise.all([
    courseCompletion(ctx.em, scope, period),
    learningGainByCourse(ctx.em, scope, period),
    agencyFigures(ctx.em, scope, period, target),
    learningGainByAgency(ctx.em, scope, period),
  ]);
  return {
    year: period.year,
    target,
    courses,
    learningGain,
    agencies: figures.map((row) => ({ ...row, learningGain: gainByAgency.get(row.organizationId) ?? noGain() })),
  };
}
