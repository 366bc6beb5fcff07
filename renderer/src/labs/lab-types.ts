import type { ComponentType } from 'react';
import type { LoadEvent } from '../../../shared/api/lab-load.ts';
import type { HttpEvent, MetricsEvent, StoreEvent } from '../../../shared/inspector-events.ts';
import type { MeResponse } from '../../../shared/api/session.ts';
import type { GlossaryTerm } from '../glossary/glossary.ts';
import type { CommandEntry } from '../inspector/inspector-model.ts';
import type { SwitchGroup } from '../../../shared/api/lab-switches.ts';

/**
 * What the server was seen to do since a lab started: its HTTP exchanges and store commands, as the
 * inspector's stream delivered them (oldest first). Checks read only this, never a flag a button sets.
 */
export interface Evidence {
  exchanges: HttpEvent[];
  commands: CommandEntry[];
  /** The store commands each exchange caused, by exchange id. */
  caused: ReadonlyMap<number, CommandEntry[]>;
  /** The store's last reachability change, if any was seen. */
  store: StoreEvent | null;
  /** The store's outages and recoveries since the lab started, oldest first. */
  storeEvents: StoreEvent[];
  /** The latest load run's events since the lab started (lab 12), oldest first. */
  load: LoadEvent[];
  /** The server's latest metrics event (store memory, latency), if one was seen. */
  metrics: MetricsEvent | null;
}

/** What the labs use of the cookie half (the panel's own hook, so the panel shows what a lab did). */
export interface LabCookieHalf {
  state: { status: string };
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  reload(): Promise<void>;
  /** Asks the server again, as `reload`, and returns its answer (null: no session). */
  ask(): Promise<MeResponse | null>;
}

/** What the labs use of the token half (the panel's own hook). */
export interface LabTokenHalf {
  held: { access: string | null } | null;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  fetchData(): Promise<void>;
  /** Exchanges the refresh token for a new pair, as the panel's Refresh button does. */
  refresh(): Promise<void>;
}

/** What a lab's buttons work with: the two halves as the panels use them, and the lab key. */
export interface LabContext {
  cookie: LabCookieHalf;
  token: LabTokenHalf;
  labKey: string | null;
  /** The evidence so far (a button may need what an earlier step made, e.g. the cookie the browser sent). */
  evidence: () => Evidence;
  /** Starts the lab (once) when a panel of its own acts, as its first step would: its evidence starts then. */
  begin: () => Promise<void>;
}

/**
 * A step: a button that makes real requests (its `run` may answer one sentence saying what it did where the learner
 * cannot see it, shown under the button), or something the learner does in the window.
 */
export type LabStep =
  | {
      kind: 'action';
      id: string;
      label: string;
      explain?: string;
      run: (context: LabContext) => Promise<string | void>;
    }
  | {
      kind: 'instruction';
      id: string;
      text: string;
      /** Glossary words it introduces, shown after the text (hover or focus for the definition). */
      terms?: readonly GlossaryTerm[];
      /** The check that doing it proves (a check's id): once proved, the step is marked done with that check's result. */
      leadsTo?: string;
    };

/**
 * A checkmark. `proof` looks for what would show the point in the evidence and returns a one-line
 * description of it (which exchange, which command), or null while it is not there.
 */
export interface LabCheck {
  id: string;
  label: string;
  proof: (evidence: Evidence) => string | null;
}

/** One lab: one concept, one goal, its steps and the checks that tick when real state proves it. */
export interface Lab {
  id: string;
  /** Its number in the list of contrasts the labs teach (the numbering; gaps are labs still to come). */
  number: number;
  title: string;
  /** The row of the sessions-vs-JWT comparison it proves. */
  concept: string;
  goal: string;
  steps: LabStep[];
  checks: LabCheck[];
  /** A live view the lab shows beside its steps (lab 12's charts), fed by the same stream. */
  panel?: ComponentType<{ context: LabContext }>;
  /** The run-time switches its steps may change: put back as the lab found them when it is left or reset. */
  switches?: readonly SwitchGroup[];
  /** Why it matters, shown once the lab is solved: a few sentences and one primary source (an RFC, OWASP, PortSwigger). */
  why: { text: string; source: { label: string; url: string } };
  /** Puts the world back where the lab starts (sign out, switches back); the evidence starts afresh after it. */
  reset?: (context: LabContext) => Promise<void>;
  /** What leaving it (opening another lab) undoes besides its switches, when it was started (lab 13 signs out). */
  leave?: (context: LabContext) => Promise<void>;
  /** What `leave` did, in words shown on the next lab's page ("signed alice out on both sides…"). */
  leaveWords?: string;
}
