import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Auth, loadSession, type Session } from './api/session';
import type { Role } from './gql/graphql';
import { initialLanguage, type Language, messages, rememberLanguage } from './i18n';
import { UiContext, useUi } from './context';
import { progressQueue } from './progress/queue';
import { navigate, onLinkClick, pathOf, type Route, type RouteName, useRoute } from './router';
import { CatalogueScreen } from './screens/catalogue';
import { CourseScreen } from './screens/course';
import { HomeScreen } from './screens/home';
import { LoginScreen } from './screens/login';
import { PlayerScreen } from './screens/player';
import { SeminarsScreen } from './screens/seminars';
import { AdminArea } from './screens/admin';
import { TeachArea } from './screens/teach';
import { forgetCachedAnswers } from './screens/use-query';
import { forgetKeptMaterials } from './offline/materials';
import { lazyScreen } from './screens/lazy';

// Screens a learner opens now and then: chunks of their own, so the first load stays small.
const EvaluationScreen = lazyScreen(() => import('./screens/evaluation').then((screen) => screen.EvaluationScreen));
const CertificateScreen = lazyScreen(() => import('./screens/certificate').then((screen) => screen.CertificateScreen));
const SeminarScreen = lazyScreen(() => import('./screens/seminar').then((screen) => screen.SeminarScreen));
const AccountScreen = lazyScreen(() => import('./screens/account').then((screen) => screen.AccountScreen));
const CertificatesScreen = lazyScreen(() => import('./screens/certificates').then((screen) => screen.CertificatesScreen));
const NotificationsScreen = lazyScreen(() => import('./screens/notifications').then((screen) => screen.NotificationsScreen));

export function App() {
  const [language, setLanguage] = useState<Language>(initialLanguage);
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const route = useRoute();
  const ui = useMemo(() => ({ language, t: messages(language) }), [language]);

  // Before the browser paints: a screen reader must never read the new texts with the old language.
  useLayoutEffect(() => rememberLanguage(language), [language]);
  // One Auth per login: it keeps the refreshed token itself; the app only hears when the session ends.
  const auth = useMemo(
    () =>
      session &&
      new Auth(session, (next) => {
        if (next) return;
        setSession(null);
      }),
    [session?.userId],
  );

  const signedIn = (next: Session) => {
    // Someone else's session may have run out here without a logout (a shared office PC): what
    // the app kept for them is theirs, and goes now.
    forgetCachedAnswers(next.userId);
    void forgetKeptMaterials({ allBut: next.userId });
    setExpired(false);
    setSession(next);
    navigate(pathOf('home'));
  };
  const logout = () => {
    forgetCachedAnswers();
    if (session) void forgetKeptMaterials(session.userId);
    void auth?.logout();
    setSession(null);
    setExpired(false);
  };
  const onSessionEnded = () => setExpired(true);
  // Progress waiting on this device is sent as the person it belongs to, from app start on.
  useEffect(() => progressQueue.attach(auth, session?.userId ?? null, onSessionEnded), [auth]);

  const current: Route = !auth ? { name: 'login' } : route.name === 'login' ? { name: 'home' } : route;
  const screen = current.name;
  const screenKey =
    current.name === 'material' ? current.materialId : current.name === 'course' ? current.courseId : current.name === 'seminar' ? current.seminarId : current.name === 'teach' || current.name === 'admin' ? `${screen}${current.rest}` : screen;
  useEffect(() => {
    document.title = `${titleOf(screen, ui.t)} · Pelita`;
  }, [screen, ui]);
  // A new screen without a page load: screen readers start reading at its content, not the old link.
  const firstScreen = useRef(true);
  useEffect(() => {
    if (firstScreen.current) firstScreen.current = false;
    else document.getElementById('main')?.focus();
  }, [screenKey]);

  return (
    <UiContext.Provider value={ui}>
      <a class="skip" href="#main">
        {ui.t.skipToContent}
      </a>
      <Header route={screen} roles={session?.roles ?? []} onLogout={auth ? logout : undefined} />
      <main id="main" tabIndex={-1}>
        {screen === 'login' && <LoginScreen onSignedIn={signedIn} notice={expired ? ui.t.sessionExpired : undefined} />}
        {auth && screen === 'home' && <HomeScreen auth={auth} name={session!.name} onSessionEnded={onSessionEnded} />}
        {auth && screen === 'catalogue' && <CatalogueScreen auth={auth} onSessionEnded={onSessionEnded} />}
        {auth && current.name === 'course' && <CourseScreen key={current.courseId} auth={auth} userId={session!.userId} courseId={current.courseId} onSessionEnded={onSessionEnded} />}
        {auth && current.name === 'material' && (
          <PlayerScreen key={current.materialId} auth={auth} userId={session!.userId} courseId={current.courseId} materialId={current.materialId} onSessionEnded={onSessionEnded} />
        )}
        {auth && current.name === 'evaluation' && <EvaluationScreen key={current.courseId} auth={auth} courseId={current.courseId} onSessionEnded={onSessionEnded} />}
        {auth && current.name === 'certificate' && <CertificateScreen key={current.courseId} auth={auth} courseId={current.courseId} onSessionEnded={onSessionEnded} />}
        {auth && screen === 'seminars' && <SeminarsScreen auth={auth} onSessionEnded={onSessionEnded} />}
        {auth && current.name === 'seminar' && <SeminarScreen key={current.seminarId} auth={auth} seminarId={current.seminarId} onSessionEnded={onSessionEnded} />}
        {auth && screen === 'certificates' && <CertificatesScreen auth={auth} onSessionEnded={onSessionEnded} />}
        {auth && screen === 'account' && <AccountScreen auth={auth} onSessionEnded={onSessionEnded} />}
        {auth && screen === 'notifications' && <NotificationsScreen auth={auth} instructor={hasRole(session!, 'INSTRUCTOR')} onSessionEnded={onSessionEnded} />}
        {auth && current.name === 'teach' && (hasRole(session!, 'INSTRUCTOR') ? <TeachArea auth={auth} rest={current.rest} onSessionEnded={onSessionEnded} /> : <NotFound />)}
        {auth && current.name === 'admin' && (hasRole(session!, 'ADMIN') ? <AdminArea auth={auth} rest={current.rest} onSessionEnded={onSessionEnded} /> : <NotFound />)}
        {auth && screen === 'notFound' && <NotFound />}
      </main>
      <footer>
        {/* The name a screen reader says starts with the visible text, in its own language (WCAG 2.5.3), then what the button does. */}
        <button type="button" class="link" onClick={() => setLanguage(language === 'id' ? 'en' : 'id')}>
          <span lang={language === 'id' ? 'en' : 'id'}>{ui.t.switchLanguage}</span>
          <span class="visually-hidden">{` (${ui.t.switchLanguageLabel})`}</span>
        </button>
      </footer>
    </UiContext.Provider>
  );
}

function titleOf(route: RouteName, t: ReturnType<typeof messages>): string {
  return { home: t.myLearningTitle, catalogue: t.catalogueTitle, login: t.loginTitle, course: t.courseTitle, material: t.materialTitle, evaluation: t.evaluationTitle, certificate: t.certificateTitle, seminars: t.seminarsTitle, seminar: t.seminarTitle, account: t.accountTitle, notifications: t.notificationsTitle, certificates: t.certificatesTitle, teach: t.teachTitle, admin: t.adminTitle, notFound: t.notFound }[route];
}

/** Which areas to offer; the server checks every request again. */
function hasRole(session: Session, role: Role): boolean {
  return session.roles.includes(role);
}

function Header({ route, roles, onLogout }: { route: RouteName; roles: Role[]; onLogout?: () => void }) {
  const { t } = useUi();
  return (
    <header class="bar">
      <div class="inner">
        <a class="brand" href="/" onClick={onLinkClick}>
          {t.appName}
        </a>
        {onLogout && (
          <nav aria-label={t.navMain}>
            <a href={pathOf('home')} onClick={onLinkClick} aria-current={route === 'home' ? 'page' : undefined}>
              {t.navHome}
            </a>
            <a href={pathOf('catalogue')} onClick={onLinkClick} aria-current={route === 'catalogue' ? 'page' : undefined}>
              {t.navCatalogue}
            </a>
            <a href={pathOf('seminars')} onClick={onLinkClick} aria-current={route === 'seminars' ? 'page' : undefined}>
              {t.navSeminars}
            </a>
            {roles.includes('INSTRUCTOR') && (
              <a href={pathOf('teach')} onClick={onLinkClick} aria-current={route === 'teach' ? 'page' : undefined}>
                {t.navTeach}
              </a>
            )}
            {roles.includes('ADMIN') && (
              <a href={pathOf('admin')} onClick={onLinkClick} aria-current={route === 'admin' ? 'page' : undefined}>
                {t.navAdmin}
              </a>
            )}
            <a href={pathOf('notifications')} onClick={onLinkClick} aria-current={route === 'notifications' ? 'page' : undefined}>
              {t.navNotifications}
            </a>
            <a href={pathOf('account')} onClick={onLinkClick} aria-current={route === 'account' ? 'page' : undefined}>
              {t.navAccount}
            </a>
            <button type="button" class="link" onClick={onLogout}>
              {t.logout}
            </button>
          </nav>
        )}
      </div>
    </header>
  );
}

function NotFound() {
  const { t } = useUi();
  return (
    <div class="card">
      <p>{t.notFound}</p>
      <a href="/" onClick={onLinkClick}>
        {t.backHome}
      </a>
    </div>
  );
}
