import type { App } from 'electron';

/**
 * Quitting closes things in order: Electron closes the windows, then `close` runs (the server stops
 * accepting and finishes in-flight requests, then its store and accounts close), then the app exits.
 * Every quit until `close` has finished is held back (a second Cmd-Q, a second Ctrl-C), so the app never
 * exits mid-drain. SIGINT and SIGTERM (`npm start` in a terminal) take the same path.
 */
export function setupShutdown(app: App, close: () => Promise<void>, onError: (error: Error) => void): void {
  let closing: Promise<void> | undefined;
  let closed = false;
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= close()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  const quit = () => app.quit();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, quit);
  app.once('quit', () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, quit);
  });
}
