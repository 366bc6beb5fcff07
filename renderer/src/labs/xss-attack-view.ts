/**
 * What lab 5's panel shows of the attack that the evidence cannot carry whole: the source of the evil origin's script
 * as the evil origin answered it when the lab injected it (null before, and after a reset).
 */
let script: { url: string; source: string } | null = null;
const listeners = new Set<() => void>();

export const injectedScript = {
  get: (): { url: string; source: string } | null => script,
  set(next: { url: string; source: string } | null): void {
    script = next;
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The id of the element lab 5's panel gives the attack frame, so the learner sees the page (other labs keep it hidden). */
export const LAB_FRAME_HOST_ID = 'lab-frame-host';
