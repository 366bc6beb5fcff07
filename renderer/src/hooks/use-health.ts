import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { HealthResponse } from '../../../shared/api/health.ts';

/** What the page knows of the server's health. */
export type HealthState = { state: 'loading' } | { state: 'ok'; health: HealthResponse } | { state: 'unreachable'; message: string };

/** Polls /health every `intervalMs` (the live event stream replaces this with the inspector). */
export function useHealth(intervalMs = 2_000): HealthState {
  const [health, setHealth] = useState<HealthState>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      api.health(controller.signal).then(
        (result) => setHealth({ state: 'ok', health: result }),
        (error: unknown) => {
          if (!controller.signal.aborted) setHealth({ state: 'unreachable', message: (error as Error).message });
        },
      );
    void load();
    const timer = setInterval(load, intervalMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [intervalMs]);
  return health;
}
