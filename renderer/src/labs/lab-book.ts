import type { InspectorModel } from '../inspector/inspector-model.ts';
import { evidenceSince } from './evidence.ts';
import type { Evidence, Lab } from './lab-types.ts';

/** One lab's progress: when its evidence starts, and the checks proved so far (a proof stays once seen). */
export interface LabRun {
  since: number;
  proofs: ReadonlyMap<string, string>;
}

/** What the Labs view shows: which lab is open and every started lab's run. */
export interface LabBookSnapshot {
  active: string;
  runs: ReadonlyMap<string, LabRun>;
}

/**
 * The labs' progress for the page's life, outside any component (a learner leaves the Labs tab to delete
 * a key in the inspector; the open lab keeps watching). On every inspector snapshot the open lab's checks
 * are run over the evidence since it started; a check that finds its proof keeps it.
 */
export class LabBook {
  readonly #inspector: InspectorModel;
  readonly #labs: ReadonlyMap<string, Lab>;
  readonly #now: () => number;
  readonly #listeners = new Set<() => void>();
  #snapshot: LabBookSnapshot;
  #unsubscribe: (() => void) | undefined;

  constructor(inspector: InspectorModel, labs: Lab[], now: () => number = Date.now) {
    this.#inspector = inspector;
    this.#labs = new Map(labs.map((lab) => [lab.id, lab]));
    this.#now = now;
    this.#snapshot = { active: labs[0]?.id ?? '', runs: new Map() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#unsubscribe ??= this.#inspector.subscribe(() => this.#evaluate());
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getSnapshot = (): LabBookSnapshot => this.#snapshot;

  /** Opens a lab; its evidence starts now unless it was started before. */
  open(id: string): void {
    if (!this.#labs.has(id)) return;
    const runs = new Map(this.#snapshot.runs);
    if (!runs.has(id)) runs.set(id, { since: this.#now(), proofs: new Map() });
    this.#publish({ active: id, runs });
    this.#evaluate();
  }

  /** Starts a lab's evidence afresh from now (after its reset requests have been answered). */
  restart(id: string): void {
    const runs = new Map(this.#snapshot.runs);
    runs.set(id, { since: this.#now(), proofs: new Map() });
    this.#publish({ ...this.#snapshot, runs });
  }

  /** The evidence of a lab's run so far. */
  evidence(id: string): Evidence {
    return evidenceSince(this.#inspector.getSnapshot(), this.#snapshot.runs.get(id)?.since ?? this.#now());
  }

  /** Stops watching the inspector. */
  dispose(): void {
    this.#unsubscribe?.();
    this.#listeners.clear();
  }

  #evaluate(): void {
    const { active } = this.#snapshot;
    const lab = this.#labs.get(active);
    const run = this.#snapshot.runs.get(active);
    if (!lab || !run) return;
    const evidence = this.evidence(active);
    let proofs: Map<string, string> | undefined;
    for (const check of lab.checks) {
      if (run.proofs.has(check.id)) continue;
      const proof = check.proof(evidence);
      if (proof === null) continue;
      proofs ??= new Map(run.proofs);
      proofs.set(check.id, proof);
    }
    if (!proofs) return;
    const runs = new Map(this.#snapshot.runs);
    runs.set(active, { ...run, proofs });
    this.#publish({ ...this.#snapshot, runs });
  }

  #publish(snapshot: LabBookSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}
