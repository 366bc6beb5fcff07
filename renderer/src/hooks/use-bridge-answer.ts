import { useEffect, useState } from 'react';
import { bridge, bridgeErrorMessage } from '../api/desktop-bridge.ts';
import type { SessionLabBridge } from '../../../shared/bridge.ts';
import type { AppInfo, ServerInfo } from '../../../shared/ipc.ts';

/** A question to main over the bridge (a module-level function, so it is the same on every render). */
export type BridgeQuestion<T> = (desktop: SessionLabBridge) => Promise<T>;

/** The desktop app's versions and data folder. */
export const askAppInfo: BridgeQuestion<AppInfo> = (desktop) => desktop.appInfo();
/** The server this window talks to, and which store it runs on and why. */
export const askServerInfo: BridgeQuestion<ServerInfo> = (desktop) => desktop.serverInfo();

/** Main's answer to `ask` (asked once per mount), or the message of its refusal; both null while waiting or in a browser. */
export function useBridgeAnswer<T>(ask: BridgeQuestion<T>): { value: T | null; error: string | null } {
  const [state, setState] = useState<{ value: T | null; error: string | null }>({ value: null, error: null });
  useEffect(() => {
    const desktop = bridge();
    if (!desktop) return;
    let live = true;
    ask(desktop).then(
      (value) => live && setState({ value, error: null }),
      (error: unknown) => live && setState({ value: null, error: bridgeErrorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [ask]);
  return state;
}
