import { useEffect, useState } from 'react';

/** `system` follows the OS; the others override it. */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'sessionlab:theme';

/** The theme choice, kept in localStorage and put on <html data-theme> (the CSS follows the OS when it is absent). */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(() => {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  });
  useEffect(() => {
    if (choice === 'system') {
      delete document.documentElement.dataset.theme;
      localStorage.removeItem(STORAGE_KEY);
    } else {
      document.documentElement.dataset.theme = choice;
      localStorage.setItem(STORAGE_KEY, choice);
    }
  }, [choice]);
  return [choice, setChoice];
}
