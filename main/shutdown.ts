import type { App } from 'electron';

/**
 * Quitting closes things in order: Electron closes the windows, then `close` runs (the server stops
 * accepting and finishes in-flight requests, then its store and accounts close), then the app exits.
 * SIGINT and SIGTERM (a terminal's Ctrl-C during `npm start`) take the same path.
 */
export function setupShutdown(app: App, close: () => Promise<void>, onError: (error: Error) => void): void {
  let closing: Promise<void> | undefined;
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (closing) return;
    event.preventDefault();
    closing = close()
      .catch((error: unknown) => onError(error as Error))
      .finally(() => app.quit());
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}
