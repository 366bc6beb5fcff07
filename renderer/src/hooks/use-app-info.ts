import { useEffect, useState } from 'react';
import { bridge, bridgeErrorMessage } from '../api/desktop-bridge.ts';
import type { AppInfo } from '../../../shared/ipc.ts';

/** The desktop app's versions and data folder (asked once per mount); an error message when main could not answer. */
export function useAppInfo(): { info: AppInfo | null; error: string | null } {
  const [state, setState] = useState<{ info: AppInfo | null; error: string | null }>({ info: null, error: null });
  useEffect(() => {
    const desktop = bridge();
    if (!desktop) return;
    let live = true;
    desktop.appInfo().then(
      (info) => live && setState({ info, error: null }),
      (error: unknown) => live && setState({ info: null, error: bridgeErrorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
