import type { CorsMode, CorsReport } from '../../../shared/api/lab-cors.ts';

/** What lab 14's panel shows that the evidence cannot carry whole: the pages' script and their latest reports. */
export interface CorsView {
  script: string | null;
  /** Each run's report, with the policy the lab's steps had set when it ran. */
  runs: { report: CorsReport; mode: CorsMode }[];
  /** The policy the lab's steps set last (the server's starts as same-origin, and a reset puts it back). */
  mode: CorsMode;
}

const EMPTY: CorsView = { script: null, runs: [], mode: 'same-origin' };
let view: CorsView = EMPTY;
const listeners = new Set<() => void>();

/** Lab 14's view, as an external store (set by its steps, read by its panel). */
export const corsView = {
  get: (): CorsView => view,
  set(next: Partial<CorsView>): void {
    view = { ...view, ...next };
    for (const listener of listeners) listener();
  },
  reset(): void {
    corsView.set(EMPTY);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
