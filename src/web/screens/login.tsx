import { useState } from 'preact/hooks';
import { ApiError, execute, OfflineError } from '../api/client';
import { LoginMutation } from '../api/operations';
import { saveSession, type Session, sessionFrom } from '../api/session';
import { useUi } from '../context';

export function LoginScreen({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const { t } = useUi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      const data = await execute(LoginMutation, { email: String(form.get('email')).trim(), password: String(form.get('password')) });
      const session = sessionFrom(data.login);
      saveSession(session);
      onSignedIn(session);
    } catch (failure) {
      setError(
        failure instanceof OfflineError
          ? t.offline
          : failure instanceof ApiError && failure.code === 'UNAUTHENTICATED'
            ? t.wrongCredentials
            : failure instanceof ApiError && failure.code === 'RATE_LIMITED'
              ? t.tooManyAttempts
              : t.somethingWrong,
      );
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="login-title">
      <h1 id="login-title">{t.loginTitle}</h1>
      <p class="muted">{t.loginIntro}</p>
      {notice && !error && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form class="stack" onSubmit={submit}>
        <label>
          {t.email}
          <input name="email" type="email" autocomplete="username" inputMode="email" required />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t.loggingIn : t.loginSubmit}
        </button>
      </form>
    </section>
  );
}
