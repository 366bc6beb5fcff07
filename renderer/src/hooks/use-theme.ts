import { useCallback, useEffect, useState } from 'react';
import type { DesktopSettings } from './use-desktop-settings.ts';

/** `system` follows the OS; the others override it. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'sessionlab:theme';

function storedChoice(): ThemeChoice {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/**
 * The theme choice, put on <html data-theme> (the CSS follows the OS when it is absent). Inside Electron
 * (`desktop` given) the saved setting is the source of truth and a choice is written through main, which
 * also sets Electron's nativeTheme (so `prefers-color-scheme` follows); in a browser it is kept in localStorage.
 */
export function useTheme(desktop: DesktopSettings | null): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [local, setLocal] = useState<ThemeChoice>(() => (desktop ? 'system' : storedChoice()));
  const choice = desktop ? (desktop.settings?.theme ?? 'system') : local;
  const inBrowser = desktop === null;
  useEffect(() => {
    if (choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
    if (!inBrowser) return;
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  }, [choice, inBrowser]);
  const save = desktop?.save;
  const choose = useCallback(
    (next: ThemeChoice) => {
      // A refused save leaves the saved theme, which the menu goes back to showing.
      if (save) save({ theme: next }).catch(() => undefined);
      else setLocal(next);
    },
    [save],
  );
  return [choice, choose];
}
