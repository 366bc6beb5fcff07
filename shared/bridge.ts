/**
 * What the Electron preload exposes as `window.sessionLab`. The renderer feature-detects it: in a plain
 * browser (`npm run serve`) there is none, and the lab key comes from the URL's fragment instead.
 */
export interface SessionLabBridge {
  /** The loopback server this window talks to, and this launch's lab key. */
  serverInfo(): Promise<{ url: string; labKey: string }>;
}

/** The name of the object the preload puts on `window`. */
export const BRIDGE_NAME = 'sessionLab';
