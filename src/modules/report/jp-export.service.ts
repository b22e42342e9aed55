import type { Context } from '../../context';
import { inTransaction } from '../../db/transaction';
import { forbidden, notFound } from '../../errors';
import { findById } from '../../graphql/loaders';
import { JOBS } from '../../jobs/job-names';
import { organizationLineage } from '../organization/organization-tree';
import { authorizeAgency } from './agency-report.service';
import { JpExport, JpExportStatus } from './jp-export.entity';
import { canSeeAgencyReport } from './report.policy';
import { reportYear } from './report.scope';
import { exportFilename } from './riwayat-csv';

/** A presigned link lives this long: enough to start a download, short enough not to be passed around. */
export const DOWNLOAD_SECONDS = 600;

/**
 * Queues a CSV export of an agency's JP records for a year, for admins and the agency's heads
 * (the same rule as the report). The row and its job commit together, so the worker finds the
 * row, and a failed enqueue leaves no PENDING row behind.
 */
export async function requestJpExport(ctx: Context, organizationId: string, year?: number | null): Promise<JpExport> {
  const period = reportYear(year);
  const [agencyId] = await authorizeAgency(ctx, organizationId);
  const caller = ctx.caller;
  if (caller?.kind !== 'user') throw forbidden('Exports are requested by people');
  return inTransaction(ctx, async (tx) => {
    const job = tx.em.create(JpExport, { organization: agencyId, year: period.year, requestedBy: caller.userId });
    await tx.em.flush();
    await tx.app.jobs.sendInTransaction(tx.em, JOBS.exportJpRecords, { exportId: job.id }, { retryLimit: 3, retryDelay: 5 });
    return job;
  });
}

/** An export, for admins and the heads of its agency (or above it). */
export async function findJpExport(ctx: Context, id: string): Promise<JpExport> {
  const job = await findById(ctx.em, JpExport, id);
  if (!job) throw notFound('Export');
  const lineage = await organizationLineage(ctx.em, job.organization.id);
  // It holds the agency's NIPs and names: whoever sees the report now, not whoever asked once.
  if (!canSeeAgencyReport(ctx.caller, lineage)) throw forbidden('This export is for admins and the agency’s heads');
  return job;
}

/** A short-lived GET of a READY export, offered under a readable file name; null before it is ready. */
export async function jpExportDownloadUrl(ctx: Context, job: JpExport): Promise<string | null> {
  if (job.status !== JpExportStatus.READY || !job.objectKey) return null;
  return ctx.app.storage.presignedGetUrl(job.objectKey, DOWNLOAD_SECONDS, {
    downloadFilename: await jpExportFilename(ctx, job),
    contentType: 'text/csv; charset=utf-8',
  });
}

export async function jpExportFilename(ctx: Context, job: JpExport): Promise<string> {
  const organization = await ctx.loaders.organizationById.load(job.organization.id);
  return exportFilename(organization?.name ?? 'instansi', job.year);
}
