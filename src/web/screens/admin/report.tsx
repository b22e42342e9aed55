import { useEffect, useRef, useState } from 'preact/hooks';
import { AgencyJpReportQuery, JpExportQuery, OrganizationsQuery, RequestJpExportMutation } from '../../api/admin-operations';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import type { AgencyJpReportQuery as ReportData, JpExportFieldsFragment } from '../../gql/graphql';
import { formatNumber } from '../../i18n';
import { LoadStatus } from '../status';
import { useQuery } from '../use-query';
import { FormError, useAction } from './shared';

/** How often the export is asked about while the background job writes it, and for how long. */
const POLL_MS = 1000;
const POLL_LIMIT = 180;

/** The agency JP report: choose an agency and a year, read the figures, export the CSV. */
export function ReportScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [agencies, reloadAgencies] = useQuery(auth, OrganizationsQuery, { kind: 'AGENCY' }, onSessionEnded);
  const [agencyId, setAgencyId] = useState('');
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [shown, setShown] = useState<{ organizationId: string; year: number } | undefined>();
  const [missing, setMissing] = useState(false);

  const submit = (event: Event) => {
    event.preventDefault();
    const yearNumber = Number(year);
    if (!agencyId || !Number.isInteger(yearNumber) || yearNumber < 2000 || yearNumber > 2199) return setMissing(true);
    setMissing(false);
    setShown({ organizationId: agencyId, year: yearNumber });
  };

  return (
    <>
      <h1>{t.reportTitle}</h1>
      <LoadStatus loaded={agencies} onRetry={reloadAgencies} />
      {agencies.state === 'done' && (
        <form class="card stack" onSubmit={submit} noValidate>
          <label>
            {t.agencyLabel}
            <select required value={agencyId} onChange={(event) => setAgencyId(event.currentTarget.value)}>
              <option value="">{t.chooseAgency}</option>
              {agencies.data.organizations.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.parent ? `${node.name} (${node.parent.name})` : node.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t.reportYear}
            <input type="number" inputMode="numeric" min={2000} max={2199} required value={year} onInput={(event) => setYear(event.currentTarget.value)} />
          </label>
          <FormError text={missing ? t.reportChoose : undefined} />
          <button type="submit" class="primary">
            {t.reportShow}
          </button>
        </form>
      )}
      {shown && <Report key={`${shown.organizationId}-${shown.year}`} auth={auth} organizationId={shown.organizationId} year={shown.year} onSessionEnded={onSessionEnded} />}
    </>
  );
}

type AgencyReport = ReportData['agencyJpReport'];

function Report({ auth, organizationId, year, onSessionEnded }: { auth: Auth; organizationId: string; year: number; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, AgencyJpReportQuery, { organizationId, year }, onSessionEnded);
  const n = (value: number) => formatNumber(language, value);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const report: AgencyReport = loaded.data.agencyJpReport;
  return (
    <section aria-labelledby="report-heading" data-testid="jp-report">
      <h2 id="report-heading">{t.reportHeading(report.organization.name, String(report.year))}</h2>
      <dl class="figures card">
        <div>
          <dt>{t.reportAsn}</dt>
          <dd>{n(report.asnCount)}</dd>
        </div>
        <div>
          <dt>{t.reportMeetingTarget(n(report.target))}</dt>
          <dd>
            {n(report.meetingTargetCount)}
            {report.meetingTargetPercent !== null && report.meetingTargetPercent !== undefined && <span class="muted"> ({n(report.meetingTargetPercent)}%)</span>}
          </dd>
        </div>
        <div>
          <dt>{t.reportAverageJp}</dt>
          <dd>{report.averageJp === null || report.averageJp === undefined ? '—' : n(report.averageJp)}</dd>
        </div>
        <div>
          <dt>{t.reportTotalJp}</dt>
          <dd>{n(report.totalJp)}</dd>
        </div>
      </dl>

      <Export auth={auth} organizationId={organizationId} year={year} onSessionEnded={onSessionEnded} />

      <h3>{t.reportLearners}</h3>
      {report.learners.totalCount === 0 ? (
        <p class="muted">{t.reportNoAsn}</p>
      ) : (
        <>
          <p class="small muted">{t.reportLearnersNote(n(report.learners.edges.length), n(report.learners.totalCount))}</p>
          <div class="scroll" role="region" aria-label={t.reportLearners} tabIndex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.nipAndName}</th>
                  <th scope="col" class="num">
                    {t.jpColumn}
                  </th>
                  <th scope="col" class="num">
                    {t.shortfallColumn}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.learners.edges.map(({ node }) => (
                  <tr key={node.user.id}>
                    <td>
                      <span class="nip">{node.user.nip ?? '—'}</span>
                      <span class="small who">
                        {node.user.name}
                        {node.user.organization.id !== report.organization.id && ` · ${node.user.organization.name}`}
                      </span>
                    </td>
                    <td class="num">{n(node.jp)}</td>
                    <td class="num">{node.meetsTarget ? t.targetMet : n(node.shortfall)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {report.topCourses.length > 0 && (
        <>
          <h3>{t.reportTopCourses}</h3>
          <ol>
            {report.topCourses.map((row) => (
              <li key={row.course.id}>
                {row.course.title} <span class="muted">· {t.reportCompletions(n(row.completions), n(row.jp))}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The CSV (SIASN's riwayat pelatihan): queued on the server, asked about until READY, then a link. */
function Export({ auth, organizationId, year, onSessionEnded }: { auth: Auth; organizationId: string; year: number; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const action = useAction(onSessionEnded);
  const [job, setJob] = useState<JpExportFieldsFragment | undefined>();
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const n = (value: number) => formatNumber(language, value);

  const start = async () => {
    setJob(undefined);
    const requested = await action.run(() => auth.run(RequestJpExportMutation, { organizationId, year }));
    if (!requested) return;
    let current = requested.requestJpExport;
    setJob(current);
    for (let tries = 0; tries < POLL_LIMIT && alive.current && (current.status === 'PENDING' || current.status === 'RUNNING'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const next = await action.run(() => auth.run(JpExportQuery, { id: current.id }));
      if (!next) return;
      current = next.jpExport;
      if (alive.current) setJob(current);
    }
  };

  const working = action.busy || job?.status === 'PENDING' || job?.status === 'RUNNING';
  return (
    <div class="card">
      <h3>{t.exportHeading}</h3>
      <p class="small muted">{t.exportHint}</p>
      <button type="button" class="primary" disabled={working} onClick={start}>
        {t.exportCsv}
      </button>
      <FormError text={action.error} />
      <div aria-live="polite" data-testid="jp-export">
        {working && <p>{t.exportWorking}</p>}
        {job?.status === 'FAILED' && (
          <p class="error" role="alert">
            {t.exportFailed}
          </p>
        )}
        {job?.status === 'READY' && job.downloadUrl && (
          <p class="actions">
            <a class="button" href={job.downloadUrl} download={job.filename}>
              {t.exportDownload(job.filename)}
            </a>
            <br />
            <span class="small muted">{t.exportReady(n(job.rowCount ?? 0))}</span>
          </p>
        )}
      </div>
    </div>
  );
}
