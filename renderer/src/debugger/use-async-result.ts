import { useEffect, useRef, useState } from 'react';

/**
 * The result of `compute` for the current `input` (compared by identity: memoize an object input), or undefined while
 * it is still being computed. An answer for an earlier input is never shown for a later one.
 */
export function useAsyncResult<I, T>(input: I, compute: (input: I) => Promise<T>): T | undefined {
  const [done, setDone] = useState<{ input: I; value: T } | null>(null);
  const latest = useRef(compute);
  latest.current = compute;
  useEffect(() => {
    let live = true;
    void latest.current(input).then((value) => {
      if (live) setDone({ input, value });
    });
    return () => {
      live = false;
    };
  }, [input]);
  return done !== null && done.input === input ? done.value : undefined;
}
