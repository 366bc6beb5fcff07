import path from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { loadConfig } from '../server/config-sources.ts';
import { startServer, type RunningServer } from '../server/server.ts';

// The desktop shell, kept thin: the server and its store do the work; the window shows the renderer
// the server serves. Settings, IPC and the preload bridge come with the desktop-shell issue.

let server: RunningServer | undefined;
let window: BrowserWindow | undefined;

function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  return true;
}

async function setupServer(): Promise<RunningServer> {
  const config = loadConfig(process.env, [], { dataDir: path.join(app.getPath('userData'), 'data') });
  return startServer(config);
}

function setupWindow(url: string, page: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    title: 'Session Lab',
    webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, target) => {
    if (new URL(target).origin !== new URL(url).origin) event.preventDefault();
  });
  void win.loadURL(page);
  return win;
}

function setupQuit(): void {
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!server) return;
    event.preventDefault();
    const closing = server;
    server = undefined;
    void closing.close().finally(() => app.quit());
  });
}

if (setupSingleInstance()) {
  setupQuit();
  app
    .whenReady()
    .then(async () => {
      server = await setupServer();
      // The inspector's lab key rides in the fragment: the page reads it; it is never sent anywhere.
      window = setupWindow(server.url, `${server.url}/#labKey=${server.labKey}`);
    })
    .catch((error: unknown) => {
      // A server that cannot start (data dir, port) is told in a dialog, not left as a window that never opens.
      dialog.showErrorBox('Session Lab could not start', (error as Error).message);
      app.exit(1);
    });
} else {
  app.quit();
}
