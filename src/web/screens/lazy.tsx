import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useUi } from '../context';

/**
 * A screen whose code is a chunk of its own, fetched when it is first opened: the first load of
 * the learner's home screen carries only what home, the catalogue, the course page and the player
 * need, and a phone on a weak link never downloads the administrator's screens. The service
 * worker keeps every chunk once the app is installed, so a screen opened offline still loads.
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  return function LazyScreen(props: P) {
    const { t } = useUi();
    const [screen, setScreen] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    useEffect(() => {
      if (screen) return undefined;
      let current = true;
      setFailed(false);
      (loading ??= load()).then(
        (component) => {
          loaded = component;
          if (current) setScreen(() => component);
        },
        () => {
          // No connection before the service worker kept the chunk: a later try may work.
          loading = undefined;
          if (current) setFailed(true);
        },
      );
      return () => {
        current = false;
      };
    }, [attempt]);
    if (screen) {
      const Screen = screen;
      return <Screen {...props} />;
    }
    if (!failed) return <p aria-live="polite">{t.loading}</p>;
    return (
      <div class="notice" role="alert">
        <p>{t.offline}</p>
        <button type="button" class="primary" onClick={() => setAttempt((n) => n + 1)}>
          {t.retry}
        </button>
      </div>
    );
  };
}
