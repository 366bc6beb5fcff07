import {
  needsRestart,
  storeSettingSchema,
  type Settings,
  type SettingsPatch,
  type TtlPresetName,
} from '../../../shared/settings.ts';

/** What the settings dialog's controls hold: the Redis URL is kept while another backend is picked. */
export interface SettingsForm {
  backend: Settings['store']['backend'];
  redisUrl: string;
  ttlPreset: TtlPresetName;
  theme: Settings['theme'];
}

/** The form as the saved settings fill it. */
export function formFromSettings(settings: Settings): SettingsForm {
  return {
    backend: settings.store.backend,
    redisUrl: settings.store.backend === 'redis' ? settings.store.url : '',
    ttlPreset: settings.ttlPreset,
    theme: settings.theme,
  };
}

/** The change the form asks for, or why the Redis URL cannot be sent. */
export type FormCheck = { ok: true; patch: SettingsPatch; restarts: boolean } | { ok: false; redisUrlError: string };

/**
 * Checks the form with the shared schema and keeps only what differs from the saved settings, so main
 * restarts the server only when the store or the lifetimes really change.
 */
export function checkForm(saved: Settings, form: SettingsForm): FormCheck {
  const parsed = storeSettingSchema.safeParse(
    form.backend === 'redis' ? { backend: 'redis', url: form.redisUrl.trim() } : { backend: form.backend },
  );
  if (!parsed.success) return { ok: false, redisUrlError: parsed.error.issues[0]?.message ?? 'not a Redis URL' };
  const patch: SettingsPatch = {};
  if (JSON.stringify(parsed.data) !== JSON.stringify(saved.store)) patch.store = parsed.data;
  if (form.ttlPreset !== saved.ttlPreset) patch.ttlPreset = form.ttlPreset;
  if (form.theme !== saved.theme) patch.theme = form.theme;
  return { ok: true, patch, restarts: needsRestart(saved, { ...saved, ...patch }) };
}
