import { useUi } from '../context';
import type { Loaded } from './use-query';

/** What a screen shows while its data is not there: loading, offline (with a retry) or an error. */
export function LoadStatus({ loaded, onRetry }: { loaded: Loaded<unknown>; onRetry: () => void }) {
  const { t } = useUi();
  if (loaded.state === 'loading') return <p aria-live="polite">{t.loading}</p>;
  if (loaded.state === 'done') return null;
  return (
    <div class={loaded.state === 'offline' ? 'notice' : 'error'} role="alert">
      <p>{loaded.state === 'offline' ? t.offline : t.somethingWrong}</p>
      <button type="button" class="primary" onClick={onRetry}>
        {t.retry}
      </button>
    </div>
  );
}

/** A bar for a share in percent; its label is read out by screen readers. */
export function Meter({ percent, label, text }: { percent: number; label: string; text: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(percent)));
  return (
    <div class="meter" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={clamped} aria-valuetext={text}>
      <span style={{ width: `${clamped}%` }} />
    </div>
  );
}
