import { useEffect, useState } from 'preact/hooks';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import { onLinkClick } from '../../router';
import { adminPaths, adminRouteOf } from './paths';
import { ApprovalsScreen, ReviewCourseScreen } from './approvals';
import { EnrolScreen } from './enrol';
import { PartnersScreen } from './partners';
import { PeopleScreen } from './people';
import { ReportScreen } from './report';

/**
 * The administrator's screens (`/admin/…`, BKPSDM): course approvals, enrolments, the agency JP
 * report, partners, and people (a forgotten password). `rest` is the path below `/admin`; the area routes its own screens.
 */
export function AdminAreaScreens({ auth, rest, onSessionEnded }: { auth: Auth; rest: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const route = adminRouteOf(rest);
  // What the last decision did, said once on the approvals list it leads back to.
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    if (route.name !== 'approvals') setNotice(undefined);
  }, [route.name]);
  const section = route.name === 'review' ? 'approvals' : route.name;
  return (
    <div class="admin">
      <nav class="subnav" aria-label={t.adminNavLabel}>
        <a href={adminPaths.approvals()} onClick={onLinkClick} aria-current={section === 'approvals' ? 'page' : undefined}>
          {t.adminNavApprovals}
        </a>
        <a href={adminPaths.enrol()} onClick={onLinkClick} aria-current={section === 'enrol' ? 'page' : undefined}>
          {t.adminNavEnrol}
        </a>
        <a href={adminPaths.report()} onClick={onLinkClick} aria-current={section === 'report' ? 'page' : undefined}>
          {t.adminNavReport}
        </a>
        <a href={adminPaths.partners()} onClick={onLinkClick} aria-current={section === 'partners' ? 'page' : undefined}>
          {t.adminNavPartners}
        </a>
        <a href={adminPaths.people()} onClick={onLinkClick} aria-current={section === 'people' ? 'page' : undefined}>
          {t.adminNavPeople}
        </a>
      </nav>
      {/* Outlives the screens below it, so a screen reader hears what the decision did after the page changed. */}
      <div aria-live="polite">{notice && <p class="notice">{notice}</p>}</div>
      {route.name === 'approvals' && <ApprovalsScreen auth={auth} onSessionEnded={onSessionEnded} />}
      {route.name === 'review' && <ReviewCourseScreen key={route.courseId} auth={auth} courseId={route.courseId} onDecided={setNotice} onSessionEnded={onSessionEnded} />}
      {route.name === 'enrol' && <EnrolScreen auth={auth} onSessionEnded={onSessionEnded} />}
      {route.name === 'report' && <ReportScreen auth={auth} onSessionEnded={onSessionEnded} />}
      {route.name === 'partners' && <PartnersScreen key={route.organizationId ?? ''} auth={auth} organizationId={route.organizationId} onSessionEnded={onSessionEnded} />}
      {route.name === 'people' && <PeopleScreen auth={auth} onSessionEnded={onSessionEnded} />}
      {route.name === 'notFound' && <p class="card">{t.notFound}</p>}
    </div>
  );
}
