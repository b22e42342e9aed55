import type { Auth } from '../../api/session';
import { useUi } from '../../context';

/**
 * The instructor's area (`/teach/…`): their courses, authoring, uploads, the review queue and
 * cohort progress. `rest` is the path below `/teach`; the area routes its own screens.
 */
export function TeachArea(_props: { auth: Auth; rest: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  return (
    <section class="card">
      <h1>{t.teachTitle}</h1>
    </section>
  );
}
