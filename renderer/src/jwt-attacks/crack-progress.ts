/**
 * What the page knows of a crack run, from the worker's messages: the messages, and the state they fold into, with
 * the words the progress bar says. Pure, so the unit tests drive it without a worker.
 */

/** What the crack worker posts to the page. */
export type CrackMessage =
  | { type: 'loaded'; total: number }
  | { type: 'progress'; tried: number; current: string }
  | { type: 'found'; tried: number; secret: string; ms: number }
  | { type: 'exhausted'; tried: number; ms: number }
  | { type: 'failed'; error: string };

/** What the page asks the worker: crack this token with the wordlist at `url`, fetched with the lab key. */
export interface CrackRequest {
  token: string;
  url: string;
  labKey: string | null;
}

/** A crack run as the page shows it. */
export interface CrackState {
  status: 'idle' | 'fetching' | 'running' | 'found' | 'exhausted' | 'failed';
  tried: number;
  total: number;
  current: string;
  secret: string | null;
  error: string | null;
  /** How long the candidates took, once the run is over (ms, the worker's clock). */
  ms: number | null;
}

/** Before any run. */
export const IDLE_CRACK: CrackState = {
  status: 'idle',
  tried: 0,
  total: 0,
  current: '',
  secret: null,
  error: null,
  ms: null,
};

/** A run just asked for: the wordlist is being fetched. */
export const STARTING_CRACK: CrackState = { ...IDLE_CRACK, status: 'fetching' };

/** The state after one more message from the worker. Counts never go backwards; a finished run stays finished. */
export function nextCrackState(state: CrackState, message: CrackMessage): CrackState {
  if (state.status === 'found' || state.status === 'exhausted' || state.status === 'failed') return state;
  switch (message.type) {
    case 'loaded':
      return { ...state, status: 'running', total: message.total };
    case 'progress':
      return { ...state, status: 'running', tried: Math.max(state.tried, message.tried), current: message.current };
    case 'found':
      return {
        ...state,
        status: 'found',
        tried: message.tried,
        current: message.secret,
        secret: message.secret,
        ms: message.ms,
      };
    case 'exhausted':
      return { ...state, status: 'exhausted', tried: message.tried, ms: message.ms };
    case 'failed':
      return { ...state, status: 'failed', error: message.error };
  }
}

/** How far the run is, 0 to 1 (0 before the wordlist arrived). */
export function crackFraction(state: CrackState): number {
  return state.total === 0 ? 0 : Math.min(1, state.tried / state.total);
}

const count = (n: number) => n.toLocaleString('en-US');
const took = (ms: number | null) => (ms === null ? '' : ` in ${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`);

/** The progress in words, as the bar's label says it. */
export function crackWords(state: CrackState): string {
  switch (state.status) {
    case 'idle':
      return 'Not started.';
    case 'fetching':
      return 'Fetching the wordlist…';
    case 'running':
      return `Tried ${count(state.tried)} of ${count(state.total)} candidates (${Math.floor(crackFraction(state) * 100)}%)${state.current ? `: now at “${state.current}”` : ''}`;
    case 'found':
      return `Found it after ${count(state.tried)} of ${count(state.total)} candidates${took(state.ms)}: the secret is “${state.secret ?? ''}”.`;
    case 'exhausted':
      return `None of the ${count(state.total)} candidates is the secret (all tried${took(state.ms)}): the server's key is not in this wordlist.`;
    case 'failed':
      return `The crack stopped: ${state.error ?? 'unknown error'}`;
  }
}
