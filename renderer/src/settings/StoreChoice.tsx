import { useId, useRef } from 'react';
import { askServerInfo, useBridgeAnswer } from '../hooks/use-bridge-answer.ts';
import { ChoiceGroup } from './ChoiceGroup.tsx';
import type { SettingsForm } from './settings-form.ts';

function storeName(kind: string): string {
  return kind === 'redis' ? 'Redis' : 'the embedded store';
}

/** The store the sessions will move to on Save, in words; null when they stay (or `auto` may pick either). */
function movingTo(form: SettingsForm, running: string): string | null {
  if (form.backend === 'embedded' && running !== 'sqlite') return 'the embedded store';
  if (form.backend === 'redis' && running !== 'redis') return 'Redis';
  return null;
}

/** Where the sessions live: auto, the embedded file, or a Redis at a URL (checked before it is sent). */
export function StoreChoice({
  form,
  redisUrlError,
  onChange,
}: {
  form: SettingsForm;
  redisUrlError: string | null;
  onChange: (change: Partial<SettingsForm>) => void;
}) {
  const id = useId();
  const urlInput = useRef<HTMLInputElement>(null);
  // What runs may differ from what is saved: a launch's flags and env vars win over the saved settings.
  const running = useBridgeAnswer(askServerInfo).value;
  const moving = running ? movingTo(form, running.store) : null;
  const urlField = (
    <div className="choice-extra">
      <label htmlFor={`${id}-url`}>Redis URL</label>
      <input
        ref={urlInput}
        id={`${id}-url`}
        type="text"
        inputMode="url"
        spellCheck={false}
        autoComplete="off"
        placeholder="redis://127.0.0.1:6379"
        value={form.redisUrl}
        disabled={form.backend !== 'redis'}
        aria-invalid={redisUrlError ? true : undefined}
        aria-describedby={redisUrlError ? `${id}-url-error` : undefined}
        onChange={(event) => onChange({ redisUrl: event.target.value })}
        data-testid="settings-redis-url"
      />
      {redisUrlError && (
        <p className="error-note" id={`${id}-url-error`} role="alert" data-testid="settings-redis-url-error">
          {redisUrlError}
        </p>
      )}
    </div>
  );
  return (
    <>
      <ChoiceGroup
        legend="Store"
        hint="Where sessions and refresh tokens live. Changing it restarts the server (same address) and copies your sessions and tokens to the new store first, so you stay signed in."
        name="store"
        value={form.backend}
        onChange={(backend) => {
          onChange({ backend });
          // The URL field is enabled by this very change: focus it once it is.
          if (backend === 'redis') setTimeout(() => urlInput.current?.focus());
        }}
        choices={[
          { value: 'auto', label: 'Auto', description: 'Redis if one answers, else embedded' },
          { value: 'embedded', label: 'Embedded', description: 'a SQLite file in the data folder' },
          { value: 'redis', label: 'Redis at URL', extra: urlField },
        ]}
      />
      {moving && running && (
        <p className="store-moving" data-testid="settings-store-moving">
          When you apply this, your live sessions and tokens are copied from {storeName(running.store)} to {moving},
          each with the time it has left. If the new store fails during the copy, {storeName(running.store)} stays in
          use with everything on it.
        </p>
      )}
      {running && (
        <p className="muted store-running" data-testid="settings-store-running">
          Running now: {running.store === 'redis' ? 'Redis' : 'embedded'} ({running.storeReason})
        </p>
      )}
    </>
  );
}
