import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../api/client';
import { CancelRegistrationMutation, CheckInMutation, RegisterForSeminarMutation, SeminarQuery } from '../api/seminar-operations';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import type { SeminarQuery as SeminarData, SeminarRegistrationFieldsFragment as RegistrationFields } from '../gql/graphql';
import { formatNumber, type Messages } from '../i18n';
import { onLinkClick, pathOf } from '../router';
import { Markdown } from './markdown';
import { formatClock, formatMoment, formatWindow, seatsText } from './seminars';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

type Seminar = NonNullable<SeminarData['seminar']>;

/** What a failed call means for the learner, by the API's error code. */
function failureText(failure: unknown, t: Messages, byCode: Partial<Record<string, string>>, otherwise: string): string {
  if (failure instanceof OfflineError) return t.offline;
  return (failure instanceof ApiError && failure.code && byCode[failure.code]) || otherwise;
}

/**
 * A seminar: when and where each session is, the speakers, registration (a seat or a place on the
 * waitlist), check-in with the code shown in the room, and its calendar file.
 */
export function SeminarScreen({ auth, seminarId, onSessionEnded }: { auth: Auth; seminarId: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, SeminarQuery, { id: seminarId }, onSessionEnded);
  // After registering, cancelling or checking in: the answer shows at once, then the seminar is
  // asked for again quietly (seats and waitlist changed), without the whole screen reloading.
  const [fresh, setFresh] = useState<Seminar | undefined>();
  const seminar = fresh ?? (loaded.state === 'done' ? loaded.data.seminar : undefined);
  const changed = (registration: RegistrationFields) => {
    if (!seminar) return;
    setFresh({ ...seminar, myRegistration: registration });
    auth.run(SeminarQuery, { id: seminarId }).then(
      (data) => data.seminar && setFresh(data.seminar),
      () => undefined, // the answer already shown stands; counts catch up on the next visit
    );
  };

  return (
    <>
      <p>
        <a href={pathOf('seminars')} onClick={onLinkClick}>
          {t.backToSeminars}
        </a>
      </p>
      {loaded.state !== 'done' && (
        <>
          <h1>{t.seminarTitle}</h1>
          <LoadStatus loaded={loaded} onRetry={reload} />
        </>
      )}
      {loaded.state === 'done' && !seminar && (
        <>
          <h1>{t.seminarTitle}</h1>
          <p class="card">{t.seminarNotFound}</p>
        </>
      )}
      {seminar && <SeminarDetails auth={auth} seminar={seminar} onChanged={changed} onSessionEnded={onSessionEnded} />}
    </>
  );
}

function SeminarDetails({ auth, seminar, onChanged, onSessionEnded }: { auth: Auth; seminar: Seminar; onChanged: (registration: RegistrationFields) => void; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const n = (value: number) => formatNumber(language, value);
  const zone = seminar.sessions[0]?.timeZone;
  const registration = seminar.myRegistration;
  const attended = new Map((registration?.status === 'CONFIRMED' ? registration.attendances : []).map((attendance) => [attendance.session.id, attendance.checkedInAt]));
  return (
    <>
      <h1>{seminar.title}</h1>
      {seminar.status === 'CANCELLED' && (
        <p class="error" role="alert">
          {t.seminarCancelled}
        </p>
      )}
      <p class="big-ish">{formatWindow(language, seminar.startsAt, seminar.endsAt, zone)}</p>
      <p class="muted small">{t.catalogueOrganizer(seminar.organizer.name)}</p>
      <span class="tag">{t.seminarKind[seminar.kind]}</span>
      <span class="tag">{t.seminarScope[seminar.scope]}</span>
      {seminar.onlineUrl && <span class="tag">{t.seminarOnline}</span>}
      <span class="tag" title={seminar.jpRule}>
        {t.jpAmount(n(seminar.jp))}
      </span>
      <p class="muted small">{seminar.jpRule}</p>

      <Registration auth={auth} seminar={seminar} onChanged={onChanged} onSessionEnded={onSessionEnded} />
      {registration?.status === 'CONFIRMED' && seminar.status === 'PUBLISHED' && <CheckIn auth={auth} seminar={seminar} onChanged={onChanged} onSessionEnded={onSessionEnded} />}

      <h2>{t.sessionsHeading}</h2>
      <ol class="plain">
        {seminar.sessions.map((session) => {
          const at = attended.get(session.id);
          const venue = session.venue ?? seminar.venue;
          const online = session.onlineUrl ?? seminar.onlineUrl;
          return (
            <li key={session.id} class="card">
              <h3>{session.title ?? t.sessionName(n(session.position))}</h3>
              <p>{formatWindow(language, session.startsAt, session.endsAt, session.timeZone)}</p>
              {venue && <p class="muted small">{venue}</p>}
              {online && (
                <p>
                  <a href={online} target="_blank" rel="noopener noreferrer">
                    {t.sessionJoinOnline} <span class="muted">{t.newTab}</span>
                  </a>
                </p>
              )}
              {at && <span class="tag attended">{t.sessionAttended(formatClock(language, at, session.timeZone))}</span>}
            </li>
          );
        })}
      </ol>

      {seminar.abstract && <Markdown source={seminar.abstract} />}

      {seminar.speakers.length > 0 && (
        <>
          <h2>{t.speakersHeading}</h2>
          <ul class="plain speakers">
            {seminar.speakers.map((speaker) => (
              <li key={speaker.name}>
                <strong>{speaker.name}</strong>
                {speaker.affiliation && <span class="muted"> · {speaker.affiliation}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t.calendarHeading}</h2>
      <p>
        <a href={seminar.icsUrl}>
          {t.seminarIcs}
        </a>
      </p>
    </>
  );
}

function Registration({ auth, seminar, onChanged, onSessionEnded }: { auth: Auth; seminar: Seminar; onChanged: (registration: RegistrationFields) => void; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // After a change the old button is gone: focus moves to what happened, so keyboards keep their place.
  const state = useRef<HTMLParagraphElement>(null);
  // Asking twice swaps the cancel link for the question and back: the focus goes with it (to the
  // safe answer, and back to the link), never to the top of the page. Before the browser paints,
  // so the question never shows with the focus still on a button that is gone.
  const cancelLink = useRef<HTMLButtonElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useLayoutEffect(() => {
    if (confirming) keep.current?.focus();
    else if (asked.current) cancelLink.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);
  const registration = seminar.myRegistration;
  const held = registration && registration.status !== 'CANCELLED' ? registration : undefined;
  const n = (value: number) => formatNumber(language, value);
  const zone = seminar.sessions[0]?.timeZone;

  const act = async (run: () => Promise<RegistrationFields>, failed: string) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await run());
      setConfirming(false);
      setTimeout(() => state.current?.focus());
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(failureText(failure, t, { CONFLICT: t.registerConflict, FORBIDDEN: t.registerForbidden }, failed));
    }
    setBusy(false);
  };
  const register = () => act(async () => (await auth.run(RegisterForSeminarMutation, { seminarId: seminar.id })).registerForSeminar, t.registerFailed);
  const cancel = () => act(async () => (await auth.run(CancelRegistrationMutation, { id: held!.id })).cancelRegistration, t.cancelFailed);

  let stateText = '';
  if (held?.status === 'CONFIRMED') stateText = t.registeredConfirmed;
  else if (held?.status === 'WAITLISTED') stateText = t.registeredWaitlisted(n(held.waitlistPosition ?? 0));
  else if (registration?.status === 'CANCELLED') stateText = t.registrationWasCancelled;

  return (
    <section class="card" aria-labelledby="registration-heading">
      <h2 id="registration-heading">{t.registrationHeading}</h2>
      <p data-testid="seats">{seatsText(t, language, seminar)}</p>
      <p ref={state} tabIndex={-1} role="status" class={held ? `registration ${held.status.toLowerCase()}` : undefined} data-testid="registration-state">
        {stateText}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {held && !confirming && seminar.status === 'PUBLISHED' && (
        <button ref={cancelLink} type="button" class="link" onClick={() => setConfirming(true)}>
          {t.cancelRegistration}
        </button>
      )}
      {held && confirming && (
        <div class="notice" role="group" aria-labelledby="cancel-registration-question">
          <p id="cancel-registration-question">{t.cancelRegistrationConfirm}</p>
          <div class="button-row">
            <button type="button" class="primary danger" disabled={busy} onClick={cancel}>
              {t.cancelRegistrationYes}
            </button>
            <button ref={keep} type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              {t.cancelRegistrationNo}
            </button>
          </div>
        </div>
      )}
      {!held && seminar.registrationOpen && (
        <>
          {seminar.seatsLeft === 0 && <p>{t.registerFullNote}</p>}
          <button type="button" class="primary" disabled={busy} onClick={register}>
            {busy ? t.registering : seminar.seatsLeft > 0 ? t.register : t.registerWaitlist}
          </button>
          <p class="muted small">{t.registrationOpenUntil(formatMoment(language, seminar.registrationClosesAt, zone))}</p>
        </>
      )}
    </section>
  );
}

function CheckIn({ auth, seminar, onChanged, onSessionEnded }: { auth: Auth; seminar: Seminar; onChanged: (registration: RegistrationFields) => void; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const registration = seminar.myRegistration!;
  // Once every session is attended there is nothing left to check in to: only what happened stays.
  const left = seminar.sessions.some((session) => !registration.attendances.some((attendance) => attendance.session.id === session.id));
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      const attendance = (await auth.run(CheckInMutation, { code: code.trim().toUpperCase() })).checkIn;
      const session = seminar.sessions.find((candidate) => candidate.id === attendance.session.id);
      const name = attendance.session.title ?? t.sessionName(formatNumber(language, attendance.session.position));
      const time = formatClock(language, attendance.checkedInAt, session?.timeZone);
      setDone(attendance.certificate ? `${t.checkedIn(name, time)} ${t.checkInCertificate}` : t.checkedIn(name, time));
      setCode('');
      if (attendance.seminar.id === seminar.id) {
        onChanged({ ...registration, attendances: [...registration.attendances, { id: attendance.id, checkedInAt: attendance.checkedInAt, session: { id: attendance.session.id } }] });
      }
    } catch (failure) {
      if (failure instanceof SessionEnded) return onSessionEnded();
      setError(
        failureText(failure, t, { BAD_USER_INPUT: t.checkInWrongCode, CONFLICT: t.checkInConflict, FORBIDDEN: t.checkInForbidden, RATE_LIMITED: t.checkInRateLimited }, t.checkInFailed),
      );
    }
    setBusy(false);
  };
  return (
    <section class="card" aria-labelledby="check-in-heading">
      <h2 id="check-in-heading">{t.checkInHeading}</h2>
      {left && (
        <form class="stack" onSubmit={submit}>
          <label for="check-in-code">{t.checkInCode}</label>
          <p id="check-in-hint" class="muted small">
            {t.checkInIntro}
          </p>
          <input
            id="check-in-code"
            name="code"
            class="code"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={6}
            aria-describedby="check-in-hint"
            value={code}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t.checkingIn : t.checkInSubmit}
          </button>
        </form>
      )}
      <p role="status" class={done ? 'success' : undefined}>
        {done}
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
