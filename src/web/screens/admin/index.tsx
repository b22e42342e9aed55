import { useEffect, useState } from 'preact/hooks';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';

type Screens = typeof import('./area');
let loading: Promise<Screens> | undefined;

/**
 * The administrator's area (`/admin/…`, BKPSDM): course approvals, enrolments, the agency JP
 * report and partners. `rest` is the path below `/admin`; the area routes its own screens.
 * Its code is a chunk of its own, loaded when an administrator opens it: learners on a weak link
 * never wait for it on their first load.
 */
export function AdminArea(props: { auth: Auth; rest: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [screens, setScreens] = useState<Screens | undefined>();
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setFailed(false);
    (loading ??= import('./area')).then(
      (loaded) => current && setScreens(loaded),
      () => {
        // Offline before the service worker kept it: a later try may work.
        loading = undefined;
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [attempt]);
  if (screens) return <screens.AdminAreaScreens {...props} />;
  if (!failed) return <p aria-live="polite">{t.loading}</p>;
  return (
    <div class="notice" role="alert">
      <p>{t.offline}</p>
      <button type="button" class="primary" onClick={() => setAttempt((n) => n + 1)}>
        {t.retry}
      </button>
    </div>
  );
}
