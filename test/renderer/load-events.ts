import type { LoadEvent, LoadFigures } from '../../shared/api/lab-load.ts';

/** One check's figures in a load run: its p99 and CPU per request as given, the rest a plain 5,000-request run. */
export const loadFigures = (
  p99Ms: number,
  cpuMicrosPerRequest: number | null,
  extra: Partial<LoadFigures> = {},
): LoadFigures => ({
  requests: 5_000,
  errors: 0,
  requestsPerSecond: 1_000,
  p50Ms: p99Ms / 4,
  p99Ms,
  cpuMicrosPerRequest,
  ...extra,
});

/** A load run's last event (done, ended by its time, both checks measured, logged out), with `overrides`. */
export function finalLoadEvent(overrides: Partial<LoadEvent> = {}): LoadEvent {
  return {
    run: 1,
    at: 1_000,
    startedAt: 0,
    users: 20,
    seconds: 10,
    target: 'both',
    account: 'bob',
    conditions: { store: 'sqlite', algorithm: 'HS256', denylist: 'off' },
    elapsedMs: 10_200,
    done: true,
    endedBy: 'time',
    error: null,
    window: null,
    totals: { session: loadFigures(2, 100), token: loadFigures(2.2, 105) },
    clientErrors: 0,
    cleanup: { loggedOut: true, problem: null },
    ...overrides,
  };
}
