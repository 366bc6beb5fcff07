import { useCallback, useState, useSyncExternalStore } from 'react';

/** A window this short (1280×720, 1440×900 and the like) gives an opened key's detail room by shrinking the two panels. */
const SHORT_WINDOW = '(max-height: 920px)';

/** The panels' share (percent) while a key's detail has the room (the splitter's least): they scroll inside. */
export const KEY_ROOM_SPLIT = 20;

function subscribe(listener: () => void): () => void {
  const query = globalThis.matchMedia?.(SHORT_WINDOW);
  query?.addEventListener('change', listener);
  return () => query?.removeEventListener('change', listener);
}

function isShort(): boolean {
  return globalThis.matchMedia?.(SHORT_WINDOW).matches ?? false;
}

/**
 * The split to show between the panels and the lower area. In a short window, while the learner has a key open in
 * the inspector, the panels give up height to the key's detail (its value and first actions fit without scrolling);
 * when the key is closed, the learner's own split comes back. Dragging the bar while a key is open keeps what the
 * learner chose for that key.
 */
export function useRoomForKey(
  split: number,
  setSplit: (value: number) => void,
  openKey: string | null,
): { shown: number; onSplit: (value: number) => void; roomy: boolean } {
  const short = useSyncExternalStore(subscribe, isShort);
  const [keptFor, setKeptFor] = useState<string | null>(null);
  const roomy = short && openKey !== null && keptFor !== openKey && split > KEY_ROOM_SPLIT;
  const onSplit = useCallback(
    (value: number) => {
      setKeptFor(openKey);
      setSplit(value);
    },
    [openKey, setSplit],
  );
  return { shown: roomy ? KEY_ROOM_SPLIT : split, onSplit, roomy };
}
