import type { ComponentChildren } from 'preact';
import type { Auth } from '../api/session';
import { MyLearningQuery } from '../api/operations';
import { useUi } from '../context';
import type { MyLearningQuery as MyLearningData } from '../gql/graphql';
import { formatDay, formatNumber } from '../i18n';
import { certificatePath, coursePath, materialPath, onLinkClick, pathOf } from '../router';
import { UpcomingSessions, useUpcomingSchedule } from './seminars';
import { LoadStatus, Meter } from './status';
import { useQuery } from './use-query';

type Dashboard = MyLearningData['myLearning'];

/** "My learning": JP this year against the target, courses in progress with where to resume, JP history. */
export function HomeScreen({ auth, name, onSessionEnded }: { auth: Auth; name: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, MyLearningQuery, {}, onSessionEnded);
  // Seminars and classroom sessions come from mySchedule, asked for alongside (not after) myLearning.
  const schedule = useUpcomingSchedule(auth, onSessionEnded);
  return (
    <>
      <h1>{t.myLearningTitle}</h1>
      <p class="muted">{t.greeting(name)}</p>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && loaded.data.unreadNotificationCount > 0 && (
        <p class="notice">
          {/* Asked with myLearning: no request of its own on a weak link. */}
          <a href={pathOf('notifications')} onClick={onLinkClick} data-testid="home-notifications">
            {t.homeNotifications(formatNumber(language, loaded.data.unreadNotificationCount))}
          </a>
        </p>
      )}
      {loaded.state === 'done' && <Dashboard dashboard={loaded.data.myLearning} schedule={<UpcomingSessions loaded={schedule} />} />}
    </>
  );
}

function Dashboard({ dashboard, schedule }: { dashboard: Dashboard; schedule?: ComponentChildren }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const inProgress = dashboard.enrollments.filter((e) => e.status === 'ACTIVE');
  const completed = dashboard.enrollments.filter((e) => e.status === 'COMPLETED');
  const left = Math.max(0, dashboard.jpTarget - dashboard.jpThisYear);
  const jpText = t.jpProgress(n(dashboard.jpThisYear), n(dashboard.jpTarget));
  return (
    <>
      <section class="card" aria-labelledby="jp-heading">
        <h2 id="jp-heading">{t.jpHeading(String(dashboard.year))}</h2>
        <p class="big" data-testid="jp-progress">
          {jpText}
        </p>
        <Meter percent={dashboard.jpTarget > 0 ? (100 * dashboard.jpThisYear) / dashboard.jpTarget : 100} label={t.jpProgressLabel} text={jpText} />
        <p class="muted">{left > 0 ? t.jpRemaining(n(left)) : t.jpReached}</p>
      </section>

      {schedule}

      <h2>{t.inProgressHeading}</h2>
      {inProgress.length === 0 && <p class="muted">{t.noCourses}</p>}
      <ul class="plain">
        {inProgress.map((entry) => (
          <li key={entry.course.id} class="card">
            <h3>
              <a href={coursePath(entry.course.id)} onClick={onLinkClick}>
                {entry.course.title}
              </a>
            </h3>
            <div class="row">
              <span>{t.percentDone(n(entry.percent))}</span>
              <span class="muted">{t.jpAmount(n(entry.course.jp))}</span>
            </div>
            <Meter percent={entry.percent} label={t.courseProgressLabel(entry.course.title)} text={t.percentDone(n(entry.percent))} />
            <p>
              {entry.nextMaterial ? (
                <a class="button" href={materialPath(entry.course.id, entry.nextMaterial.id)} onClick={onLinkClick}>
                  {t.resumeAt(entry.nextMaterial.title)}
                </a>
              ) : (
                t.allMaterialsDone
              )}
            </p>
          </li>
        ))}
      </ul>

      {completed.length > 0 && (
        <>
          <h2>{t.completedHeading}</h2>
          <ul class="plain">
            {completed.map((entry) => (
              <li key={entry.course.id} class="card row">
                <a href={coursePath(entry.course.id)} onClick={onLinkClick}>
                  {entry.course.title}
                </a>
                <span class="muted">{t.jpAmount(n(entry.course.jp))}</span>
                <a href={certificatePath(entry.course.id)} onClick={onLinkClick} aria-label={t.certificateOf(entry.course.title)}>
                  {t.certificateTitle}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}

      <p>
        <a href={pathOf('certificates')} onClick={onLinkClick}>
          {t.allCertificates}
        </a>
      </p>

      <h2>{t.jpEntriesHeading}</h2>
      {dashboard.jpEntries.length === 0 && <p class="muted">{t.noJpEntries}</p>}
      <ul class="plain">
        {dashboard.jpEntries.map((entry) => (
          <li key={entry.id} class="card">
            <div class="row">
              <strong>{entry.title}</strong>
              <span>{t.jpAmount(n(entry.jp))}</span>
            </div>
            <span class="tag">{t.jpSource[entry.source]}</span>
            <span class="muted">{formatDay(language, entry.creditedOn)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
