import { clearJwtLabState, fetchTargetTokens, sendToBoth, switchTarget, type RealNotes } from './jwt-attack-state.ts';
import type { Lab, LabStep } from './lab-types.ts';

/** The first step of every JWT attack lab: the target's naive verifier on (and its weak secret, for lab 15). */
export function naiveOnStep(weakSecret: boolean): LabStep {
  return {
    kind: 'action',
    id: 'naive-on',
    label: weakSecret
      ? 'Turn on the target’s naive verifier and its weak secret'
      : 'Turn on the target’s naive verifier',
    run: (context) => switchTarget(context, weakSecret),
    explain: 'PUT /lab/jwt-attacks: only the lab target changes; the real API verifies as always',
  };
}

/** Asks the target's own issuer for one token (or two, for the key recovery). */
export function targetTokenStep(count: 1 | 2 = 1): LabStep {
  return {
    kind: 'action',
    id: count === 1 ? 'target-token' : 'target-tokens',
    label: count === 1 ? 'Get a token from the lab target (alice, role user)' : 'Get two tokens from the lab target',
    run: (context) => fetchTargetTokens(context, count),
    explain: 'POST /lab/jwt-attacks/token',
  };
}

/** Sends the debugger's token to the lab target and to the real API, side by side (the debugger has the same button). */
export function sendBothStep(id = 'send-both', notes: RealNotes = {}): LabStep {
  return {
    kind: 'action',
    id,
    label: 'Send the debugger’s token to the lab target and to the real API',
    run: (context) => sendToBoth(context, undefined, notes),
    explain: 'GET /lab/jwt-target and GET /token/data with the same Bearer token',
  };
}

/** What the JWT attack labs share: their switches (put back when the lab is left or reset) and their reset. */
export const JWT_ATTACK_LAB = {
  switches: ['jwt-attacks'],
  reset: async () => clearJwtLabState(),
} satisfies Partial<Lab>;
