import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ObjectStorage } from '../../storage/storage.port';
import { organizationSubtree } from '../organization/organization-tree';
import { JpExport, JpExportStatus } from './jp-export.entity';
import { agencyScope, reportYear } from './report.scope';
import { csvLine, formatJp, jenisPelatihan, RIWAYAT_HEADER, UTF8_BOM } from './riwayat-csv';

export const jpExportObjectKey = (exportId: string) => `exports/jp/${exportId}.csv`;

/** Rows fetched from the server-side cursor at a time: the job's memory is bounded by this, not by the export. */
const FETCH_ROWS = 2000;

interface RiwayatRow {
  nip: string;
  name: string;
  title: string;
  source: string;
  competency: string | null;
  seminar_kind: string | null;
  starts_on: string | null;
  ends_on: string | null;
  jp: string;
  certificate: string | null;
  organiser: string | null;
}

/**
 * One row per ledger entry of the agency's ASN in the year. What source_id points to decides the
 * joins: COURSE → the enrollment (its course, the course's organization, its certificate);
 * SEMINAR → the seminar registration (the seminar, its organizer, the certificate of attendance);
 * CLASSROOM → the cohort session (its cohort's course, and the learner's certificate of it).
 */
function riwayatQuery(organizationId: string, organizationIds: string[], year: number) {
  const scope = agencyScope(organizationId, organizationIds);
  const period = reportYear(year);
  const jakartaDay = (column: string) => `to_char(${column} AT TIME ZONE 'Asia/Jakarta', 'DD-MM-YYYY')`;
  return {
    sql: `${scope.cte}
      SELECT asn.nip, asn.name, l.title, l.source, coalesce(c.competency, sc.competency) AS competency, s.kind AS seminar_kind,
             coalesce(${jakartaDay('e.enrolled_at')}, ${jakartaDay('s.starts_at')}, ${jakartaDay('cs.starts_at')}, to_char(l.credited_on, 'DD-MM-YYYY')) AS starts_on,
             coalesce(${jakartaDay('e.completed_at')}, ${jakartaDay('s.ends_at')}, ${jakartaDay('cs.ends_at')}, to_char(l.credited_on, 'DD-MM-YYYY')) AS ends_on,
             l.jp::text AS jp, coalesce(ec.number, rc.number, sec.number) AS certificate, coalesce(co.name, so.name, sco.name) AS organiser
        FROM jp_ledger_entries l JOIN asn ON asn.id = l.user_id
        LEFT JOIN enrollments e ON l.source = 'COURSE' AND e.id = l.source_id
        LEFT JOIN courses c ON c.id = e.course_id
        LEFT JOIN organizations co ON co.id = c.organization_id
        LEFT JOIN certificates ec ON ec.enrollment_id = e.id
        LEFT JOIN seminar_registrations r ON l.source = 'SEMINAR' AND r.id = l.source_id
        LEFT JOIN seminars s ON s.id = r.seminar_id
        LEFT JOIN organizations so ON so.id = s.organizer_id
        LEFT JOIN certificates rc ON rc.seminar_registration_id = r.id
        LEFT JOIN cohort_sessions cs ON l.source = 'CLASSROOM' AND cs.id = l.source_id
        LEFT JOIN cohorts ch ON ch.id = cs.cohort_id
        LEFT JOIN courses sc ON sc.id = ch.course_id
        LEFT JOIN organizations sco ON sco.id = sc.organization_id
        LEFT JOIN enrollments se ON se.user_id = l.user_id AND se.course_id = sc.id
        LEFT JOIN certificates sec ON sec.enrollment_id = se.id
       WHERE l.credited_on BETWEEN ?::date AND ?::date
       ORDER BY asn.nip, l.credited_on, l.id`,
    params: [...scope.params, period.firstDay, period.lastDay],
  };
}

const lineOf = (row: RiwayatRow) =>
  csvLine([
    row.nip,
    row.name,
    row.title,
    jenisPelatihan(row.source, row.competency, row.seminar_kind),
    row.starts_on,
    row.ends_on,
    formatJp(row.jp),
    row.certificate,
    row.organiser,
  ]);

/**
 * The CSV's lines from a server-side cursor in one read-only snapshot, FETCH_ROWS at a time. The
 * transaction stays open while the consumer writes, so the consumer's pace bounds the memory.
 */
async function* riwayatLines(em: EntityManager, organizationId: string, year: number, counter: { rows: number }): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine([...RIWAYAT_HEADER]);
  const query = riwayatQuery(organizationId, await organizationSubtree(em, organizationId), year);
  const tx = em.fork();
  await tx.begin({ isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  try {
    // raw SQL: a server-side cursor (DECLARE/FETCH) streams the export; the ORM has none
    await tx.execute(`DECLARE riwayat NO SCROLL CURSOR FOR ${query.sql}`, query.params);
    for (;;) {
      const batch = await tx.execute<RiwayatRow[]>(`FETCH ${FETCH_ROWS} FROM riwayat`);
      if (!batch.length) break;
      counter.rows += batch.length;
      yield batch.map(lineOf).join('');
    }
  } finally {
    // A read-only snapshot: ending it either way changes nothing, and closes the cursor.
    await tx.rollback();
  }
}

/**
 * Writes the CSV to `file`. pipeline waits for the disk when the stream's buffer is full and
 * turns a write error (disk full, no temp directory) into this function's rejection, so the job
 * records FAILED instead of the error escaping the worker.
 */
async function writeRiwayatCsv(em: EntityManager, file: string, organizationId: string, year: number): Promise<number> {
  const counter = { rows: 0 };
  await pipeline(Readable.from(riwayatLines(em, organizationId, year, counter)), createWriteStream(file, { encoding: 'utf8' }));
  return counter.rows;
}

/**
 * The job: writes the export to a temporary file, then streams it up with its size known (object
 * stores need the length up front for a single PUT), and records the outcome.
 * The job commits with its row, so a missing row was removed since and the job fails; a READY
 * export is left alone, so a duplicate job changes nothing.
 */
export async function runJpExport(em: EntityManager, storage: ObjectStorage, logger: Logger, exportId: string, directory = tmpdir()) {
  const job = await em.findOne(JpExport, { id: exportId });
  if (!job) throw new Error(`JP export ${exportId} does not exist`);
  if (job.status === JpExportStatus.READY) return { exportId, skipped: true };
  await em.nativeUpdate(JpExport, { id: exportId }, { status: JpExportStatus.RUNNING, error: null });
  const file = path.join(directory, `pelita-jp-export-${exportId}-${process.pid}.csv`);
  try {
    const rowCount = await writeRiwayatCsv(em, file, job.organization.id, job.year);
    const { size } = await stat(file);
    const key = jpExportObjectKey(exportId);
    await storage.putFile(key, file, size, 'text/csv; charset=utf-8');
    await em.nativeUpdate(JpExport, { id: exportId }, { status: JpExportStatus.READY, rowCount, byteSize: size, objectKey: key, finishedAt: new Date() });
    return { exportId, rowCount, bytes: size };
  } catch (error) {
    logger.error({ err: error, exportId }, 'JP export failed');
    const message = error instanceof Error ? error.message : String(error);
    await em.nativeUpdate(JpExport, { id: exportId }, { status: JpExportStatus.FAILED, error: message.slice(0, 500), finishedAt: new Date() });
    return { exportId, failed: true };
  } finally {
    await rm(file, { force: true });
  }
}
