import { IPC_METHODS, type IpcContract, type IpcMethod } from './ipc.ts';

/**
 * What the Electron preload exposes as `window.sessionLab`: one promise-returning method per IPC channel
 * of {@link IPC_METHODS}, nothing else. The renderer feature-detects it: in a plain browser
 * (`npm run serve`) there is none, and the lab key comes from the URL's fragment instead.
 */
export type SessionLabBridge = {
  [M in IpcMethod]: (
    ...args: IpcContract[(typeof IPC_METHODS)[M]]['request']
  ) => Promise<IpcContract[(typeof IPC_METHODS)[M]]['response']>;
};

/** The name of the object the preload puts on `window`. */
export const BRIDGE_NAME = 'sessionLab';

/** The bridge's method names, for the preload and for feature detection. */
export const BRIDGE_METHODS = Object.keys(IPC_METHODS) as IpcMethod[];
