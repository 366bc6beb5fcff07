import { useEffect, useState } from 'react';

/** A step's state; `from` is when it was pressed (its exchanges are those the server started from then on). */
export type StepState = { from: number } & (
  { state: 'running' } | { state: 'done'; result: string | null } | { state: 'failed'; message: string }
);

type Steps = ReadonlyMap<string, StepState>;

/**
 * What each lab's steps showed, kept for as long as the lab's run lasts: the Labs tab unmounts a lab's page when the
 * learner goes to the Inspector (lab 3's DEL), and the steps done before must still say so on the way back. Module
 * state, keyed by lab, with the run it belongs to (`since`; null before the first step has started the run).
 */
const remembered = new Map<string, { since: number | null; steps: Steps }>();

/** A lab page's step states: those kept for its current run, or none; `clear` forgets them (a reset). */
export function useStepStates(labId: string, since: number | null) {
  const [steps, setSteps] = useState<Steps>(() => {
    const kept = remembered.get(labId);
    if (kept && kept.since === since) return kept.steps;
    // Another run's (the lab was left or reset since): forgotten.
    remembered.delete(labId);
    return new Map();
  });
  // The first step starts the run: the steps marked before it began belong to it.
  useEffect(() => {
    const kept = remembered.get(labId);
    if (kept && kept.since === null && since !== null) kept.since = since;
  }, [labId, since]);
  // From the kept states, not this render's: a step's end is marked by the closure of the render that pressed it.
  const change = (next: (current: Steps) => Steps) => {
    const kept = remembered.get(labId);
    const updated = next(kept?.steps ?? new Map());
    remembered.set(labId, { since: kept?.since ?? since, steps: updated });
    setSteps(updated);
  };
  return {
    steps,
    mark: (id: string, state: StepState) => change((current) => new Map(current).set(id, state)),
    clear: () => {
      remembered.delete(labId);
      setSteps(new Map());
    },
  };
}
