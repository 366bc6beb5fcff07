import type { CorsReport } from '../../../shared/api/lab-cors.ts';

/** What lab 14's panel shows that the evidence cannot carry whole: the pages' script and their latest reports. */
export interface CorsView {
  script: string | null;
  reports: CorsReport[];
}

let view: CorsView = { script: null, reports: [] };
const listeners = new Set<() => void>();

/** Lab 14's view, as an external store (set by its steps, read by its panel). */
export const corsView = {
  get: (): CorsView => view,
  set(next: Partial<CorsView>): void {
    view = { ...view, ...next };
    for (const listener of listeners) listener();
  },
  reset(): void {
    corsView.set({ script: null, reports: [] });
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
