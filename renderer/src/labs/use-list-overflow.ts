import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * How many of a scrolling list's items are not wholly in its view, above and below: one cut in half counts, so the
 * cue under the list keeps saying "more below" until the last item can be read whole.
 */
export interface ListOverflow {
  above: number;
  below: number;
}

function measure(list: HTMLElement): ListOverflow {
  const view = list.getBoundingClientRect();
  let above = 0;
  let below = 0;
  for (const item of list.children) {
    const box = item.getBoundingClientRect();
    // A pixel of rounding either way is no cut.
    if (box.top < view.top - 1) above += 1;
    else if (box.bottom > view.bottom + 1) below += 1;
  }
  return { above, below };
}

/** Follows a scrolling list (its scroll, its size, its items) and says how many items are hidden each way. */
export function useListOverflow(ref: RefObject<HTMLElement | null>): ListOverflow {
  const [overflow, setOverflow] = useState<ListOverflow>({ above: 0, below: 0 });
  const update = useCallback(() => {
    const list = ref.current;
    if (!list) return;
    const next = measure(list);
    setOverflow((last) => (last.above === next.above && last.below === next.below ? last : next));
  }, [ref]);
  useEffect(() => {
    const list = ref.current;
    if (!list) return;
    update();
    list.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(list);
    return () => {
      list.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [ref, update]);
  return overflow;
}
