import type { App, NativeTheme, Shell } from 'electron';
import { z } from 'zod';
import { needsRestart, type Settings } from '../shared/settings.ts';
import type { IpcHandlers } from './ipc.ts';
import type { Launch } from './server-config.ts';
import { desktopServerConfig } from './server-config.ts';
import type { ServerHost } from './server-host.ts';
import type { SettingsFile } from './settings-file.ts';

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
}

/** Puts the theme setting on Electron, so the page's `prefers-color-scheme` (and its CSS) follow it. */
export function applyTheme(nativeTheme: Pick<NativeTheme, 'themeSource'>, settings: Settings): void {
  nativeTheme.themeSource = settings.theme;
}

/** The handlers of every channel in the shared IPC map. */
export function createIpcHandlers(deps: HandlerDeps): IpcHandlers {
  const { app, host, settings } = deps;
  let restarting: Promise<unknown> = Promise.resolve();
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
      const change = restarting.then(async () => {
        let saved;
        try {
          saved = settings.update(patch);
        } catch (error) {
          if (error instanceof z.ZodError) throw new Error(`settings not changed: ${z.prettifyError(error)}`, { cause: error });
          throw new Error(`settings not changed: could not save ${settings.file} (${(error as Error).message})`, { cause: error });
        }
        applyTheme(deps.nativeTheme, saved.after);
        const restarted = needsRestart(saved.before, saved.after);
        if (restarted) {
          try {
            await host.restart(desktopServerConfig(saved.after, deps.launch, deps.dataDir, true));
          } catch (error) {
            // The host is back on the old config: so are the saved settings.
            settings.replace(saved.before);
            applyTheme(deps.nativeTheme, saved.before);
            throw new Error(`settings not changed: the server could not start with them (${(error as Error).message})`, { cause: error });
          }
          setImmediate(deps.reloadWindow);
        }
        return { settings: saved.after, restarted, server: host.info() };
      });
      restarting = change.catch(() => undefined);
      return change;
    },
    'data-dir:reveal': async () => {
      const problem = await deps.shell.openPath(deps.dataDir);
      if (problem) throw new Error(`could not open ${deps.dataDir}: ${problem}`);
    },
  };
}
