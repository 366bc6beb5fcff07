import { createContext, useContext, useSyncExternalStore } from 'react';
import type { LabBook, LabBookSnapshot } from './lab-book.ts';

/** The page's one LabBook, provided by the App. */
export const LabBookContext = createContext<LabBook | null>(null);

/** The LabBook and its current snapshot; re-renders when a lab is opened, restarted or a check is proved. */
export function useLabBook(): { book: LabBook; snapshot: LabBookSnapshot } {
  const book = useContext(LabBookContext);
  if (!book) throw new Error('useLabBook outside LabBookContext');
  return { book, snapshot: useSyncExternalStore(book.subscribe, book.getSnapshot) };
}
