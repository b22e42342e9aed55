import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { AccountQuery, ChangePasswordMutation, MIN_PASSWORD_LENGTH } from '../api/account-operations';
import { ApiError, OfflineError } from '../api/client';
import { type Auth, SessionEnded } from '../api/session';
import { useUi } from '../context';
import { formatNumber } from '../i18n';
import { LoadStatus } from './status';
import { useQuery } from './use-query';

/**
 * The signed-in person's account: who Pelita knows them as, and a new password. Accounts are made
 * by the BKPSDM with a first password, so changing it is the first thing many ASN do. Changing it
 * ends the account's other sessions (another phone, an office PC), which the screen says.
 */
export function AccountScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, AccountQuery, {}, onSessionEnded);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const me = loaded.data.me;
  if (!me) return <p class="card">{t.notFound}</p>;
  return (
    <>
      <h1>{t.accountTitle}</h1>
      <section class="card" aria-labelledby="account-who">
        <h2 id="account-who" class="h3">
          {me.name}
        </h2>
        <dl class="facts stacked">
          <dt>{t.email}</dt>
          <dd>{me.email}</dd>
          {me.nip && (
            <>
              <dt>{t.accountNip}</dt>
              <dd>{me.nip}</dd>
            </>
          )}
          {me.position && (
            <>
              <dt>{t.accountPosition}</dt>
              <dd>{me.position}</dd>
            </>
          )}
          <dt>{t.accountOrganization}</dt>
          <dd>{me.organization.name}</dd>
        </dl>
      </section>
      <ChangePassword auth={auth} onSessionEnded={onSessionEnded} />
    </>
  );
}

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';

function ChangePassword({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const [changed, setChanged] = useState(false);
  const done = useRef<HTMLParagraphElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // The form's first wrong field takes the focus, so a screen reader reads its message next.
  useLayoutEffect(() => {
    const first = (['currentPassword', 'newPassword', 'confirmPassword'] as const).find((field) => problems[field]);
    if (first) form.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  }, [problems]);
  useLayoutEffect(() => {
    if (changed) done.current?.focus();
  }, [changed]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const values = new FormData(event.currentTarget as HTMLFormElement);
    const currentPassword = String(values.get('currentPassword') ?? '');
    const newPassword = String(values.get('newPassword') ?? '');
    const found: Partial<Record<Field, string>> = {};
    if (newPassword.length < MIN_PASSWORD_LENGTH) found.newPassword = t.accountPasswordTooShort(formatNumber(language, MIN_PASSWORD_LENGTH));
    else if (newPassword === currentPassword) found.newPassword = t.accountPasswordSame;
    if (String(values.get('confirmPassword') ?? '') !== newPassword) found.confirmPassword = t.accountPasswordMismatch;
    setChanged(false);
    setFailure(undefined);
    setProblems(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await auth.run(ChangePasswordMutation, { input: { currentPassword, newPassword } });
      form.current?.reset();
      setChanged(true);
    } catch (error) {
      if (error instanceof SessionEnded) return onSessionEnded();
      const fields = error instanceof ApiError ? error.fields.map((problem) => problem.field) : [];
      if (fields.includes('currentPassword')) setProblems({ currentPassword: t.accountCurrentPasswordWrong });
      else if (fields.includes('newPassword')) setProblems({ newPassword: t.accountPasswordTooShort(formatNumber(language, MIN_PASSWORD_LENGTH)) });
      else setFailure(error instanceof OfflineError ? t.accountOffline : error instanceof ApiError && error.code === 'RATE_LIMITED' ? t.tooManyAttempts : t.somethingWrong);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: Field, label: string, autocomplete: string, hint?: string) => (
    <div class="stack">
      <label for={`account-${name}`}>{label}</label>
      {hint && (
        <p id={`account-${name}-hint`} class="muted small">
          {hint}
        </p>
      )}
      <input
        id={`account-${name}`}
        name={name}
        type="password"
        autocomplete={autocomplete}
        required
        aria-invalid={problems[name] ? 'true' : undefined}
        aria-describedby={[hint ? `account-${name}-hint` : '', problems[name] ? `account-${name}-problem` : ''].filter(Boolean).join(' ') || undefined}
      />
      {problems[name] && (
        <p id={`account-${name}-problem`} class="error small">
          {problems[name]}
        </p>
      )}
    </div>
  );

  return (
    <section class="card" aria-labelledby="account-password">
      <h2 id="account-password" class="h3">
        {t.accountChangePassword}
      </h2>
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      <p ref={done} tabIndex={-1} role="status" class={changed ? 'success' : undefined} data-testid="password-changed">
        {changed ? t.accountPasswordChanged : ''}
      </p>
      <form ref={form} class="stack" onSubmit={submit} noValidate>
        {field('currentPassword', t.accountCurrentPassword, 'current-password')}
        {field('newPassword', t.accountNewPassword, 'new-password', t.accountPasswordHint(formatNumber(language, MIN_PASSWORD_LENGTH)))}
        {field('confirmPassword', t.accountConfirmPassword, 'new-password')}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t.accountSaving : t.accountChangePasswordSubmit}
        </button>
      </form>
    </section>
  );
}
