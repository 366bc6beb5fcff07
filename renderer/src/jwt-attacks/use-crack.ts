import { useCallback, useEffect, useRef, useState } from 'react';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { IDLE_CRACK, STARTING_CRACK, nextCrackState, type CrackMessage, type CrackState } from './crack-progress.ts';

/** Runs the wordlist crack in a Web Worker: its state, start (a new run, the last one stopped) and stop. */
export function useCrack(labKey: string | null) {
  const [state, setState] = useState<CrackState>(IDLE_CRACK);
  const worker = useRef<Worker | null>(null);
  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const start = useCallback(
    (token: string) => {
      stop();
      const next = new Worker(new URL('./crack-worker.ts', import.meta.url), { type: 'module' });
      worker.current = next;
      setState(STARTING_CRACK);
      next.onmessage = (event: MessageEvent<CrackMessage>) => {
        if (worker.current === next) setState((current) => nextCrackState(current, event.data));
      };
      next.onerror = (event) => {
        if (worker.current === next)
          setState((current) =>
            nextCrackState(current, { type: 'failed', error: event.message || 'the worker failed' }),
          );
      };
      next.postMessage({ token, url: API_PATHS.labJwtAttacksWordlist, labKey });
    },
    [labKey, stop],
  );
  return { state, start };
}
