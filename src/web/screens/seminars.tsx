import { useEffect, useRef, useState } from 'preact/hooks';
import { OfflineError } from '../api/client';
import { RotateCalendarFeedMutation, UpcomingScheduleQuery, UpcomingSeminarsQuery } from '../api/seminar-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { UpcomingScheduleQuery as ScheduleData, UpcomingSeminarsQuery as SeminarsData } from '../gql/graphql';
import { formatNumber, type Language, type Messages } from '../i18n';
import { coursePath, onLinkClick, pathOf, seminarPath } from '../router';
import { LoadStatus } from './status';
import { type Loaded, useQuery } from './use-query';

const PAGE = 20;
/** Sibolga's zone: for a seminar whose sessions do not say. */
const HOME_ZONE = 'Asia/Jakarta';

const locale = (language: Language) => (language === 'id' ? 'id-ID' : 'en-GB');

/** A session's window in its own time zone, named ("Rab, 6 Jan 2027 08.00–12.00 WIB"): a seminar elsewhere shows its local time. */
export function formatWindow(language: Language, startsAt: string, endsAt: string, timeZone = HOME_ZONE): string {
  const format = new Intl.DateTimeFormat(locale(language), { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  return format.formatRange(new Date(startsAt), new Date(endsAt));
}

/** A moment with its date and zone, such as when registration closes. */
export function formatMoment(language: Language, at: string, timeZone = HOME_ZONE): string {
  return new Intl.DateTimeFormat(locale(language), { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(at));
}

/** Just the time of day, such as a check-in's. */
export function formatClock(language: Language, at: string, timeZone = HOME_ZONE): string {
  return new Intl.DateTimeFormat(locale(language), { hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }).format(new Date(at));
}

/** Seats left, or how long the waitlist is once full, or that registration is over. */
export function seatsText(t: Messages, language: Language, seminar: { registrationOpen: boolean; seatsLeft: number; capacity: number; waitlistCount: number }): string {
  const n = (value: number) => formatNumber(language, value);
  if (!seminar.registrationOpen) return t.registrationClosed;
  if (seminar.seatsLeft > 0) return t.seminarSeats(n(seminar.seatsLeft), n(seminar.capacity));
  return seminar.waitlistCount > 0 ? t.seminarFullWaitlist(n(seminar.waitlistCount)) : t.seminarFull;
}

type Seminars = SeminarsData['seminars'];

/** Upcoming published seminars, soonest first, with where one stands; and the person's calendar feed. */
export function SeminarsScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, UpcomingSeminarsQuery, { first: PAGE }, onSessionEnded);
  const [later, setLater] = useState<Seminars | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const n = (value: number) => formatNumber(language, value);
  // The first seminar a "more" brought takes the focus: the button is gone after the last page, and
  // a screen reader goes on where the new seminars begin.
  const list = useRef<HTMLUListElement>(null);
  const [firstLoaded, setFirstLoaded] = useState<string | undefined>();
  useEffect(() => {
    if (firstLoaded) list.current?.querySelector<HTMLAnchorElement>(`a[href="${seminarPath(firstLoaded)}"]`)?.focus();
  }, [firstLoaded]);

  const data = loaded.state === 'done' ? loaded.data.seminars : undefined;
  const edges = data ? [...data.edges, ...(later?.edges ?? [])] : [];
  const pageInfo = later?.pageInfo ?? data?.pageInfo;
  const more = async () => {
    if (!pageInfo?.endCursor || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      const page = (await auth.run(UpcomingSeminarsQuery, { first: PAGE, after: pageInfo.endCursor })).seminars;
      setLater({ ...page, edges: [...(later?.edges ?? []), ...page.edges] });
      setFirstLoaded(page.edges[0]?.node.id);
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(failure instanceof OfflineError ? t.offline : t.somethingWrong);
    }
    setBusy(false);
  };

  return (
    <>
      <h1>{t.seminarsTitle}</h1>
      <p>{t.seminarsIntro}</p>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {data && (
        <>
          <p class="muted">{data.totalCount ? t.seminarsCount(n(data.totalCount)) : t.seminarsEmpty}</p>
          <ul class="plain" ref={list}>
            {edges.map(({ node: seminar }) => {
              const registration = seminar.myRegistration?.status === 'CANCELLED' ? undefined : seminar.myRegistration;
              return (
                <li key={seminar.id} class="card">
                  <h2 class="h3">
                    <a href={seminarPath(seminar.id)} onClick={onLinkClick}>
                      {seminar.title}
                    </a>
                  </h2>
                  <p>{formatWindow(language, seminar.startsAt, seminar.endsAt, seminar.sessions[0]?.timeZone)}</p>
                  {seminar.venue && <p class="muted small">{seminar.venue}</p>}
                  <p class="muted small">{t.catalogueOrganizer(seminar.organizer.name)}</p>
                  <span class="tag">{t.seminarKind[seminar.kind]}</span>
                  <span class="tag">{t.seminarScope[seminar.scope]}</span>
                  {seminar.onlineUrl && <span class="tag">{t.seminarOnline}</span>}
                  <span class="tag">{t.jpAmount(n(seminar.jp))}</span>
                  <p class="seats">
                    {registration ? (
                      <strong class={`registration ${registration.status.toLowerCase()}`}>
                        {registration.status === 'WAITLISTED' && registration.waitlistPosition ? t.waitlistPosition(n(registration.waitlistPosition)) : t.registrationStatus[registration.status]}
                      </strong>
                    ) : (
                      seatsText(t, language, seminar)
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
          {pageInfo?.hasNextPage && (
            <div class="actions">
              {error && (
                <p class="error" role="alert">
                  {error}
                </p>
              )}
              {/* aria-disabled while it loads: a disabled button would drop the keyboard's focus to the page. */}
              <button type="button" class="primary" aria-disabled={busy || undefined} onClick={more}>
                {busy ? t.loadingMore : t.loadMore}
              </button>
            </div>
          )}
        </>
      )}
      <CalendarFeed auth={auth} onSessionEnded={onSessionEnded} />
    </>
  );
}

/**
 * The person's own iCalendar feed (the README's `/calendar/users/<token>.ics`): the server shows
 * its URL only once, when it is made, so the app offers to make one (which ends the previous).
 */
function CalendarFeed({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [url, setUrl] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (url) field.current?.focus();
  }, [url]);
  const make = async () => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      setUrl((await auth.run(RotateCalendarFeedMutation, {})).rotateCalendarFeedToken.url);
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(failure instanceof OfflineError ? t.offline : t.calendarFeedFailed);
    }
    setBusy(false);
  };
  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t.calendarFeedCopied);
    } catch {
      // No clipboard (an old browser, or refused): the field is selected for copying by hand.
      field.current?.select();
    }
  };
  return (
    <section class="card" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading">{t.calendarFeedHeading}</h2>
      <p>{t.calendarFeedIntro}</p>
      <p class="muted small">{t.calendarFeedWarning}</p>
      {url && (
        <div class="feed">
          <label for="calendar-feed-url">{t.calendarFeedUrl}</label>
          <input id="calendar-feed-url" ref={field} type="url" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
          <div class="actions">
            <button type="button" class="primary" onClick={copy}>
              {t.calendarFeedCopy}
            </button>
          </div>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <p role="status">{message}</p>
      <button type="button" class={url ? 'link' : 'primary'} disabled={busy} onClick={make}>
        {url ? t.calendarFeedRemake : t.calendarFeedMake}
      </button>
    </section>
  );
}

type ScheduleItem = ScheduleData['mySchedule'][number];

/** For the home screen: its query starts with the screen's own, in parallel, and fails quietly (the screen says when offline). */
export function useUpcomingSchedule(auth: Auth, onSessionEnded: () => void): Loaded<ScheduleData> {
  return useQuery(auth, UpcomingScheduleQuery, {}, onSessionEnded)[0];
}

const SCHEDULE_SHOWN = 5;

/** The next seminar sessions one registered for and classroom sessions of one's cohorts. */
export function UpcomingSessions({ loaded }: { loaded: Loaded<ScheduleData> }) {
  const { t, language } = useUi();
  if (loaded.state !== 'done') return null;
  const now = Date.now();
  const items = loaded.data.mySchedule.filter((item) => Date.parse(item.endsAt) > now).slice(0, SCHEDULE_SHOWN);
  return (
    <section aria-labelledby="schedule-heading">
      <h2 id="schedule-heading">{t.scheduleHeading}</h2>
      {items.length === 0 ? (
        <p class="muted">
          {t.scheduleEmpty}{' '}
          <a href={pathOf('seminars')} onClick={onLinkClick}>
            {t.seeSeminars}
          </a>
        </p>
      ) : (
        <ul class="plain">
          {items.map((item) => (
            <ScheduleEntry key={item.sessionId} item={item} language={language} t={t} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ScheduleEntry({ item, language, t }: { item: ScheduleItem; language: Language; t: Messages }) {
  const href = item.seminar ? seminarPath(item.seminar.id) : item.cohort ? coursePath(item.cohort.course.id) : undefined;
  return (
    <li class="card">
      <h3>
        {href ? (
          <a href={href} onClick={onLinkClick}>
            {item.title}
          </a>
        ) : (
          item.title
        )}
      </h3>
      <p>{formatWindow(language, item.startsAt, item.endsAt, item.timeZone)}</p>
      {item.venue && <p class="muted small">{item.venue}</p>}
      <span class="tag">{t.scheduleKind[item.kind]}</span>
      {item.registrationStatus === 'WAITLISTED' && <span class="tag">{t.registrationStatus.WAITLISTED}</span>}
      {item.cancelled && <span class="tag cancelled">{t.scheduleCancelled}</span>}
    </li>
  );
}
