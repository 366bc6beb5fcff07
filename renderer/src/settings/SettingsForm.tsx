import { useState, type FormEvent } from 'react';
import type { DesktopSettings } from '../hooks/use-desktop-settings.ts';
import type { Settings } from '../../../shared/settings.ts';
import { LifetimeChoice } from './LifetimeChoice.tsx';
import { checkForm, formFromSettings, type SettingsForm as Form } from './settings-form.ts';
import { StoreChoice } from './StoreChoice.tsx';
import { ThemeChoice } from './ThemeChoice.tsx';

/** How long after a restart the page waits for main to reload it before it reloads itself. */
const RELOAD_FALLBACK_MS = 10_000;

type Progress =
  | { state: 'editing' }
  | { state: 'saving'; restarts: boolean }
  | { state: 'reloading' }
  | { state: 'refused'; message: string };

/**
 * Store, lifetimes and theme. Apply sends only what changed; a change that restarts the server leaves
 * the form busy until main reloads the window, any other closes the dialog. A refusal keeps every value.
 */
export function SettingsForm({
  saved,
  save,
  onBusy,
  onApplied,
  onCancel,
}: {
  saved: Settings;
  save: DesktopSettings['save'];
  onBusy: (busy: boolean) => void;
  onApplied: () => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<Form>(() => formFromSettings(saved));
  const [redisUrlError, setRedisUrlError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress>({ state: 'editing' });
  const busy = progress.state === 'saving' || progress.state === 'reloading';
  const change = (part: Partial<Form>) => setForm((current) => ({ ...current, ...part }));

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    const check = checkForm(saved, form);
    if (!check.ok) {
      setRedisUrlError(check.redisUrlError);
      return;
    }
    setRedisUrlError(null);
    if (Object.keys(check.patch).length === 0) {
      onApplied();
      return;
    }
    setProgress({ state: 'saving', restarts: check.restarts });
    onBusy(true);
    try {
      const result = await save(check.patch);
      if (result.restarted) {
        setProgress({ state: 'reloading' });
        // Main reloads the window once the server is back; should that load fail, the page reloads itself.
        setTimeout(() => window.location.reload(), RELOAD_FALLBACK_MS);
        return;
      }
      onBusy(false);
      onApplied();
    } catch (error) {
      onBusy(false);
      setProgress({ state: 'refused', message: (error as Error).message });
    }
  };

  const restarting = progress.state === 'reloading' || (progress.state === 'saving' && progress.restarts);
  return (
    <form className="settings-form" onSubmit={(event) => void apply(event)} noValidate>
      <fieldset className="settings-fields" disabled={busy}>
        <StoreChoice form={form} redisUrlError={redisUrlError} onChange={change} />
        <LifetimeChoice value={form.ttlPreset} onChange={(ttlPreset) => change({ ttlPreset })} />
        <ThemeChoice value={form.theme} onChange={(theme) => change({ theme })} />
      </fieldset>
      {progress.state === 'refused' && (
        <p className="error-note" role="alert" data-testid="settings-error">
          {progress.message}
        </p>
      )}
      <div className="actions dialog-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="settings-apply">
          Apply
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <p className="settings-status" role="status" data-testid="settings-status">
          {restarting ? 'Restarting the server…' : progress.state === 'saving' ? 'Saving…' : ''}
          {progress.state === 'reloading' && <span className="muted"> The window reloads when it is back.</span>}
        </p>
      </div>
    </form>
  );
}
