import { useCallback, useEffect, useState } from 'preact/hooks';
import { OfflineError } from '../api/client';
import { type Auth, SessionEnded } from '../api/session';
import type { TypedDocumentString } from '../gql/graphql';

export type Loaded<R> = { state: 'loading' } | { state: 'offline' } | { state: 'error' } | { state: 'done'; data: R };

/** Loads a query as the signed-in person when the screen opens, and again on `reload`. */
export function useQuery<R, V>(auth: Auth, document: TypedDocumentString<R, V>, variables: V, onSessionEnded: () => void) {
  const [loaded, setLoaded] = useState<Loaded<R>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    auth.run(document, variables).then(
      (data) => current && setLoaded({ state: 'done', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof SessionEnded) onSessionEnded();
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
