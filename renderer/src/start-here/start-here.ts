/** What a step points at: an element by its test id, or a tab of the lower area by its label. */
export type StartHereTarget = { testId: string } | { tab: string };

/** What the learner may already have done that a step asks for: signed in with a cookie, or holding a token. */
export type StartHereCondition = 'cookie-signed-in' | 'token-held';

/** One step of the first-run guide: what to look at, and where it is. */
export interface StartHereStep {
  title: string;
  text: string;
  /** The element outlined while the step shows. */
  target: StartHereTarget;
  /** What makes the step done: the guide moves on by itself once it holds, saying `doneWords`. */
  doneWhen?: StartHereCondition;
  /** "Cookie login done": short, so the strip does not grow. */
  doneWords?: string;
}

/** The guide: the two logins, the inspector, the labs. */
export const START_HERE_STEPS: readonly StartHereStep[] = [
  {
    title: 'Log in with a cookie (left)',
    text: 'Pick a demo user and log in. The server keeps your session in its store; your browser keeps only a cookie with its id.',
    target: { testId: 'cookie-panel' },
    doneWhen: 'cookie-signed-in',
    doneWords: 'Cookie login done',
  },
  {
    title: 'Log in with a token (right)',
    text: 'Log in again on the right. This time the server keeps no session: it hands over a signed token (a JWT) that this page keeps in localStorage, and stores only a refresh token to renew it.',
    target: { testId: 'token-panel' },
    doneWhen: 'token-held',
    doneWords: 'Token login done',
  },
  {
    title: 'Watch the store (Inspector, below)',
    text: 'The Inspector shows the store live: the session key the cookie login wrote, and the token login’s refresh token only, each with its command and request. Dotted words explain themselves on hover.',
    target: { tab: 'Inspector' },
  },
  {
    title: 'Try the labs',
    text: 'The Labs tab has eighteen guided labs, one difference each: revocation, expiry, stolen tokens, forged requests… Start with lab 1.',
    target: { tab: 'Labs' },
  },
];

/** The step to show from `index` on: the first whose action is not done yet (the last one always shows). */
export function firstStepNotDone(index: number, done: ReadonlySet<StartHereCondition>): number {
  let at = index;
  for (let step = START_HERE_STEPS[at]; at < START_HERE_STEPS.length - 1; step = START_HERE_STEPS[++at]) {
    if (!step?.doneWhen || !done.has(step.doneWhen)) break;
  }
  return at;
}

/** Where the guide remembers it was skipped or finished. */
export const START_HERE_STORAGE_KEY = 'sessionlab:start-here';

/** Whether the guide opens by itself: only until it was skipped or finished once (in this browser). */
export function startHereWanted(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(START_HERE_STORAGE_KEY) !== 'done';
  } catch {
    return true;
  }
}

/** Remembers that the guide was skipped or finished (a storage that refuses only means it shows again next time). */
export function rememberStartHereDone(storage: Pick<Storage, 'setItem'> | null): void {
  try {
    storage?.setItem(START_HERE_STORAGE_KEY, 'done');
  } catch {
    // Private mode or a full storage: nothing to keep it in.
  }
}

/** The guide's state, shared by the guide and the header's button that opens it again. */
export class StartHereState {
  #open: boolean;
  #listeners = new Set<() => void>();
  readonly #storage: Storage | null;

  constructor(storage: Storage | null) {
    this.#storage = storage;
    this.#open = startHereWanted(storage);
  }

  get open(): boolean {
    return this.#open;
  }

  /** Opens the guide again (the header's button). */
  show(): void {
    this.#set(true);
  }

  /** Closes it (skipped or finished) and remembers that. */
  close(): void {
    rememberStartHereDone(this.#storage);
    this.#set(false);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #set(open: boolean): void {
    if (open === this.#open) return;
    this.#open = open;
    for (const listener of this.#listeners) listener();
  }
}

function localStorageOrNull(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The page's one guide state. */
export const startHere = new StartHereState(localStorageOrNull());
