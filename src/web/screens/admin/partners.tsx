import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiKeysQuery, CreateApiKeyMutation, CreateOrganizationMutation, OrganizationsQuery, RevokeApiKeyMutation } from '../../api/admin-operations';
import type { Auth } from '../../api/session';
import { useUi } from '../../context';
import type { OrganizationKind } from '../../gql/graphql';
import { onLinkClick } from '../../router';
import { LoadStatus } from '../status';
import { useQuery } from '../use-query';
import { adminPaths } from './paths';
import { FormError, useAction } from './shared';

const KINDS: OrganizationKind[] = ['UNIVERSITY', 'NGO', 'TRAINING_CENTER', 'AGENCY'];

/** Organizations (partners first) with a form for a new one; one organization's API keys below its path. */
export function PartnersScreen({ auth, organizationId, onSessionEnded }: { auth: Auth; organizationId?: string; onSessionEnded: () => void }) {
  const { t } = useUi();
  const [loaded, reload] = useQuery(auth, OrganizationsQuery, {}, onSessionEnded);
  // The form stays while the list reloads after it added one: its message must not vanish.
  const agencies = useRef<{ id: string; name: string }[]>([]);
  if (loaded.state === 'done') agencies.current = loaded.data.organizations.edges.map(({ node }) => node).filter((node) => node.kind === 'AGENCY');
  if (organizationId) {
    const organization = loaded.state === 'done' ? loaded.data.organizations.edges.find(({ node }) => node.id === organizationId)?.node : undefined;
    return (
      <>
        <p>
          <a href={adminPaths.partners()} onClick={onLinkClick}>
            {t.backToPartners}
          </a>
        </p>
        <LoadStatus loaded={loaded} onRetry={reload} />
        {loaded.state === 'done' && (organization ? <ApiKeys auth={auth} organization={organization} onSessionEnded={onSessionEnded} /> : <p class="card">{t.notFound}</p>)}
      </>
    );
  }
  // Partners first, then agencies, each by name.
  const organizations = loaded.state === 'done' ? loaded.data.organizations.edges.map(({ node }) => node).sort((a, b) => Number(a.kind === 'AGENCY') - Number(b.kind === 'AGENCY') || a.name.localeCompare(b.name)) : [];
  return (
    <>
      <h1>{t.partnersTitle}</h1>
      <p class="muted">{t.partnersIntro}</p>
      <LoadStatus loaded={loaded} onRetry={reload} />
      {loaded.state === 'done' && (
        <ul class="plain" data-testid="organizations">
          {organizations.map((organization) => (
            <li key={organization.id} class="card row">
              <span>
                <strong>{organization.name}</strong>
                <br />
                <span class="small muted">
                  {t.organizationKind[organization.kind]}
                  {organization.parent && ` · ${organization.parent.name}`}
                </span>
              </span>
              <a class="button" href={adminPaths.partners(organization.id)} onClick={onLinkClick} aria-label={t.apiKeysOf(organization.name)}>
                {t.apiKeys}
              </a>
            </li>
          ))}
        </ul>
      )}
      <NewOrganization auth={auth} agencies={agencies.current} onCreated={reload} onSessionEnded={onSessionEnded} />
    </>
  );
}

function NewOrganization({ auth, agencies, onCreated, onSessionEnded }: { auth: Auth; agencies: { id: string; name: string }[]; onCreated: () => void; onSessionEnded: () => void }) {
  const { t } = useUi();
  const action = useAction(onSessionEnded);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganizationKind>('UNIVERSITY');
  const [parentId, setParentId] = useState('');
  const [created, setCreated] = useState<string | undefined>();
  const submit = async (event: Event) => {
    event.preventDefault();
    setCreated(undefined);
    if (!name.trim()) return action.setError(t.fillRequired);
    const done = await action.run(() => auth.run(CreateOrganizationMutation, { input: { name: name.trim(), kind, parentId: kind === 'AGENCY' && parentId ? parentId : undefined } }));
    if (!done) return;
    setCreated(t.organizationCreated(done.createOrganization.name));
    setName('');
    onCreated();
  };
  return (
    <section class="card" aria-labelledby="new-organization">
      <h2 id="new-organization">{t.newOrganization}</h2>
      <form class="stack" onSubmit={submit} noValidate>
        <label>
          {t.organizationName}
          <input required value={name} onInput={(event) => setName(event.currentTarget.value)} />
        </label>
        <label>
          {t.organizationKindLabel}
          <select value={kind} onChange={(event) => setKind(event.currentTarget.value as OrganizationKind)}>
            {KINDS.map((value) => (
              <option key={value} value={value}>
                {t.organizationKind[value]}
              </option>
            ))}
          </select>
        </label>
        {kind === 'AGENCY' && (
          <label>
            {t.organizationParent}
            <select value={parentId} onChange={(event) => setParentId(event.currentTarget.value)}>
              <option value="">{t.organizationNoParent}</option>
              {agencies.map((agency) => (
                <option key={agency.id} value={agency.id}>
                  {agency.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <FormError text={action.error} />
        <button type="submit" class="primary" disabled={action.busy}>
          {t.createOrganization}
        </button>
        <div aria-live="polite">{created && <p class="notice">{created}</p>}</div>
      </form>
    </section>
  );
}

function ApiKeys({ auth, organization, onSessionEnded }: { auth: Auth; organization: { id: string; name: string }; onSessionEnded: () => void }) {
  const { t, language } = useUi();
  const [keys, reload] = useQuery(auth, ApiKeysQuery, { organizationId: organization.id }, onSessionEnded);
  const action = useAction(onSessionEnded);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<{ name: string; value: string } | undefined>();
  const [copied, setCopied] = useState<'done' | 'manual' | undefined>();
  const [confirming, setConfirming] = useState<string | undefined>();
  // The new key takes the focus (and is selected): ready to copy, and read out with its hint.
  useEffect(() => {
    if (secret) document.getElementById('api-key-secret')?.focus();
  }, [secret]);
  const when = (value: string) => new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));

  const create = async (event: Event) => {
    event.preventDefault();
    setSecret(undefined);
    setCopied(undefined);
    if (!name.trim()) return action.setError(t.fillRequired);
    const done = await action.run(() => auth.run(CreateApiKeyMutation, { organizationId: organization.id, name: name.trim() }));
    if (!done) return;
    setSecret({ name: done.createApiKey.apiKey.name, value: done.createApiKey.secret });
    setName('');
    reload();
  };
  const revoke = async (id: string) => {
    const done = await action.run(() => auth.run(RevokeApiKeyMutation, { id }));
    setConfirming(undefined);
    if (done) reload();
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret.value);
      setCopied('done');
    } catch {
      // No clipboard (plain http off localhost, or refused): the key is selected for the device's own copy.
      (document.getElementById('api-key-secret') as HTMLTextAreaElement | null)?.select();
      setCopied('manual');
    }
  };

  return (
    <>
      <h1>{t.apiKeysOf(organization.name)}</h1>
      <FormError text={action.error} />
      {secret && (
        <section class="card secret" aria-labelledby="secret-heading">
          <h2 id="secret-heading">{t.apiKeyCreated(secret.name)}</h2>
          <label>
            {t.apiKeySecret}
            <textarea id="api-key-secret" readOnly rows={2} value={secret.value} aria-describedby="secret-hint" spellcheck={false} onFocus={(event) => event.currentTarget.select()} />
          </label>
          <p id="secret-hint" class="notice">
            {t.apiKeySecretHint}
          </p>
          <button type="button" class="primary" onClick={copy}>
            {t.copy}
          </button>
          <span aria-live="polite" class="small">
            {copied === 'done' ? ` ${t.copied}` : copied === 'manual' ? ` ${t.copyManually}` : ''}
          </span>
        </section>
      )}
      <LoadStatus loaded={keys} onRetry={reload} />
      {keys.state === 'done' &&
        (keys.data.apiKeys.totalCount === 0 ? (
          <p class="muted">{t.apiKeysEmpty}</p>
        ) : (
          <ul class="plain" data-testid="api-keys">
            {keys.data.apiKeys.edges.map(({ node: key }) => (
              <li key={key.id} class="card">
                <h2 class="h3">{key.name}</h2>
                <p class="small muted">
                  <code>{key.prefix}…</code> · {t.apiKeyCreatedAt(when(key.createdAt))} · {key.lastUsedAt ? t.apiKeyLastUsed(when(key.lastUsedAt)) : t.apiKeyNeverUsed}
                </p>
                {key.revokedAt ? (
                  <span class="tag revoked">{t.apiKeyRevoked(when(key.revokedAt))}</span>
                ) : confirming === key.id ? (
                  <div class="actions" role="group" aria-label={t.revokeConfirm(key.name)}>
                    <p>{t.revokeConfirm(key.name)}</p>
                    <button type="button" class="danger" disabled={action.busy} onClick={() => revoke(key.id)}>
                      {t.revokeYes}
                    </button>{' '}
                    <button type="button" class="secondary" onClick={() => setConfirming(undefined)}>
                      {t.cancel}
                    </button>
                  </div>
                ) : (
                  <button type="button" class="secondary" aria-label={t.revokeLabel(key.name)} onClick={() => setConfirming(key.id)}>
                    {t.revoke}
                  </button>
                )}
              </li>
            ))}
          </ul>
        ))}
      <section class="card" aria-labelledby="new-key">
        <h2 id="new-key">{t.newApiKey}</h2>
        <form class="stack" onSubmit={create} noValidate>
          <label>
            {t.apiKeyName}
            <input required value={name} placeholder={t.apiKeyNameExample} onInput={(event) => setName(event.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" disabled={action.busy}>
            {t.createApiKey}
          </button>
        </form>
      </section>
    </>
  );
}

