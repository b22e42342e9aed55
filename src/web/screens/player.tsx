import { useEffect, useRef, useState } from 'preact/hooks';
import { type KeptState, type MaterialFile, useKeptFile } from '../offline/materials';
import type { Auth } from '../api/session';
import { useUi } from '../context';
import { formatNumber } from '../i18n';
import { progressQueue, useQueueStatus } from '../progress/queue';
import { coursePath, materialPath, onLinkClick } from '../router';
import { type MaterialDetail, useCourse } from './course';
import { Markdown } from './markdown';
import { lazyScreen } from './lazy';

// A quiz's code comes with the first quiz opened (the service worker keeps it for offline use).
const QuizPanel = lazyScreen(() => import('./quiz').then((quiz) => quiz.QuizPanel));
// Likewise an assignment's (the hand-in, the upload client, the review and its thread).
const AssignmentPanel = lazyScreen(() => import('./assignment').then((assignment) => assignment.AssignmentPanel));
import { LoadStatus } from './status';

/** A video or audio reports where it is this often while it plays (and on pause and at the end). */
const HEARTBEAT_MS = 15_000;
/** Resuming this close to the end would only show the last frames: start again instead. */
const RESUME_END_MARGIN_SECONDS = 5;

/**
 * One material of a course: read, watched or opened here, with its progress recorded as the
 * learner goes (queued on the device first, so it counts offline too).
 */
export function PlayerScreen({ auth, userId, courseId, materialId, onSessionEnded }: { auth: Auth; userId: string; courseId: string; materialId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useCourse(auth, userId, courseId, onSessionEnded);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const course = loaded.data.course;
  const all = (course?.modules ?? []).flatMap((module) => module.materials.map((material) => ({ material, locked: module.myProgress?.locked ?? false })));
  const index = all.findIndex((entry) => entry.material.id === materialId);
  if (!course || index < 0) return <p class="card">{t.materialNotFound}</p>;
  const { material, locked } = all[index];
  const enrolled = !!course.myEnrollment && course.myEnrollment.status !== 'WITHDRAWN';
  const previous = all[index - 1];
  const next = all[index + 1];
  return (
    <>
      <p>
        <a href={coursePath(course.id)} onClick={onLinkClick}>
          {t.backToCourse(course.title)}
        </a>
      </p>
      <h1>{material.title}</h1>
      <p>
        <span class="tag">{t.materialKind[material.kind]}</span>
        {material.myProgress && <span class="tag">{t.materialStatus[material.myProgress.status]}</span>}
      </p>
      {loaded.stale && (
        <p class="notice" role="status">
          {t.staleData}
        </p>
      )}
      {!enrolled ? <p class="notice">{t.notEnrolled}</p> : locked ? <p class="notice">{t.materialLocked}</p> : <Material key={material.id} material={material} auth={auth} userId={userId} onSessionEnded={onSessionEnded} />}
      {enrolled && <SyncStatus />}
      <nav class="pager" aria-label={t.materialNav}>
        {previous && <PagerLink courseId={course.id} entry={previous} text={t.previousMaterial(previous.material.title)} rel="prev" />}
        {next && <PagerLink courseId={course.id} entry={next} text={t.nextMaterial(next.material.title)} rel="next" />}
      </nav>
    </>
  );
}

function PagerLink({ courseId, entry, text, rel }: { courseId: string; entry: { material: MaterialDetail; locked: boolean }; text: string; rel: string }) {
  const { t } = useUi();
  if (entry.locked) return <span class="muted">{`${text} (${t.locked})`}</span>;
  return (
    <a href={materialPath(courseId, entry.material.id)} onClick={onLinkClick} rel={rel}>
      {text}
    </a>
  );
}

/** The material itself; mounted once per material, so it records one OPENED per visit. */
function Material({ material, auth, userId, onSessionEnded }: { material: MaterialDetail; auth: Auth; userId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  // A file's bytes, kept on the device for offline use (and used online too: no new download).
  const version = material.currentVersion;
  const file: MaterialFile | undefined = version && material.downloadUrl ? { materialId: material.id, versionId: version.id, filename: version.filename, contentType: version.contentType, size: version.size } : undefined;
  const [kept, keep] = useKeptFile(userId, file, material.downloadUrl ?? undefined);
  const keptSrc = kept.state === 'kept' ? kept.src : undefined;
  useEffect(() => {
    // A link counts when it is followed; quizzes and assignments are graded by the server, not opened.
    if (material.kind === 'LINK' || material.kind === 'QUIZ' || material.kind === 'ASSIGNMENT') return;
    void progressQueue.record(material.id, 'OPENED');
  }, [material.id]);

  switch (material.kind) {
    case 'TEXT':
      return (
        <article class="card">
          <Markdown source={material.body ?? ''} />
        </article>
      );
    case 'VIDEO':
    case 'AUDIO':
      return material.downloadUrl ? (
        <div class="card">
          {/* Which copy plays is settled once, before it loads: switching sources would interrupt it. */}
          {kept.state !== 'checking' && <MediaPlayer material={material} src={keptSrc ?? material.downloadUrl} />}
          <FileLink material={material} href={keptSrc} />
          <KeptStatus kept={kept} size={version?.size ?? 0} onKeep={keep} />
        </div>
      ) : (
        <p class="notice">{t.noFile}</p>
      );
    case 'IMAGE':
    case 'DOCUMENT':
    case 'SLIDES':
      return material.downloadUrl ? (
        <div class="card">
          {/* While it is being kept, the image waits for the kept copy rather than download twice. */}
          {material.kind === 'IMAGE' && kept.state !== 'checking' && kept.state !== 'keeping' && <img class="media" src={keptSrc ?? material.downloadUrl} alt={material.title} />}
          <FileLink material={material} href={keptSrc} />
          <KeptStatus kept={kept} size={version?.size ?? 0} onKeep={keep} />
        </div>
      ) : (
        <p class="notice">{t.noFile}</p>
      );
    case 'LINK':
      return material.url && /^https?:\/\//i.test(material.url) ? (
        <div class="card">
          <a class="button" href={material.url} target="_blank" rel="noopener noreferrer" onClick={() => void progressQueue.record(material.id, 'OPENED')}>
            {t.openLink} <span class="muted">{t.newTab}</span>
          </a>
          <p class="muted small">{material.url}</p>
        </div>
      ) : (
        <p class="notice">{t.noFile}</p>
      );
    case 'QUIZ':
      return <QuizPanel auth={auth} materialId={material.id} onSessionEnded={onSessionEnded} />;
    case 'ASSIGNMENT':
      return <AssignmentPanel auth={auth} materialId={material.id} onSessionEnded={onSessionEnded} />;
    default:
      return <p class="notice">{t.notInApp}</p>;
  }
}

/**
 * The file in a new tab, the kept copy when there is one (it opens offline, from this origin), else
 * by its presigned address: the phone's own viewer shows a PDF (no PDF.js to download).
 */
function FileLink({ material, href }: { material: MaterialDetail; href?: string }) {
  const { t, language } = useUi();
  const version = material.currentVersion;
  const size = version ? (version.size >= 1024 * 1024 ? `${formatNumber(language, version.size / 1024 / 1024)} MB` : `${formatNumber(language, Math.ceil(version.size / 1024))} KB`) : '';
  return (
    <p>
      <a href={href ?? material.downloadUrl!} target="_blank" rel="noopener noreferrer">
        {t.openFile(version?.filename ?? material.title, size)} <span class="muted">{t.newTab}</span>
      </a>
    </p>
  );
}

/**
 * <video>/<audio> on the presigned address (the browser fetches it in ranges itself), starting
 * where the learner got to. Reports POSITION while playing and on pause and end; the server
 * counts a video or audio as done once 90% of it was reached, so no COMPLETED is sent.
 */
function MediaPlayer({ material, src }: { material: MaterialDetail; src: string }) {
  // The source it started with stays: a copy kept meanwhile is played next time, not mid-way.
  const [source] = useState(src);
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    const media = ref.current;
    if (!media) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const report = () => {
      const duration = media.duration;
      if (!Number.isFinite(duration) || duration <= 0) return;
      void progressQueue.record(material.id, 'POSITION', { position: Math.min(media.currentTime, duration), duration });
    };
    const onMetadata = () => {
      const resume = material.myProgress?.furthestPositionSeconds ?? 0;
      if (resume > 0 && resume < media.duration - RESUME_END_MARGIN_SECONDS) media.currentTime = resume;
    };
    const onPlay = () => {
      clearInterval(timer);
      timer = setInterval(report, HEARTBEAT_MS);
    };
    const onStop = () => {
      clearInterval(timer);
      report();
    };
    media.addEventListener('loadedmetadata', onMetadata);
    // From the HTTP cache (a version's bytes are immutable) the metadata can be there before this
    // effect runs, and its event already gone: resume now then.
    if (media.readyState >= 1) onMetadata();
    media.addEventListener('play', onPlay);
    media.addEventListener('pause', onStop);
    media.addEventListener('ended', onStop);
    return () => {
      clearInterval(timer);
      if (!media.paused) report();
      media.removeEventListener('loadedmetadata', onMetadata);
      media.removeEventListener('play', onPlay);
      media.removeEventListener('pause', onStop);
      media.removeEventListener('ended', onStop);
    };
  }, [material.id]);
  const Tag = material.kind === 'AUDIO' ? 'audio' : 'video';
  return <Tag ref={ref} class="media" controls preload="metadata" src={source} aria-label={material.title} />;
}

/** Whether the file opens offline, how far keeping it is, or a button to keep a big one. */
function KeptStatus({ kept, size, onKeep }: { kept: KeptState; size: number; onKeep: () => void }) {
  const { t, language } = useUi();
  if (kept.state === 'checking' || (kept.state === 'not-kept' && kept.unavailable)) return null;
  if (kept.state === 'kept')
    return (
      <p class="kept" role="status" data-testid="kept-status">
        {t.keptOffline}
      </p>
    );
  if (kept.state === 'keeping')
    return (
      <p class="muted small" role="status" data-testid="kept-status">
        {t.keepingOffline(formatNumber(language, size ? Math.floor((kept.received / size) * 100) : 0))}
      </p>
    );
  return (
    <div data-testid="kept-status">
      {kept.failed && (
        <p class="notice" role="status">
          {kept.failed === 'no-space' ? t.keepNoSpace : t.keepFailed}
        </p>
      )}
      <button type="button" class="secondary" onClick={onKeep}>
        {t.keepForOffline}
      </button>
    </div>
  );
}

/** How the learner's progress stands: saved, being sent, or waiting for a connection. */
function SyncStatus() {
  const { t, language } = useUi();
  const status = useQueueStatus();
  const text =
    status.pending === 0 ? t.progressSaved : status.offline || !navigator.onLine ? t.progressWaiting(formatNumber(language, status.pending)) : t.progressSaving;
  return (
    <p class={status.pending ? 'sync waiting' : 'sync saved'} role="status" data-testid="sync-status">
      {text}
    </p>
  );
}
