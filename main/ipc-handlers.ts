import type { App, NativeTheme, Shell } from 'electron';
import { z } from 'zod';
import type { SettingsChange } from '../shared/ipc.ts';
import { redactUrl } from '../shared/redis-url.ts';
import { needsRestart, type Settings } from '../shared/settings.ts';
import type { IpcHandlers } from './ipc.ts';
import type { Launch } from './server-config.ts';
import { desktopServerConfig } from './server-config.ts';
import { ServerLostError, type ServerHost } from './server-host.ts';
import type { SettingsFile } from './settings-file.ts';
import type { RunningServer } from '../server/server.ts';

/** What the handlers work with; passed in so tests can give the stand-in's parts. */
export interface HandlerDeps {
  app: Pick<App, 'getName' | 'getVersion'>;
  shell: Pick<Shell, 'openPath'>;
  nativeTheme: Pick<NativeTheme, 'themeSource'>;
  host: ServerHost;
  settings: SettingsFile;
  dataDir: string;
  launch: Launch;
  /** Loads the server's page again in the window (after a restart). */
  reloadWindow: () => void;
  /** The server is gone for good (a restart and its fallback both failed): tell the learner and quit. */
  onServerLost: (error: ServerLostError) => void;
}

/** Puts the theme setting on Electron, so the page's `prefers-color-scheme` (and its CSS) follow it. */
export function applyTheme(nativeTheme: Pick<NativeTheme, 'themeSource'>, settings: Settings): void {
  nativeTheme.themeSource = settings.theme;
}

/** The handlers of every channel in the shared IPC map. */
export function createIpcHandlers(deps: HandlerDeps): IpcHandlers {
  const { app, host, settings } = deps;
  let changing: Promise<unknown> = Promise.resolve();
  return {
    'app:info': () => ({
      name: app.getName(),
      version: app.getVersion(),
      electron: process.versions.electron ?? 'none',
      chrome: process.versions.chrome ?? 'none',
      node: process.versions.node,
      platform: process.platform,
      dataDir: deps.dataDir,
    }),
    'server:info': () => host.info(),
    'settings:get': () => settings.current,
    'settings:set': async (patch) => {
      // One change at a time: a second click waits for the first restart to finish.
      const change = changing.then(() => applyChange(deps, patch));
      changing = change.catch(() => undefined);
      return change;
    },
    'data-dir:reveal': async () => {
      const problem = await deps.shell.openPath(deps.dataDir);
      if (problem) throw new Error(`could not open ${deps.dataDir}: ${problem}`);
    },
  };
}

/** Whether the store setting changed (its backend or its URL). */
function storeChanged(before: Settings, after: Settings): boolean {
  return JSON.stringify(before.store) !== JSON.stringify(after.store);
}

/** The `--migrate-sessions` value that names the running server's store (a cluster cannot be named: none). */
function migrationSource(server: RunningServer): string {
  if (server.store.kind === 'sqlite') return 'sqlite';
  return server.config.redisCluster === 'off' ? server.config.redisUrl : 'off';
}

/** Saves a change, applies the theme, and restarts the server when the change needs it; refuses and undoes on failure. */
async function applyChange(deps: HandlerDeps, patch: unknown): Promise<SettingsChange> {
  const { host, settings } = deps;
  let saved;
  try {
    saved = settings.update(patch);
  } catch (error) {
    if (error instanceof z.ZodError)
      throw new Error(`settings not changed: ${z.prettifyError(error)}`, { cause: error });
    throw new Error(`settings not changed: could not save ${settings.file} (${(error as Error).message})`, {
      cause: error,
    });
  }
  applyTheme(deps.nativeTheme, saved.after);
  const restarted = needsRestart(saved.before, saved.after);
  if (!restarted) return { settings: saved.after, restarted, server: await host.info() };
  const undo = () => {
    settings.replace(saved.before);
    applyTheme(deps.nativeTheme, saved.before);
  };
  const previous = { ...host.server.config, migrateSessions: 'off' };
  // A new store gets the live sessions of the one running now, copied before the new server answers.
  const migrateSessions = storeChanged(saved.before, saved.after) ? migrationSource(host.server) : 'off';
  try {
    await host.restart({
      ...desktopServerConfig(saved.after, deps.launch, deps.dataDir, true),
      migrateSessions,
    });
  } catch (error) {
    // The host is back on the old config (or lost, which onServerLost reports): so are the saved settings.
    undo();
    if (error instanceof ServerLostError) deps.onServerLost(error);
    throw new Error(
      `settings not changed: the server could not start with them (${(error as Error).message}). The previous store is back, with every session it held.`,
      { cause: error },
    );
  }
  const status = host.server.store.status();
  if (saved.after.store.backend === 'redis' && !status.connected) {
    // A Redis that does not answer is refused here, not saved: a typo in the URL would be an outage at every launch.
    const why = `Redis at ${redactUrl(saved.after.store.url)} did not answer within ${host.server.config.storeTimeoutMs} ms (${status.lastError ?? 'no answer'})`;
    undo();
    try {
      await host.restart(previous);
    } catch (error) {
      if (error instanceof ServerLostError) deps.onServerLost(error);
      throw new Error(
        `settings not changed: ${why}; and the previous server did not start again (${(error as Error).message})`,
        { cause: error },
      );
    }
    throw new Error(`settings not changed: ${why}. The previous store is back.`);
  }
  setImmediate(deps.reloadWindow);
  return { settings: saved.after, restarted, server: await host.info() };
}
