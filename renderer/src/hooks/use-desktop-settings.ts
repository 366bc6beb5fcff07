import { useCallback, useEffect, useMemo, useState } from 'react';
import { bridge, bridgeErrorMessage } from '../api/desktop-bridge.ts';
import type { SettingsChange } from '../../../shared/ipc.ts';
import type { Settings, SettingsPatch } from '../../../shared/settings.ts';

/** The desktop app's saved settings, as main answered them, and the way to change them. */
export interface DesktopSettings {
  /** Null until main has answered (or when it could not: see `loadError`). */
  settings: Settings | null;
  loadError: string | null;
  /** Saves a change through main (which may restart the server); rejects with main's reason. */
  save(patch: SettingsPatch): Promise<SettingsChange>;
}

/** The desktop settings inside Electron; null in a plain browser, where there are none. */
export function useDesktopSettings(): DesktopSettings | null {
  const [desktop] = useState(bridge);
  const [state, setState] = useState<{ settings: Settings | null; loadError: string | null }>({
    settings: null,
    loadError: null,
  });
  useEffect(() => {
    if (!desktop) return;
    let live = true;
    desktop.getSettings().then(
      (settings) => live && setState({ settings, loadError: null }),
      (error: unknown) => live && setState({ settings: null, loadError: bridgeErrorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [desktop]);
  const save = useCallback(
    async (patch: SettingsPatch) => {
      if (!desktop) throw new Error('no desktop app to save settings in');
      try {
        const change = await desktop.setSettings(patch);
        setState({ settings: change.settings, loadError: null });
        return change;
      } catch (error) {
        throw new Error(bridgeErrorMessage(error), { cause: error });
      }
    },
    [desktop],
  );
  return useMemo(() => (desktop ? { ...state, save } : null), [desktop, state, save]);
}
