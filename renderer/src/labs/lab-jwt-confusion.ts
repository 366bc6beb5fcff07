import { describeExchange } from './evidence.ts';
import {
  naiveAcceptsCheck,
  namesItsKey,
  realDefenceCheck,
  realEs256Kids,
  realRefusesCheck,
  targetIssued,
} from './jwt-attack-evidence.ts';
import type { RealNotes } from './jwt-attack-state.ts';
import { JWT_ATTACK_LAB, naiveOnStep, sendBothStep, targetTokenStep } from './jwt-attack-steps.ts';
import type { DecodedToken } from './jwt-evidence.ts';
import { jwtAttackWorkbench } from './JwtAttackPanel.tsx';
import { learnRealEs256Key } from './jwt-real-key.ts';
import type { Lab } from './lab-types.ts';

const confused = (token: DecodedToken) => String(token.header.alg).startsWith('HS') && !namesItsKey(token);

const notes: RealNotes = {
  TOKEN_KID_UNKNOWN:
    'That is only its first gate (the token names none of its keys), not why algorithm confusion fails there: the next steps give it the kid of its own ES256 key.',
  TOKEN_ALG_NOT_ALLOWED:
    'That is its real defence: each of its keys fixes its algorithm, so its ES256 public key is never used as an HMAC secret, whatever the header says.',
};

/** Lab 18: algorithm confusion when the server publishes no key: recover it from two signatures first. */
export const jwtConfusionLab: Lab = {
  ...JWT_ATTACK_LAB,
  id: 'jwt-confusion',
  number: 18,
  title: 'Algorithm confusion with no exposed key',
  concept: 'JWT attacks: HS256 with the public key as the secret',
  goal: 'Recover the lab target’s unpublished ES256 public key from two of its tokens, sign an admin token HS256 with that key’s PEM text as the secret, and see the naive target accept it while the real API refuses it.',
  why: {
    text: 'A public key is public even when no JWKS publishes it: two ECDSA signatures (or two RSA ones) are enough to work it out. A verifier that lets the header pick the algorithm then checks an HS256 token with that public key as the HMAC secret, and anyone can make that HMAC. The algorithm must come from the key the server holds, never from the token.',
    source: {
      label: 'PortSwigger: JWT authentication bypass via algorithm confusion with no exposed key',
      url: 'https://portswigger.net/web-security/jwt/algorithm-confusion/lab-jwt-authentication-bypass-via-algorithm-confusion-with-no-exposed-key',
    },
  },
  steps: [
    naiveOnStep(false),
    targetTokenStep(2),
    {
      kind: 'instruction',
      id: 'recover',
      text: 'Press “Recover the public key” below: the two tokens’ signatures give it away, as a JWK and as the PEM text the server itself would print.',
    },
    {
      kind: 'instruction',
      id: 'sign',
      leadsTo: 'confusion-accepted',
      text: 'In the debugger below: “Use the lab target’s token”, make yourself admin, choose “sign it with the key below” and press “Sign HS256 with the recovered public key’s PEM as the secret”: it sets the header’s alg to HS256 and the PEM as the secret. Send it. (Typing the PEM by hand? Keep its final newline: the naive server uses the exact bytes of its PEM file.)',
    },
    sendBothStep('send-both', notes),
    {
      kind: 'action',
      id: 'real-jwks',
      label: 'Fetch the real API’s published keys (its JWKS), to learn the kid of its ES256 key',
      run: () => learnRealEs256Key(),
      explain: 'GET /.well-known/jwks.json, which anyone may read',
    },
    {
      kind: 'instruction',
      id: 'best-chance',
      text: 'Give the real API its best chance: press “Sign HS256 with the real API’s ES256 public key (its PEM) under its kid …” in the key area below (the same trick with its own public key, its kid in the header), then send. The real API finds the key, sees it is an ES256 key, and refuses a token that claims HS256 before any HMAC. (The lab target refuses this one too: it reads a kid as a file name.)',
    },
    sendBothStep('send-both-real-kid', notes),
  ],
  panel: jwtAttackWorkbench({ recovery: true, realNotes: notes }),
  checks: [
    {
      id: 'two-tokens',
      label: 'Two ES256 tokens from the lab target, with two signatures to recover its key from',
      proof: (evidence) => {
        const es256 = targetIssued(evidence).filter(({ token }) => token.header.alg === 'ES256');
        const second = es256.find(({ token }) => token.signature !== es256[0]?.token.signature);
        return second && es256[0]
          ? `${describeExchange(es256[0].exchange)} and exchange #${second.exchange.id}: two tokens, alg ES256`
          : null;
      },
    },
    naiveAcceptsCheck(
      'confusion-accepted',
      'Your admin token, HS256 with the recovered public key as the secret, is accepted by the naive target',
      confused,
    ),
    realRefusesCheck(confused),
    realDefenceCheck(
      'Under the kid of its ES256 key, the real API refuses an HS256 token outright: TOKEN_ALG_NOT_ALLOWED (the key fixes the algorithm)',
      'TOKEN_ALG_NOT_ALLOWED',
      realEs256Kids,
    ),
  ],
};
