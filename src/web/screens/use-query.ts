import { useCallback, useEffect, useState } from 'preact/hooks';
import { OfflineError } from '../api/client';
import { type Auth, SessionEnded } from '../api/session';
import type { TypedDocumentString } from '../gql/graphql';

/** `stale`: the answer kept from an earlier visit, shown because there is no connection now. */
export type Loaded<R> = { state: 'loading' } | { state: 'offline' } | { state: 'error' } | { state: 'done'; data: R; stale?: boolean };

const CACHE_PREFIX = 'pelita.cache.';

function readCache<R>(key: string): R | undefined {
  try {
    return (JSON.parse(localStorage.getItem(CACHE_PREFIX + key) ?? 'null') as R | null) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeCache(key: string, data: unknown): void {
  try {
    localStorage.setItem(CACHE_PREFIX + key, JSON.stringify(data));
  } catch {
    // Full or refused storage: the screen simply needs a connection next time.
  }
}

/**
 * On logging out: what was kept is personal (progress, enrolments). On signing in, `keep` names the
 * person whose answers stay: someone else's, left by a session that ran out on a shared PC, go.
 */
export function forgetCachedAnswers(keep?: string): void {
  const kept = keep === undefined ? undefined : `${CACHE_PREFIX}${keep}.`;
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(CACHE_PREFIX) && !(kept && key.startsWith(kept))) localStorage.removeItem(key);
  } catch {
    // nothing kept
  }
}

/**
 * Loads a query as the signed-in person when the screen opens, and again on `reload`. With a
 * `cacheKey` the last answer is kept on the device and shown when there is no connection (the
 * course and its materials, so a learner can keep reading offline).
 */
export function useQuery<R, V>(auth: Auth, document: TypedDocumentString<R, V>, variables: V, onSessionEnded: () => void, cacheKey?: string) {
  const [loaded, setLoaded] = useState<Loaded<R>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    auth.run(document, variables).then(
      (data) => {
        if (cacheKey) writeCache(cacheKey, data);
        if (current) setLoaded({ state: 'done', data });
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof SessionEnded) return onSessionEnded();
        const kept = error instanceof OfflineError && cacheKey ? readCache<R>(cacheKey) : undefined;
        if (kept) setLoaded({ state: 'done', data: kept, stale: true });
        else setLoaded({ state: error instanceof OfflineError ? 'offline' : 'error' });
      },
    );
    return () => {
      current = false;
    };
    // `key` stands for the variables' value: a new object with the same values loads nothing new.
  }, [auth, document, key, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return [loaded, reload] as const;
}
