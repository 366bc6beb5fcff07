import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME } from '../shared/bridge.ts';
import { IPC_METHODS } from '../shared/ipc.ts';

// The window gets one object with one method per channel of the shared map, never ipcRenderer itself.
// Bundled to a single CommonJS file (a sandboxed preload cannot load other files).
const bridge = Object.fromEntries(
  Object.entries(IPC_METHODS).map(([method, channel]) => [
    method,
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  ]),
);

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge);
