import { placeholders } from '../../db/sql';
import { type JpYear, jpYear } from '../jp-ledger/jp-ledger.service';

/**
 * Who a report counts, as SQL: the CTE `asn(id, name, nip, agency_id)` holds the ASN (active
 * users with a NIP) of the organizations in scope, with the organization whose report they
 * belong to. Users count where they are now: someone who moved agencies brings their year's JP
 * to the new one, as the agency's own roster would.
 */
export interface ReportScope {
  /** `WITH [RECURSIVE ...,] asn AS (...)`: append `, more AS (...)` or a SELECT. */
  cte: string;
  params: unknown[];
}

const ASN_WHERE = 'u.active AND u.nip IS NOT NULL';

/**
 * One agency and its sub-agencies, named by id (SUBTREE_SQL finds them): an IN list of known ids
 * lets the planner estimate from organization_id's statistics how many ASN it will get, so a
 * small agency is read through the users and ledger indexes instead of a scan of the ledger.
 */
export function agencyScope(agencyId: string, organizationIds: string[]): ReportScope {
  const ids = organizationIds.length ? organizationIds : [agencyId];
  return {
    cte: `WITH asn AS (
        SELECT u.id, u.name, u.nip, ?::uuid AS agency_id FROM users u
         WHERE u.organization_id IN (${placeholders(ids.length)}) AND ${ASN_WHERE})`,
    params: [agencyId, ...ids],
  };
}

/** Every top-level organization with its sub-organizations folded in: each ASN counts once. */
export function allAgenciesScope(): ReportScope {
  return {
    // UNION (not ALL): a parent cycle written by hand in the database cannot loop forever.
    cte: `WITH RECURSIVE tree(id, root_id) AS (
        SELECT id, id FROM organizations WHERE parent_id IS NULL
        UNION SELECT o.id, t.root_id FROM organizations o JOIN tree t ON o.parent_id = t.id),
      asn AS (SELECT u.id, u.name, u.nip, t.root_id AS agency_id FROM users u JOIN tree t ON t.id = u.organization_id WHERE ${ASN_WHERE})`,
    params: [],
  };
}

/** A report year is a JP year: the ledger's credited_on decides it. */
export type ReportYear = JpYear;
export const reportYear = jpYear;

/** Each ASN in scope with their JP of the year (0 without entries): the CTE `per_asn`. */
export const PER_ASN = `per_asn AS (
  SELECT asn.id, asn.name, asn.agency_id, coalesce(sum(l.jp), 0) AS jp
    FROM asn LEFT JOIN jp_ledger_entries l ON l.user_id = asn.id AND l.credited_on BETWEEN ?::date AND ?::date
   GROUP BY asn.id, asn.name, asn.agency_id)`;

/** Enrollments of the ASN in scope started in the year: the cohort completion and gain figures follow. */
export const STARTED_IN_YEAR = `e.enrolled_at >= ?::timestamptz AND e.enrolled_at < ?::timestamptz`;

/** Two decimals, as the quiz percents are kept. */
export const round2 = (value: number | string | null) => (value === null ? null : Math.round(Number(value) * 100) / 100);
