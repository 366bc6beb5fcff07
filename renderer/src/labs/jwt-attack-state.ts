import { useSyncExternalStore } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { JwtTargetResponse } from '../../../shared/api/lab-jwt-attacks.ts';
import type { TokenData } from '../../../shared/api/tokens.ts';
import type { LabContext } from './lab-types.ts';

/** One answer of a side-by-side send: the value, or the error answer. */
export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

/** The same token sent to the lab target and to the real API, and what each answered. */
export interface SideBySide {
  token: string;
  target: Answer<JwtTargetResponse>;
  real: Answer<TokenData>;
}

/** What the JWT attack labs' steps and workbench share: the target's tokens, the debugger's token, the last send. */
export interface JwtLabState {
  /** Tokens the lab target's issuer answered, oldest first. */
  targetTokens: string[];
  /** The token the debugger would send now. */
  draft: string | null;
  sent: SideBySide | null;
  /** The real API's own key, as a learner can learn it (its kid; the PEM of a published public key). */
  realKey: RealKey | null;
}

/** A key of the real API: its kid and algorithm, and for a published public key its SPKI PEM. */
export interface RealKey {
  kid: string;
  alg: string;
  pem?: string;
}

/** Words a lab adds under the real API's refusal, by its code: what that refusal does and does not show. */
export type RealNotes = Partial<Record<string, string>>;

const EMPTY: JwtLabState = { targetTokens: [], draft: null, sent: null, realKey: null };
let state = EMPTY;
const listeners = new Set<() => void>();

function publish(next: JwtLabState): void {
  state = next;
  for (const listener of listeners) listener();
}

/** The shared state now (the steps read it). */
export function jwtLabState(): JwtLabState {
  return state;
}

/** The shared state, for a component. */
export function useJwtLabState(): JwtLabState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}

/** The labs learned a key of the real API (its kid, shown where the learner needs it). */
export function setRealKey(realKey: RealKey): void {
  publish({ ...state, realKey });
}

/** Forgets the tokens and the last send (a lab's reset). */
export function clearJwtLabState(): void {
  publish(EMPTY);
}

/** The debugger tells the labs which token it would send. */
export function setJwtDraft(draft: string | null): void {
  if (draft !== state.draft) publish({ ...state, draft });
}

function needsLabKey(context: LabContext): string {
  if (!context.labKey) throw new Error('The JWT labs need the lab key: open the app from the URL the server printed');
  return context.labKey;
}

/** Switches the lab target's verifier to naive, and its issuer to the weak secret (lab 15) or its ES256 key. */
export async function switchTarget(context: LabContext, weakSecret: boolean): Promise<string> {
  await api.labJwt.change(needsLabKey(context), { naiveVerifier: true, weakSecret });
  // Tokens from before (another lab's, another key's) would only mislead now.
  publish(EMPTY);
  return weakSecret
    ? 'The lab target now verifies naively, and its issuer signs HS256 with a secret it picked from a wordlist.'
    : 'The lab target now verifies naively; its issuer signs ES256 with a key pair it publishes nowhere.';
}

/** Asks the target's issuer for `count` tokens (alice, role user); the debugger can load the latest. */
export async function fetchTargetTokens(context: LabContext, count = 1): Promise<string> {
  const labKey = needsLabKey(context);
  const tokens: string[] = [];
  for (let i = 0; i < count; i += 1) tokens.push((await api.labJwt.token(labKey)).token);
  publish({ ...state, targetTokens: [...state.targetTokens, ...tokens] });
  return count === 1
    ? 'A token for alice (role user) from the lab target: press “Use the lab target’s token” in the debugger below.'
    : `${count} tokens for alice from the lab target, each with its own signature: the key recovery below has them.`;
}

async function answer<T>(call: () => Promise<T>): Promise<Answer<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0) throw error;
    return { ok: false, status: error.status, code: error.code, message: error.message };
  }
}

/** Sends the debugger's token to the lab target and to the real API (GET /token/data), side by side. */
export async function sendToBoth(context: LabContext, token = state.draft, notes: RealNotes = {}): Promise<string> {
  const labKey = needsLabKey(context);
  if (!token) throw new Error('The debugger holds no token to send: load the target’s token and edit it first');
  const [target, real] = await Promise.all([
    answer(() => api.labJwt.target(labKey, token)),
    answer(() => api.token.data(token)),
  ]);
  publish({ ...state, sent: { token, target, real } });
  return `${targetWords(target)} ${realWords(real, notes)}`;
}

const sentence = (message: string) => (/[.!?]$/.test(message) ? message : `${message}.`);

/** The lab target's answer in plain words (its code is in the raw line under them). */
export function targetWords(target: Answer<JwtTargetResponse>): string {
  if (!target.ok)
    return target.code === 'TOKEN_EXPIRED'
      ? `Refused by the lab target: ${sentence(target.message)} Its tokens last 30 minutes: run the lab’s step that gets tokens from the lab target again, then press “Use the lab target’s token” and edit it anew.`
      : `Refused by the lab target: ${sentence(target.message)}`;
  const who = target.value.verifier === 'naive' ? 'the naive verifier' : 'the real verifier';
  return `Accepted by ${who}: it ${target.value.how}${target.value.admin ? '; admin: true' : '; not an admin'}.`;
}

/** The real API's answer in plain words (its code is in the raw line under them). */
export function realWords(real: Answer<TokenData>, notes: RealNotes = {}): string {
  if (real.ok) return 'Accepted by the real API (200).';
  const note = notes[real.code];
  return `Refused by the real verifier: ${sentence(real.message)}${note ? ` ${note}` : ''}`;
}
