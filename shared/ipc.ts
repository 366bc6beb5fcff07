import type { StoreKind } from './api/health.ts';
import type { Settings, SettingsPatch } from './settings.ts';

/** What `app:info` answers: the versions a bug report needs, and where the data lives. */
export interface AppInfo {
  name: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
  /** The data dir (settings, embedded store, accounts, keys). */
  dataDir: string;
}

/** What `server:info` answers: the loopback server this window talks to, and this launch's lab key. */
export interface ServerInfo {
  url: string;
  labKey: string;
  store: StoreKind;
  /** Why this backend was chosen. */
  storeReason: string;
}

/** What `settings:set` answers once the change is saved (and, when it needs one, the server restarted). */
export interface SettingsChange {
  settings: Settings;
  /** True when the server was restarted to apply the change; the window reloads right after. */
  restarted: boolean;
  server: ServerInfo;
}

/**
 * Every IPC channel, named `domain:verb`, with what the renderer sends and what main answers. The preload
 * exposes exactly these, and main registers a handler for exactly these.
 */
export interface IpcContract {
  'app:info': { request: []; response: AppInfo };
  'server:info': { request: []; response: ServerInfo };
  'settings:get': { request: []; response: Settings };
  'settings:set': { request: [patch: SettingsPatch]; response: SettingsChange };
  'data-dir:reveal': { request: []; response: void };
}

/** The name of an IPC channel. */
export type IpcChannel = keyof IpcContract;

/** The bridge's method for each channel (`window.sessionLab.<method>(…)` invokes `<channel>`). */
export const IPC_METHODS = {
  appInfo: 'app:info',
  serverInfo: 'server:info',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  revealDataDir: 'data-dir:reveal',
} as const satisfies Record<string, IpcChannel>;

/** A bridge method's name. */
export type IpcMethod = keyof typeof IPC_METHODS;

/** Every channel, in the map's order. */
export const IPC_CHANNELS = Object.values(IPC_METHODS) as IpcChannel[];
