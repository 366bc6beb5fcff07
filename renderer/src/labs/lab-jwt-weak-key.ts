import { describeExchange } from './evidence.ts';
import {
  naiveAcceptsCheck,
  namesItsKey,
  realDefenceCheck,
  realHmacKids,
  realRefusesCheck,
  targetIssued,
} from './jwt-attack-evidence.ts';
import type { RealNotes } from './jwt-attack-state.ts';
import { JWT_ATTACK_LAB, naiveOnStep, sendBothStep, targetTokenStep } from './jwt-attack-steps.ts';
import type { DecodedToken } from './jwt-evidence.ts';
import { jwtAttackWorkbench } from './JwtAttackPanel.tsx';
import { learnRealHmacKid } from './jwt-real-key.ts';
import type { Lab } from './lab-types.ts';

const signedWithTheSecret = (token: DecodedToken) => String(token.header.alg).startsWith('HS') && !namesItsKey(token);

const notes: RealNotes = {
  TOKEN_KID_UNKNOWN:
    'That is only its first gate (the token names none of its keys), not why this forgery fails: the next steps give it its own kid, so that it checks the signature.',
  TOKEN_SIGNATURE_INVALID:
    'That is its real defence: its HS256 secret is 256 random bits, in no wordlist, so a cracked word signs nothing it accepts.',
};

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
      leadsTo: 'forged-accepted',
      text: 'In the debugger below: “Use the lab target’s token”, change "role": "user" to "role": "admin" in the Payload, choose “sign it with the key below” under Signature and press “Sign with the cracked secret”. The key area should say the signature is verified with this key.',
    },
    sendBothStep('send-both', notes),
    {
      kind: 'action',
      id: 'real-kid',
      label: 'Log in on the real API for a token, to learn the kid of its HS256 key',
      run: () => learnRealHmacKid(),
      explain: 'POST /token/login as alice, her token’s header read, POST /token/logout',
    },
    {
      kind: 'instruction',
      id: 'best-chance',
      text: 'Give the real API its best chance: press “Sign with the cracked secret under the real API’s kid …” in the key area below (the same secret, the real kid in the header), then send. Now the real API finds its key and checks the signature, and the cracked word fails it. (The lab target refuses this one too: it reads a kid as a file name, and there is no such file.)',
    },
    sendBothStep('send-both-real-kid', notes),
  ],
  panel: jwtAttackWorkbench({ crack: true, realNotes: notes }),
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
    realDefenceCheck(
      'Under its own kid, the real API checks the signature and refuses it: TOKEN_SIGNATURE_INVALID (its secret is in no wordlist)',
      'TOKEN_SIGNATURE_INVALID',
      realHmacKids,
    ),
  ],
};
