import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../../api/client';
import { type Auth, SessionEnded } from '../../api/session';
import { UploadFailed } from '../../api/upload';
import { useUi } from '../../context';
import type { TypedDocumentString } from '../../gql/graphql';
import type { Messages } from '../../i18n';
import type { Loaded } from '../use-query';

/** Paths below /teach. */
export const teachPaths = {
  list: '/',
  newCourse: '/new',
  course: (courseId: string) => `/course/${encodeURIComponent(courseId)}`,
  reviews: '/reviews',
  review: (submissionId: string) => `/review/${encodeURIComponent(submissionId)}`,
  cohort: (cohortId: string) => `/cohort/${encodeURIComponent(cohortId)}`,
};

/**
 * Loads a query and keeps showing the last answer while it loads again: an author's editor stays
 * in place (and an upload on it keeps running) when it refreshes after a change.
 */
export function useFreshQuery<R, V>(auth: Auth, document: TypedDocumentString<R, V>, variables: V, onSessionEnded: () => void) {
  const [loaded, setLoaded] = useState<Loaded<R>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    auth.run(document, variables).then(
      (data) => current && setLoaded({ state: 'done', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof SessionEnded) return onSessionEnded();
        setLoaded((before) => (before.state === 'done' ? { ...before, stale: true } : { state: error instanceof OfflineError ? 'offline' : 'error' }));
      },
    );
    return () => {
      current = false;
    };
  }, [auth, document, key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [loaded, reload] as const;
}

/** What to tell the author when a request failed; the server's own words follow as detail. */
export function failureText(t: Messages, error: unknown): { message: string; detail?: string } {
  if (error instanceof OfflineError) return { message: t.teachOffline };
  if (error instanceof UploadFailed) return { message: error.reason === 'offline' ? t.teachUploadCut : t.teachUploadRefused };
  if (error instanceof ApiError) {
    const message =
      error.code === 'CONFLICT' ? t.teachConflict : error.code === 'BAD_USER_INPUT' ? t.teachBadInput : error.code === 'FORBIDDEN' ? t.teachForbidden : t.somethingWrong;
    return { message, detail: error.message };
  }
  return { message: t.somethingWrong };
}

export function FailureNote({ error }: { error: unknown }) {
  const { t } = useUi();
  if (!error) return null;
  const { message, detail } = failureText(t, error);
  return (
    <div class="error" role="alert">
      <p>{message}</p>
      {detail && <p class="small">{detail}</p>}
    </div>
  );
}

/**
 * Runs a mutation for a form: busy while it runs, the failure kept to show, SessionEnded handed to
 * the app. Answers undefined when it failed.
 */
export function useAction(onSessionEnded: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (failure) {
      if (failure instanceof SessionEnded) onSessionEnded();
      else if (alive.current) setError(failure);
      return undefined;
    } finally {
      if (alive.current) setBusy(false);
    }
  }, []);
  return { busy, error, run };
}

/** Form values as strings; empty fields left out. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  new FormData(form).forEach((value, name) => {
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  });
  return values;
}

export const optionalInt = (value: string | undefined) => (value === undefined ? null : Number.parseInt(value, 10));


/** A moment as people in Sibolga read it (WIB). */
export const formatDateTime = (language: string, iso: string) =>
  new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
