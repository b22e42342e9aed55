import { CourseQuery } from '../api/operations';
import type { Auth } from '../api/session';
import { useUi } from '../context';
import type { CourseQuery as CourseData } from '../gql/graphql';
import { useEffect, useRef } from 'preact/hooks';
import { formatNumber } from '../i18n';
import { useKeptVersions } from '../offline/materials';
import { useQueueStatus } from '../progress/queue';
import { materialPath, onLinkClick } from '../router';
import { CourseCompletion } from './course-completion';
import { LoadStatus, Meter } from './status';
import { useQuery } from './use-query';

export type CourseDetail = NonNullable<CourseData['course']>;
export type ModuleDetail = CourseDetail['modules'][number];
export type MaterialDetail = ModuleDetail['materials'][number];

/** The course, with its modules and materials, as the learner sees it (kept for offline use). */
export function useCourse(auth: Auth, userId: string, courseId: string, onSessionEnded: () => void) {
  return useQuery(auth, CourseQuery, { id: courseId }, onSessionEnded, `${userId}.course.${courseId}`);
}

/** A course's page: how far the learner is, and its modules in order, locked ones shown as such. */
export function CourseScreen({ auth, userId, courseId, onSessionEnded }: { auth: Auth; userId: string; courseId: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useCourse(auth, userId, courseId, onSessionEnded);
  const queue = useQueueStatus();
  const kept = useKeptVersions(userId);
  // Once what waited on the device has reached the server, its answer (percent, locks) is news.
  const hadPending = useRef(false);
  useEffect(() => {
    if (queue.pending > 0) hadPending.current = true;
    else if (hadPending.current && !queue.syncing) {
      hadPending.current = false;
      reload();
    }
  }, [queue.pending, queue.syncing]);
  const n = (value: number) => formatNumber(language, value);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const course = loaded.data.course;
  if (!course) return <p class="card">{t.notFound}</p>;
  const enrolled = !!course.myEnrollment && course.myEnrollment.status !== 'WITHDRAWN';
  const percent = course.myProgress?.percent ?? 0;
  return (
    <>
      <h1>{course.title}</h1>
      {loaded.stale && (
        <p class="notice" role="status">
          {t.staleData}
        </p>
      )}
      <section class="card">
        <p>{course.summary}</p>
        <span class="tag">{t.jpAmount(n(course.jp))}</span>
        <div class="row">
          <span data-testid="course-percent">{t.percentDone(n(percent))}</span>
        </div>
        <Meter percent={percent} label={t.courseProgressLabel(course.title)} text={t.percentDone(n(percent))} />
        {!enrolled && <p class="notice">{t.notEnrolled}</p>}
      </section>
      {course.myEnrollment?.status === 'COMPLETED' && !loaded.stale && <CourseCompletion auth={auth} courseId={course.id} onSessionEnded={onSessionEnded} />}

      <h2>{t.modulesHeading}</h2>
      <ol class="plain">
        {course.modules.map((module) => (
          <ModuleCard key={module.id} courseId={course.id} module={module} resumeId={course.myProgress?.resumeMaterial?.id} waiting={queue.materialIds} kept={kept} />
        ))}
      </ol>
    </>
  );
}

function ModuleCard({ courseId, module, resumeId, waiting, kept }: { courseId: string; module: ModuleDetail; resumeId?: string; waiting: ReadonlySet<string>; kept: ReadonlySet<string> }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const locked = module.myProgress?.locked ?? false;
  const headingId = `module-${module.id}`;
  return (
    <li class={locked ? 'card locked' : 'card'} aria-labelledby={headingId}>
      <h3 id={headingId}>{t.moduleHeading(String(module.position), module.title)}</h3>
      {module.summary && <p class="muted">{module.summary}</p>}
      {locked ? (
        <p class="notice">{t.moduleLocked(module.prerequisite?.title ?? '')}</p>
      ) : (
        module.myProgress && <Meter percent={module.myProgress.percent} label={t.courseProgressLabel(module.title)} text={t.percentDone(n(module.myProgress.percent))} />
      )}
      <ul class="materials">
        {module.materials.map((material) => {
          const status = material.myProgress?.status ?? 'NOT_STARTED';
          const details = [t.materialKind[material.kind], material.estimatedMinutes ? t.minutes(n(material.estimatedMinutes)) : undefined, material.required ? undefined : t.optional]
            .filter(Boolean)
            .join(' · ');
          return (
            <li key={material.id} class={`material ${status.toLowerCase()}`} data-status={status}>
              {/* A locked material is not a link at all: nothing to open, and nothing to tab to. */}
              {locked ? (
                <span>{material.title}</span>
              ) : (
                <a href={materialPath(courseId, material.id)} onClick={onLinkClick} aria-current={material.id === resumeId ? 'step' : undefined}>
                  {material.title}
                </a>
              )}
              <span class="muted small">{details}</span>
              <span class={`state ${status.toLowerCase()}`}>{locked ? t.locked : status !== 'COMPLETED' && waiting.has(material.id) ? t.materialWaiting : t.materialStatus[status]}</span>
              {material.currentVersion && kept.has(material.currentVersion.id) && <span class="kept small">{t.keptOffline}</span>}
            </li>
          );
        })}
      </ul>
    </li>
  );
}
