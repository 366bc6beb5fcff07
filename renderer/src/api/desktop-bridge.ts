import { BRIDGE_METHODS, BRIDGE_NAME, type SessionLabBridge } from '../../../shared/bridge.ts';

/**
 * The preload's bridge when the page runs inside the desktop app, else undefined (a plain browser, or
 * an object that lacks any method of the shared IPC map: then none is used).
 */
export function bridge(): SessionLabBridge | undefined {
  // globalThis is the window in a page; it keeps this module free of the DOM types for its unit test.
  const candidate = (globalThis as unknown as Record<string, unknown>)[BRIDGE_NAME] as
    Record<string, unknown> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  return BRIDGE_METHODS.every((method) => typeof candidate[method] === 'function')
    ? (candidate as unknown as SessionLabBridge)
    : undefined;
}

/** The message of a refused bridge call, without the "Error invoking remote method '…': Error: " Electron puts before it. */
export function bridgeErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
