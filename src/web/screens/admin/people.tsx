import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '../../api/account-operations';
import { AdminPeopleQuery, AdminResetPasswordMutation } from '../../api/admin-operations';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import type { AdminPeopleQuery as PeopleData } from '../../gql/graphql';
import { formatNumber } from '../../i18n';
import { LoadStatus } from '../status';
import { useQuery } from '../use-query';
import { FormError, useAction } from './shared';

type Person = PeopleData['users']['edges'][number]['node'];

/**
 * People (`/admin/people`): an administrator finds an ASN by name, email or NIP and, when they
 * forgot their password, sets a new one to hand over (every session of the account ends). The
 * person then chooses their own under *Akun*.
 */
export function PeopleScreen({ auth, onSessionEnded }: { auth: Auth; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [search, setSearch] = useState('');
  const [asked, setAsked] = useState<string | undefined>();
  const submit = (event: Event) => {
    event.preventDefault();
    if (search.trim()) setAsked(search.trim());
  };
  return (
    <>
      <h1>{t.peopleTitle}</h1>
      <form class="card stack" role="search" onSubmit={submit}>
        <label>
          {t.peopleSearch}
          <input type="search" value={search} required onInput={(event) => setSearch(event.currentTarget.value)} />
        </label>
        <button type="submit" class="primary">
          {t.peopleFind}
        </button>
      </form>
      {asked && <Found key={asked} auth={auth} search={asked} onSessionEnded={onSessionEnded} />}
    </>
  );
}

function Found({ auth, search, onSessionEnded }: { auth: Auth; search: string; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [loaded, reload] = useQuery(auth, AdminPeopleQuery, { search }, onSessionEnded);
  if (loaded.state !== 'done') return <LoadStatus loaded={loaded} onRetry={reload} />;
  const people = loaded.data.users.edges.map((edge) => edge.node);
  const total = loaded.data.users.totalCount;
  return (
    <section aria-labelledby="people-found">
      <h2 id="people-found" class="h3" data-testid="people-found">
        {people.length ? t.peopleFound(formatNumber(language, total)) : t.peopleNone}
      </h2>
      {total > people.length && <p class="muted small">{t.peopleMore(formatNumber(language, people.length))}</p>}
      <ul class="plain">
        {people.map((person) => (
          <li key={person.id}>
            <PersonCard person={person} auth={auth} onSessionEnded={onSessionEnded} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function PersonCard({ person, auth, onSessionEnded }: { person: Person; auth: Auth; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [short, setShort] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction(onSessionEnded);
  const field = useRef<HTMLInputElement>(null);
  const said = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  useLayoutEffect(() => {
    if (done) said.current?.focus();
  }, [done]);
  const fieldId = `reset-${person.id}`;
  const reset = async (event: Event) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) return setShort(true);
    setShort(false);
    if ((await run(() => auth.run(AdminResetPasswordMutation, { userId: person.id, input: { newPassword: password } }))) !== undefined) {
      setDone(true);
      setOpen(false);
      setPassword('');
    }
  };
  return (
    <article class="card" aria-label={person.name}>
      <h3 class="h3">{person.name}</h3>
      <p class="muted small">
        {[person.email, person.nip ? `NIP ${person.nip}` : '', person.organization.name].filter(Boolean).join(' · ')}
        {!person.active && ` · ${t.peopleInactive}`}
      </p>
      <p ref={said} tabIndex={-1} role="status" class={done ? 'success' : undefined}>
        {done ? t.peoplePasswordReset(person.name) : ''}
      </p>
      {open ? (
        <form class="stack" onSubmit={reset} noValidate>
          <label for={fieldId}>{t.peopleNewPassword}</label>
          <p id={`${fieldId}-hint`} class="muted small">
            {t.peopleNewPasswordHint(formatNumber(language, MIN_PASSWORD_LENGTH))}
          </p>
          {/* Shown as typed: the administrator hands it over. */}
          <input
            ref={field}
            id={fieldId}
            type="text"
            autocomplete="off"
            spellcheck={false}
            value={password}
            aria-describedby={`${fieldId}-hint`}
            aria-invalid={short ? 'true' : undefined}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
          <FormError text={short ? t.accountPasswordTooShort(formatNumber(language, MIN_PASSWORD_LENGTH)) : error} />
          <div class="button-row">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t.accountSaving : t.peopleResetSubmit}
            </button>
            <button type="button" class="secondary" onClick={() => setOpen(false)}>
              {t.teachCancel}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setOpen(true);
            setDone(false);
          }}
          aria-label={t.peopleResetLabel(person.name)}
        >
          {t.peopleReset}
        </button>
      )}
    </article>
  );
}
