import { useState } from 'react';

/** How the key browser shows the keys: grouped by kind, or one row per key. */
export type KeyView = 'tree' | 'flat';

/** Where the learner's choice is remembered. */
export const KEY_VIEW_STORAGE_KEY = 'sessionlab:key-view';

function stored(): KeyView | null {
  try {
    const value = localStorage.getItem(KEY_VIEW_STORAGE_KEY);
    return value === 'tree' || value === 'flat' ? value : null;
  } catch {
    return null;
  }
}

/**
 * The key browser's view: the learner's choice, remembered; before any choice, the tree for a store larger than
 * one key page (`large`), where a flat table of the first keys would say little, and the flat table otherwise.
 */
export function useKeyView(large: boolean): [KeyView, (view: KeyView) => void] {
  const [chosen, setChosen] = useState<KeyView | null>(stored);
  const choose = (view: KeyView) => {
    setChosen(view);
    try {
      localStorage.setItem(KEY_VIEW_STORAGE_KEY, view);
    } catch {
      // A storage that refuses only means the choice is not remembered.
    }
  };
  return [chosen ?? (large ? 'tree' : 'flat'), choose];
}
