import type { App } from 'electron';

/**
 * Takes the single-instance lock. The first launch keeps it and `onSecondLaunch` runs whenever the app is
 * started again; a second launch gets false and should quit at once.
 */
export function setupSingleInstance(app: App, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}
