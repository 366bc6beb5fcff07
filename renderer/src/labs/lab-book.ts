import type { InspectorModel } from '../inspector/inspector-model.ts';
import { evidenceSince } from './evidence.ts';
import type { Evidence, Lab } from './lab-types.ts';
import type { SwitchSnapshot } from './lab-switches.ts';

/** One lab's progress: when its evidence starts, and the checks proved so far (a proof stays once seen). */
export interface LabRun {
  since: number;
  proofs: ReadonlyMap<string, string>;
}

/** What the Labs view shows: which lab is open, every started lab's run, and which labs were ever solved. */
export interface LabBookSnapshot {
  active: string;
  runs: ReadonlyMap<string, LabRun>;
  /** Labs solved once in this browser (remembered across reloads; a reset does not forget it). */
  solved: ReadonlySet<string>;
  /** What leaving the last lab undid, said on the next one until its first step ("Leaving lab 13 signed…"). */
  left?: string;
}

/** How the book reads and puts back the run-time switches a lab declared (the app's own window does it). */
export interface SwitchKeeper {
  capture(lab: Lab): Promise<SwitchSnapshot>;
  restore(snapshot: SwitchSnapshot): Promise<void>;
}

/** A snapshot without the note about the lab left before. */
function withoutLeftNote(snapshot: LabBookSnapshot): LabBookSnapshot {
  const copy = { ...snapshot };
  delete copy.left;
  return copy;
}

/** Where solved labs are remembered. */
const SOLVED_KEY = 'sessionlab:solved-labs';

function rememberedSolved(): Set<string> {
  try {
    const stored: unknown = JSON.parse(globalThis.localStorage?.getItem(SOLVED_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * The labs' progress for the page's life, outside any component (a learner leaves the Labs tab to delete a key in
 * the inspector; the open lab keeps watching). A lab starts on its first step, not when it is opened: then the
 * switches it declared are read, and leaving it (opening another), resetting it, or starting another puts them back
 * as it found them. On every inspector snapshot the open lab's checks run over the evidence since it started; a
 * check that finds its proof keeps it.
 */
export class LabBook {
  readonly #inspector: InspectorModel;
  readonly #labs: ReadonlyMap<string, Lab>;
  readonly #now: () => number;
  readonly #switches: SwitchKeeper | null;
  readonly #listeners = new Set<() => void>();
  /** What each started lab found its switches at. */
  readonly #found = new Map<string, SwitchSnapshot>();
  /** What each open lab page undoes when the lab is left (its `leave`, bound to the page's current context). */
  readonly #onLeave = new Map<string, () => Promise<void>>();
  /** The switches being put back (a lab started next waits for it). */
  #restoring: Promise<void> = Promise.resolve();
  #snapshot: LabBookSnapshot;
  #unsubscribe: (() => void) | undefined;

  constructor(
    inspector: InspectorModel,
    labs: Lab[],
    now: () => number = Date.now,
    switches: SwitchKeeper | null = null,
  ) {
    this.#inspector = inspector;
    this.#labs = new Map(labs.map((lab) => [lab.id, lab]));
    this.#now = now;
    this.#switches = switches;
    this.#snapshot = { active: labs[0]?.id ?? '', runs: new Map(), solved: rememberedSolved() };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    this.#unsubscribe ??= this.#inspector.subscribe(() => this.#evaluate());
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getSnapshot = (): LabBookSnapshot => this.#snapshot;

  /**
   * Opens a lab (it starts on its first step). The lab left puts its switches back and ends its run: opened again, it
   * starts afresh from its first step, since what it set up is undone ("solved" stays remembered).
   */
  open(id: string): void {
    if (!this.#labs.has(id) || id === this.#snapshot.active) {
      if (this.#labs.has(id)) this.#evaluate();
      return;
    }
    const left = this.#snapshot.active;
    const undo = this.#snapshot.runs.has(left) ? this.#onLeave.get(left) : undefined;
    // Queued with the switches put back: the next lab's first step waits for it (its login must come after the logout).
    if (undo) this.#restoring = this.#restoring.then(undo).catch(() => {});
    this.#putBack(left);
    const runs = new Map(this.#snapshot.runs);
    runs.delete(left);
    const leftLab = this.#labs.get(left);
    const words = undo && leftLab?.leaveWords ? `Leaving lab ${leftLab.number} ${leftLab.leaveWords}` : undefined;
    this.#publish({ ...withoutLeftNote(this.#snapshot), active: id, runs, ...(words ? { left: words } : {}) });
    this.#evaluate();
  }

  /** Sets what leaving a started lab undoes (the lab's page keeps it bound to its latest context); null forgets it. */
  onLeave(id: string, undo: (() => Promise<void>) | null): void {
    if (undo) this.#onLeave.set(id, undo);
    else this.#onLeave.delete(id);
  }

  /** Whether a lab has started (its first step was taken since it was opened or reset). */
  started(id: string): boolean {
    return this.#snapshot.runs.has(id);
  }

  /** Starts a lab, once: reads the switches it declared, then its evidence starts now. */
  async start(id: string): Promise<void> {
    const lab = this.#labs.get(id);
    if (!lab || this.#snapshot.runs.has(id)) return;
    await this.#restoring;
    if (this.#switches && (lab.switches?.length ?? 0) > 0) this.#found.set(id, await this.#switches.capture(lab));
    if (this.#snapshot.runs.has(id)) return;
    const runs = new Map(this.#snapshot.runs);
    runs.set(id, { since: this.#now(), proofs: new Map() });
    // The note about the lab left before has been read by now.
    this.#publish({ ...withoutLeftNote(this.#snapshot), runs });
    this.#evaluate();
  }

  /** Resets a lab: its switches back as it found them, then `undo` (its own reset), then it waits for its first step again. */
  async reset(id: string, undo: () => Promise<void> = async () => {}): Promise<void> {
    this.#putBack(id);
    await this.#restoring;
    await undo();
    const runs = new Map(this.#snapshot.runs);
    runs.delete(id);
    this.#publish({ ...this.#snapshot, runs });
  }

  /** Starts a lab's evidence afresh from now. */
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

  /** Puts a lab's switches back as it found them (once), in the background; the next start waits for it. */
  #putBack(id: string): void {
    const found = this.#found.get(id);
    if (!found || !this.#switches) return;
    this.#found.delete(id);
    const switches = this.#switches;
    this.#restoring = this.#restoring.then(() => switches.restore(found)).catch(() => {});
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
    let solved = this.#snapshot.solved;
    if (proofs.size === lab.checks.length && !solved.has(active)) {
      solved = new Set(solved).add(active);
      try {
        globalThis.localStorage?.setItem(SOLVED_KEY, JSON.stringify([...solved]));
      } catch {
        // Storage may be full or denied: the page still knows for its life.
      }
    }
    this.#publish({ ...this.#snapshot, runs, solved });
  }

  #publish(snapshot: LabBookSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}
