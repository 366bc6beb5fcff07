import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { HealthResponse } from '../../../shared/api/health.ts';

/** What the page knows of the server's health. */
export type HealthState =
  | { state: 'loading' }
  | { state: 'ok'; health: HealthResponse; fetchedAt: number }
  | { state: 'unreachable'; message: string };

/** Polls /health every `intervalMs`, and at once when `changed` changes (a store event from the stream). */
export function useHealth(intervalMs = 5_000, changed: unknown = null): HealthState {
  const [health, setHealth] = useState<HealthState>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      api.health(controller.signal).then(
        (result) => setHealth({ state: 'ok', health: result, fetchedAt: Date.now() }),
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
  }, [intervalMs, changed]);
  return health;
}
