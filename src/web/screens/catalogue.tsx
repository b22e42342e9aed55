import { useState } from 'preact/hooks';
import { OfflineError } from '../api/client';
import { CatalogueQuery, EnrollMutation } from '../api/operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import { formatNumber } from '../i18n';
import { coursePath, onLinkClick } from '../router';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

/** Published courses, first page, each with a button to enrol (search and the course screen come later). */
export function CatalogueScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, CatalogueQuery, { first: 50 }, onSessionEnded);
  const n = (value: number) => formatNumber(language, value);
  return (
    <>
      <h1>{t.catalogueTitle}</h1>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && (
        <>
          <p class="muted">{loaded.data.courses.totalCount ? t.catalogueCount(n(loaded.data.courses.totalCount)) : t.catalogueEmpty}</p>
          <ul class="plain">
            {loaded.data.courses.edges.map(({ node: course }) => {
              const status = course.myEnrollment?.status;
              return (
                <li key={course.id} class="card">
                  <h2 class="h3">{course.title}</h2>
                  <p>{course.summary}</p>
                  <span class="tag">{t.competency[course.competency]}</span>
                  <span class="tag">{t.deliveryMode[course.deliveryMode]}</span>
                  <span class="tag">{t.jpAmount(n(course.jp))}</span>
                  {status && status !== 'WITHDRAWN' ? (
                    <>
                      <span class="tag">{status === 'COMPLETED' ? t.completed : t.enrolled}</span>
                      <div class="actions">
                        <a class="button" href={coursePath(course.id)} onClick={onLinkClick} aria-label={t.openCourseLabel(course.title)}>
                          {t.openCourse}
                        </a>
                      </div>
                    </>
                  ) : (
                    <EnrollButton auth={auth} course={course} onEnrolled={reload} onSessionEnded={onSessionEnded} />
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}

function EnrollButton({ auth, course, onEnrolled, onSessionEnded }: { auth: Auth; course: { id: string; title: string }; onEnrolled: () => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const enroll = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await auth.run(EnrollMutation, { courseId: course.id });
      onEnrolled();
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(failure instanceof OfflineError ? t.offline : t.enrollFailed);
      setBusy(false);
    }
  };
  return (
    <div class="actions">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="primary" disabled={busy} aria-label={t.enrollLabel(course.title)} onClick={enroll}>
        {busy ? t.enrolling : t.enroll}
      </button>
    </div>
  );
}
