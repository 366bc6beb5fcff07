import { ErrorNote } from '../components/ErrorNote.tsx';
import { useTokenSettings } from '../hooks/use-token-settings.ts';
import type { TokenSettingsBody } from '../../../shared/api/tokens.ts';

const TTL_PRESETS: { label: string; ms: number }[] = [
  { label: '30 s', ms: 30_000 },
  { label: '2 min', ms: 120_000 },
  { label: '15 min', ms: 900_000 },
  { label: '1 h', ms: 3_600_000 },
];

/** The lab's switches for new tokens: signing algorithm, delivery, denylist on logout, lifetime. */
export function TokenSwitches({ labKey }: { labKey: string | null }) {
  const { settings, error, change } = useTokenSettings(labKey);
  if (!labKey) return <p className="muted">The switches need the lab key (open the URL the server printed).</p>;
  if (!settings) return <ErrorNote error={error} />;
  const select = <K extends keyof TokenSettingsBody>(
    name: K,
    label: string,
    options: { value: TokenSettingsBody[K]; label: string }[],
  ) => (
    <label className="switch">
      {label}{' '}
      <select
        value={String(settings[name])}
        data-testid={`token-setting-${name}`}
        onChange={(event) =>
          void change({ [name]: options.find((option) => String(option.value) === event.target.value)!.value })
        }
      >
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="switches">
      <legend>Switches (apply to the next login or refresh)</legend>
      {select('algorithm', 'Algorithm', [
        { value: 'HS256', label: 'HS256 (shared secret)' },
        { value: 'ES256', label: 'ES256 (P-256 key pair)' },
        { value: 'EdDSA', label: 'EdDSA (Ed25519 key pair)' },
      ])}
      {select('delivery', 'Delivery', [
        { value: 'body', label: 'in the body → localStorage' },
        { value: 'cookie', label: 'in an HttpOnly cookie' },
      ])}
      {select('denylist', 'Denylist on logout', [
        { value: 'on', label: 'on (logout revokes the token)' },
        { value: 'off', label: 'off (purely stateless)' },
      ])}
      {select(
        'accessTtlMs',
        'Lifetime',
        (TTL_PRESETS.some((preset) => preset.ms === settings.accessTtlMs)
          ? TTL_PRESETS
          : [...TTL_PRESETS, { label: `${settings.accessTtlMs / 1_000} s`, ms: settings.accessTtlMs }]
        ).map((preset) => ({ value: preset.ms, label: preset.label })),
      )}
      <ErrorNote error={error} />
    </fieldset>
  );
}
