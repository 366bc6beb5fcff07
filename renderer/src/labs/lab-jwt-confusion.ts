import { describeExchange } from './evidence.ts';
import { naiveAcceptsCheck, namesItsKey, realRefusesCheck, targetIssued } from './jwt-attack-evidence.ts';
import { JWT_ATTACK_LAB, naiveOnStep, sendBothStep, targetTokenStep } from './jwt-attack-steps.ts';
import type { DecodedToken } from './jwt-evidence.ts';
import { jwtAttackWorkbench } from './JwtAttackPanel.tsx';
import type { Lab } from './lab-types.ts';

const confused = (token: DecodedToken) => String(token.header.alg).startsWith('HS') && !namesItsKey(token);

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
      text: 'In the debugger below: “Use the lab target’s token”, make yourself admin, choose “sign it with the key below” and press “Sign HS256 with the recovered public key’s PEM as the secret”: it sets the header’s alg to HS256 and the PEM as the secret. Send it.',
    },
    sendBothStep(),
  ],
  panel: jwtAttackWorkbench({ recovery: true }),
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
  ],
};
