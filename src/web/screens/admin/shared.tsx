import { useState } from 'preact/hooks';
import { ApiError, OfflineError } from '../../api/client';
import { SessionEnded } from '../../api/session';
import { useUi } from '../../context';
import type { Messages } from '../../i18n';

/** What to tell the administrator about a failed request, in their language (the server's messages are English). */
export function failureText(t: Messages, failure: unknown): string {
  if (failure instanceof OfflineError) return t.offline;
  if (failure instanceof ApiError) {
    if (failure.code === 'FORBIDDEN') return t.adminForbidden;
    if (failure.code === 'NOT_FOUND') return t.adminNotFound;
    if (failure.code === 'CONFLICT') return t.adminConflict;
    if (failure.code === 'BAD_USER_INPUT') return t.adminBadInput;
    if (failure.code === 'RATE_LIMITED') return t.tooManyAttempts;
  }
  return t.somethingWrong;
}

/**
 * One action at a time (a button's mutation): `busy` while it runs, the failure's text after.
 * A session that ended goes to the app (the login screen); nothing else is thrown on.
 */
export function useAction(onSessionEnded: () => void) {
  const { t } = useUi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async <R,>(action: () => Promise<R>): Promise<R | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (failure) {
      if (failure instanceof SessionEnded) onSessionEnded();
      else setError(failureText(t, failure));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** An error of a form, read out when it appears. */
export function FormError({ text }: { text?: string }) {
  if (!text) return null;
  return (
    <p class="error" role="alert">
      {text}
    </p>
  );
}
