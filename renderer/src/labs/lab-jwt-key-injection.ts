import { naiveAcceptsCheck, namesItsKey, realRefusesCheck } from './jwt-attack-evidence.ts';
import { JWT_ATTACK_LAB, naiveOnStep, sendBothStep, targetTokenStep } from './jwt-attack-steps.ts';
import type { DecodedToken } from './jwt-evidence.ts';
import { jwtAttackWorkbench } from './JwtAttackPanel.tsx';
import type { Lab } from './lab-types.ts';

const embedsJwk = (token: DecodedToken) => token.header.jwk !== undefined;
const pointsJku = (token: DecodedToken) => token.header.jwk === undefined && token.header.jku !== undefined;

/** Lab 16: a token that names its own key, in the header (jwk) or at a URL (jku). */
export const jwtKeyInjectionLab: Lab = {
  ...JWT_ATTACK_LAB,
  id: 'jwt-key-injection',
  number: 16,
  title: 'Key injection: jwk and jku headers',
  concept: 'JWT attacks: the token brings its own key',
  goal: 'Sign an admin token with a key pair you made yourself, and have the naive target check it with your public key: first embedded in the header (jwk), then fetched from a URL you control (jku). The real API refuses both.',
  why: {
    text: 'A verifier that takes its key from the token lets whoever signs the token choose the key that checks it: the signature then proves nothing. A server must check signatures only with keys it already holds, or fetch them only from an allowlist of its own issuers’ URLs, and ignore jwk and jku in the header.',
    source: {
      label:
        'PortSwigger: JWT attacks, injecting self-signed JWTs via the jwk and jku parameters (with a lab for each)',
      url: 'https://portswigger.net/web-security/jwt#injecting-self-signed-jwts-via-the-jwk-parameter',
    },
  },
  steps: [
    naiveOnStep(false),
    targetTokenStep(),
    {
      kind: 'instruction',
      id: 'jwk',
      leadsTo: 'jwk-accepted',
      text: 'In the debugger below: “Use the lab target’s token”, make yourself admin in the Payload, choose “sign it with the key below”, pick ES256 in the key area, press “Generate a key pair here”, then “Embed the public key in the header (jwk)”. Send it.',
    },
    sendBothStep(),
    {
      kind: 'instruction',
      id: 'jku',
      leadsTo: 'jku-accepted',
      text: 'Now the jku: press “Take the jwk out of the header”, then “Publish the public key on the evil origin, point jku at it”. The key area shows the URL and the key set the evil origin now serves there; the header’s jku points at it. Send it again.',
    },
    sendBothStep('send-both-jku'),
  ],
  panel: jwtAttackWorkbench({ jku: true }),
  checks: [
    naiveAcceptsCheck(
      'jwk-accepted',
      'Your admin token with your own public key in its jwk header is accepted by the naive target (200, admin: true)',
      embedsJwk,
    ),
    naiveAcceptsCheck(
      'jku-accepted',
      'Your admin token whose jku points at your key on the evil origin is accepted by the naive target',
      pointsJku,
    ),
    realRefusesCheck(namesItsKey),
  ],
};
