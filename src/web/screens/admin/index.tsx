import type { Auth } from '../../api/session';
import { useUi } from '../../context';

/**
 * The administrator's area (`/admin/…`, BKPSDM): course approvals, enrolments, the agency JP
 * report and partners. `rest` is the path below `/admin`; the area routes its own screens.
 */
export function AdminArea(_props: { auth: Auth; rest: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  return (
    <section class="card">
      <h1>{t.adminTitle}</h1>
    </section>
  );
}
