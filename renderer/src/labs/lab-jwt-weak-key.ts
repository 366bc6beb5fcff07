import { describeExchange } from './evidence.ts';
import { naiveAcceptsCheck, namesItsKey, realRefusesCheck, targetIssued } from './jwt-attack-evidence.ts';
import { JWT_ATTACK_LAB, naiveOnStep, sendBothStep, targetTokenStep } from './jwt-attack-steps.ts';
import type { DecodedToken } from './jwt-evidence.ts';
import { jwtAttackWorkbench } from './JwtAttackPanel.tsx';
import type { Lab } from './lab-types.ts';

const signedWithTheSecret = (token: DecodedToken) => String(token.header.alg).startsWith('HS') && !namesItsKey(token);

/** Lab 15: an HS256 secret from a wordlist falls to a wordlist. */
export const jwtWeakKeyLab: Lab = {
  ...JWT_ATTACK_LAB,
  id: 'jwt-weak-key',
  number: 15,
  title: 'Weak signing key',
  concept: 'JWT attacks: cracking an HS256 secret',
  goal: 'Crack the lab target’s HS256 secret with a wordlist, here in the browser, sign an admin token with it, and see the naive target accept it while the real API refuses it.',
  why: {
    text: 'Anyone holding one HS256 token can test secrets offline, as fast as their machine computes HMACs, and no server sees the attempts: hashcat tries billions a second. A word from a list falls at once. An HMAC secret must be random (256 bits from a CSPRNG), never a word or a default from a tutorial.',
    source: {
      label: 'PortSwigger: JWT authentication bypass via weak signing key',
      url: 'https://portswigger.net/web-security/jwt/lab-jwt-authentication-bypass-via-weak-signing-key',
    },
  },
  steps: [
    naiveOnStep(true),
    targetTokenStep(),
    {
      kind: 'instruction',
      id: 'crack',
      text: 'Press “Crack the lab target’s token with the wordlist” below, and watch the worker try each candidate until one gives the token’s signature.',
    },
    {
      kind: 'instruction',
      id: 'sign',
      text: 'In the debugger below: “Use the lab target’s token”, change "role": "user" to "role": "admin" in the Payload, choose “sign it with the key below” under Signature and press “Sign with the cracked secret”. The key area should say the signature is verified with this key.',
    },
    sendBothStep(),
  ],
  panel: jwtAttackWorkbench({ crack: true }),
  checks: [
    {
      id: 'weak-token',
      label: 'The lab target issues HS256 tokens signed with its weak secret',
      proof: (evidence) => {
        const found = targetIssued(evidence).find(({ token }) => token.header.alg === 'HS256');
        return found ? `${describeExchange(found.exchange)}: a token for alice, alg HS256` : null;
      },
    },
    naiveAcceptsCheck(
      'forged-accepted',
      'Your admin token, signed with the cracked secret, is accepted by the naive target (200, admin: true)',
      signedWithTheSecret,
    ),
    realRefusesCheck(signedWithTheSecret),
  ],
};
