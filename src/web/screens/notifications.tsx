import { useState } from 'preact/hooks';
import { MarkAllNotificationsReadMutation, MarkNotificationReadMutation, NotificationsQuery } from '../api/notification-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { NotificationsQuery as NotificationsData } from '../gql/graphql';
import { formatNumber } from '../i18n';
import { areaPath, coursePath, onLinkClick, seminarPath } from '../router';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

type Notice = NotificationsData['notifications']['edges'][number]['node'];

/**
 * Where a notification leads: a submission waiting for its reviewer to the review (an instructor's
 * comment thread too), a seminar to its page, anything else about a course to the course.
 */
function pathOf(notice: Notice, instructor: boolean): string | undefined {
  if (notice.submissionId && (notice.kind === 'SUBMISSION_WAITING' || (notice.kind === 'NEW_COMMENT' && instructor))) {
    return areaPath('teach', `/review/${encodeURIComponent(notice.submissionId)}`);
  }
  if (notice.seminar) return seminarPath(notice.seminar.id);
  if (notice.course) return coursePath(notice.course.id);
  return undefined;
}

/**
 * The signed-in person's notifications, newest first (`/notifications`): a review of their work, a
 * revision asked for, a comment, a coaching note, a seminar cancelled or a seat from the waitlist.
 * Opening one marks it read; so does *Tandai semua sudah dibaca*.
 */
export function NotificationsScreen({ auth, instructor, onSessionEnded }: { auth: Auth; instructor: boolean; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, NotificationsQuery, {}, onSessionEnded);
  const [more, setMore] = useState<Notice[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>();
  const [readIds, setReadIds] = useState<Set<string>>(new Set());
  const [allRead, setAllRead] = useState(false);
  const [busy, setBusy] = useState(false);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const page = loaded.data.notifications;
  const notices = [...page.edges.map((edge) => edge.node), ...more];
  const hasNext = cursor === undefined ? page.pageInfo.hasNextPage : cursor !== null;
  const isRead = (notice: Notice) => allRead || notice.read || readIds.has(notice.id);
  const unread = notices.filter((notice) => !isRead(notice)).length;

  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SessionEnded) onSessionEnded();
      return undefined;
    }
  };
  const open = (notice: Notice) => (event: MouseEvent) => {
    // Marked read on the way (a new tab too); the page it leads to does not wait for it.
    if (!isRead(notice)) {
      setReadIds(new Set([...readIds, notice.id]));
      void run(() => auth.run(MarkNotificationReadMutation, { id: notice.id }));
    }
    onLinkClick(event);
  };
  const markAll = async () => {
    setBusy(true);
    if ((await run(() => auth.run(MarkAllNotificationsReadMutation, {}))) !== undefined) setAllRead(true);
    setBusy(false);
  };
  const loadMore = async () => {
    setBusy(true);
    const after = cursor ?? page.pageInfo.endCursor;
    const next = await run(() => auth.run(NotificationsQuery, { after }));
    if (next) {
      setMore([...more, ...next.notifications.edges.map((edge) => edge.node)]);
      setCursor(next.notifications.pageInfo.hasNextPage ? next.notifications.pageInfo.endCursor : null);
    }
    setBusy(false);
  };
  const when = (iso: string) => new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <>
      <h1>{t.notificationsTitle}</h1>
      <p class="muted" role="status" data-testid="notifications-unread">
        {notices.length === 0 ? t.notificationsNone : unread > 0 ? t.notificationsUnread(formatNumber(language, unread)) : t.notificationsAllRead}
      </p>
      {unread > 0 && (
        <div class="actions notices-actions">
          <button type="button" class="secondary" disabled={busy} onClick={markAll}>
            {t.notificationsMarkAll}
          </button>
        </div>
      )}
      <ul class="plain">
        {notices.map((notice) => {
          const path = pathOf(notice, instructor);
          const read = isRead(notice);
          return (
            <li key={notice.id} class={`card notice-item${read ? '' : ' unread'}`} data-testid="notification">
              <h2 class="h3">
                {path ? (
                  <a href={path} onClick={open(notice)}>
                    {notice.title}
                  </a>
                ) : (
                  notice.title
                )}
              </h2>
              {notice.body && <p>{notice.body}</p>}
              <p class="muted small">
                {read ? '' : `${t.notificationsNew} · `}
                <time dateTime={notice.createdAt}>{when(notice.createdAt)}</time>
              </p>
            </li>
          );
        })}
      </ul>
      {hasNext && (
        <div class="actions">
          <button type="button" class="secondary" disabled={busy} onClick={loadMore}>
            {t.loadMore}
          </button>
        </div>
      )}
    </>
  );
}
