import path from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, nativeTheme, session, shell } from 'electron';
import { startServer } from '../server/server.ts';
import { createIpcHandlers, applyTheme } from './ipc-handlers.ts';
import { fromAppWindow, registerIpcHandlers } from './ipc.ts';
import { guardSession, guardWebContents } from './security.ts';
import { desktopServerConfig, type Launch } from './server-config.ts';
import { ServerHost } from './server-host.ts';
import { appLogsDir, serverLogFile } from './server-log.ts';
import { SettingsFile } from './settings-file.ts';
import { setupShutdown } from './shutdown.ts';
import { setupSingleInstance } from './single-instance.ts';
import { focusWindow, openMainWindow } from './window.ts';

// The desktop shell, kept thin: the server (server/) does the work; this file only wires Electron to it,
// in the order things happen.

const PRELOAD = path.join(import.meta.dirname, 'preload.cjs');
const launch: Launch = { env: process.env, argv: process.argv.slice(1) };
const serverLog = serverLogFile(appLogsDir(app));
const host = new ServerHost((config, options) =>
  startServer(config, { ...options, logger: serverLog.logger(config.logLevel) }),
);
let mainWindow: BrowserWindow | undefined;

const pageUrl = () => `${host.server.url}/`;
const appOrigin = () => host.origin;

function setupWindow(): void {
  mainWindow = openMainWindow(PRELOAD, pageUrl());
  mainWindow.on('closed', () => (mainWindow = undefined));
}

function showFatalError(title: string) {
  return (error: unknown): void => {
    // A server that cannot start (data dir, port) is told in a dialog, not left as a window that never opens.
    dialog.showErrorBox(title, `${(error as Error).message}\n\nThe server's log: ${serverLog.file}`);
    app.exit(1);
  };
}

function reloadWindow(): void {
  mainWindow
    ?.loadURL(pageUrl())
    .catch((error: unknown) =>
      console.warn(`Session Lab: the window could not load the restarted server: ${(error as Error).message}`),
    );
}

if (!setupSingleInstance(app, () => focusWindow(mainWindow))) {
  app.quit();
} else {
  // 1. Every webContents ever made stays on the app's origin, opens no windows and attaches no webviews.
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, appOrigin, (url) => shell.openExternal(url)),
  );
  // 2. The data dir under userData, and the settings saved in it.
  const dataDir = path.join(app.getPath('userData'), 'data');
  const settings = new SettingsFile(dataDir);
  // 3. Quit closes the server, then its store.
  setupShutdown(
    app,
    () => host.close(),
    (error) => console.error(`Session Lab: could not close cleanly: ${error.message}`),
  );
  app
    .whenReady()
    .then(async () => {
      // Electron's modules are all usable from here on: the saved theme first, so the window opens in it.
      applyTheme(nativeTheme, settings.current);
      // 4. The server (store `auto` unless the settings or flags say otherwise).
      await host.launch(desktopServerConfig(settings.current, launch, dataDir, false));
      if (settings.problem) console.warn(`Session Lab: ${settings.problem}`);
      // 5. The session's permissions and CSP, then the IPC channels, then the window.
      guardSession(session.defaultSession, appOrigin);
      registerIpcHandlers(
        ipcMain,
        createIpcHandlers({
          app,
          shell,
          nativeTheme,
          host,
          settings,
          dataDir,
          launch,
          reloadWindow,
          onServerLost: showFatalError('Session Lab lost its server'),
        }),
        fromAppWindow(() => mainWindow, appOrigin),
      );
      setupWindow();
      app.on('activate', () => {
        if (!mainWindow) setupWindow();
      });
    })
    .catch(showFatalError('Session Lab could not start'));
}
