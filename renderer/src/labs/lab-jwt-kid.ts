import { naiveAcceptsCheck, realRefusesCheck } from './jwt-attack-evidence.ts';
import { JWT_ATTACK_LAB, naiveOnStep, sendBothStep, targetTokenStep } from './jwt-attack-steps.ts';
import type { DecodedToken } from './jwt-evidence.ts';
import { jwtAttackWorkbench } from './JwtAttackPanel.tsx';
import type { Lab } from './lab-types.ts';

const traversesKid = (token: DecodedToken) =>
  typeof token.header.kid === 'string' && token.header.kid.includes('..') && token.header.jwk === undefined;

/** Lab 17: a kid read as a file path walks out of the key folder to a file whose bytes everyone knows. */
export const jwtKidLab: Lab = {
  ...JWT_ATTACK_LAB,
  id: 'jwt-kid',
  number: 17,
  title: 'kid path traversal',
  concept: 'JWT attacks: the key id as a file path',
  goal: 'Point the token’s kid at /dev/null with ../ segments, sign an admin token with the empty key that file holds, and see the naive target accept it while the real API refuses it.',
  why: {
    text: 'The kid header is input from whoever made the token. A server that reads a key from a file named by it can be walked out of its key folder with ../ to a file whose content the attacker knows: /dev/null is empty everywhere. A kid must only ever select among keys the server holds (a lookup in a map), never build a path or a query.',
    source: {
      label: 'PortSwigger: JWT authentication bypass via kid header path traversal',
      url: 'https://portswigger.net/web-security/jwt/lab-jwt-authentication-bypass-via-kid-header-path-traversal',
    },
  },
  steps: [
    naiveOnStep(false),
    targetTokenStep(),
    {
      kind: 'instruction',
      id: 'kid',
      leadsTo: 'kid-accepted',
      text: 'In the debugger below: “Use the lab target’s token”, make yourself admin, choose “sign it with the key below”, pick HS256 in the key area and press “Set the header’s alg to HS256” (the target’s token says ES256, and the naive verifier goes by the header), then type ../../../../dev/null in the kid field. The key is that file’s bytes: none. WebCrypto cannot take an empty key, but HMAC pads every key with zero bytes, so choose base64 and type AA== (one zero byte): the same key. Send it.',
    },
    sendBothStep(),
  ],
  panel: jwtAttackWorkbench({}),
  checks: [
    naiveAcceptsCheck(
      'kid-accepted',
      'Your admin token whose kid walks to /dev/null, signed with an empty key, is accepted by the naive target',
      traversesKid,
    ),
    realRefusesCheck(traversesKid),
  ],
};
