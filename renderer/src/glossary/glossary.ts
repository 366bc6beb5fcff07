/**
 * Every abbreviation the window shows, in words a learner knows: the one source for the glosses (hover or focus) in
 * the command log, the exchange and key details, the key table and the token fields. The Redis words follow the
 * Redis command reference; the token fields RFC 7515 and 7519 (`role`, `acct` and `fam` are this server's own).
 */

/** The store's commands, as the command log and the details show them (the embedded store reports the same words). */
export const COMMAND_WORDS = {
  SET: 'write a string value under a key (replacing what was there)',
  GET: 'read the string value of a key',
  DEL: 'delete the key now',
  EXISTS: 'ask whether a key is there (1) or not (0), without reading its value',
  PEXPIRE: 'set a key’s time to live, in milliseconds; at 0 it is gone',
  PERSIST: 'remove a key’s time to live, so it stays until deleted',
  PTTL: 'ask how many milliseconds a key has left (-1: no TTL; -2: no such key)',
  INCR: 'add 1 to a counter (a missing key counts from 0)',
  INCRBY: 'add a number to a counter (a missing key counts from 0)',
  SADD: 'add members to a set (a set holds each member once)',
  SREM: 'remove members from a set (an emptied set is deleted)',
  SMEMBERS: 'read every member of a set',
  SCARD: 'count the members of a set',
  ZADD: 'add a member with a score to a sorted set, or give it a new score (the set is kept in score order; here the score is the login time, in ms since 1970)',
  ZREM: 'remove members from a sorted set (an emptied one is deleted)',
  ZRANGE: 'read the members of a sorted set by position, lowest score first (0 -1: from the first to the last)',
  ZCARD: 'count the members of a sorted set',
  ZSCORE: 'read the score of one member of a sorted set',
  TYPE: 'ask what kind of value a key holds (string, set, zset: a sorted set)',
  'CLUSTER KEYSLOT':
    'ask a Redis Cluster which of its 16,384 hash slots a key name falls in (the master serving that slot holds the key)',
} as const;

/** The options those commands take. */
export const OPTION_WORDS = {
  PX: 'the time to live that follows, in milliseconds',
  EX: 'the time to live that follows, in seconds (this app sends PX, in milliseconds)',
  NX: 'only if the key does not exist yet (with PEXPIRE: only if it has no TTL)',
  XX: 'only if the key already exists (with PEXPIRE: only if it has a TTL), so a deleted session is never written back',
  GT: 'only if the new time to live is longer than the one it has',
  LT: 'only if the new time to live is shorter than the one it has',
  KEEPTTL: 'keep the time to live the key already has',
  WITHSCORES: 'answer each member’s score after it',
} as const;

/** The fields of a JWT's header and payload. */
export const CLAIM_GLOSSARY = {
  alg: 'algorithm: how the signature is made (HS256: a shared secret; ES256, EdDSA: a key pair)',
  kid: 'key id: which of the server’s keys signed it',
  typ: 'type: a JWT',
  iss: 'issuer: who made the token',
  aud: 'audience: who should accept it',
  sub: 'subject: the user id it speaks for',
  jti: 'JWT id: this token’s own id (the denylist names it on logout)',
  iat: 'issued at',
  nbf: 'not before: not valid earlier',
  exp: 'expires: not valid after',
  role: 'the user’s role when the token was made (frozen until a new token)',
  acct: 'account key: which account the id meant when the token was made',
  fam: 'family: the login its refresh tokens belong to (a logout revokes it)',
} as const;

/** Other abbreviations on screen. */
export const OTHER_WORDS = {
  TTL: 'time to live: how long until the store deletes the key by itself',
  'hash slot':
    'one of the 16,384 parts a Redis Cluster splits its keys into, by a hash (CRC16) of the key name; each master serves a range of slots',
  'hash tag':
    'the part of a key name in {braces}: when there is one, only it is hashed, so keys with the same tag share a slot and one MULTI may write them together',
  zset: 'a sorted set: each member once, each with a score (a number), kept in score order, lowest first',
  JWT: 'JSON Web Token: a signed token the client carries (RFC 7519)',
  HS256: 'an HMAC with SHA-256; the same secret signs and checks',
  ES256: 'an ECDSA signature on the P-256 curve; a private key signs, a public key checks',
  EdDSA: 'an Ed25519 signature; a private key signs, a public key checks',
  HMAC: 'a signature made with a shared secret; whoever knows the secret can make one',
  PEM: 'the text form of a key (-----BEGIN PUBLIC KEY----- …)',
  CSRF: 'cross-site request forgery: another site making your browser send a request with your cookies',
  XSS: 'cross-site scripting: someone else’s script running in your page',
  MFA: 'multi-factor authentication: a password and a second proof (a code)',
  TOTP: 'time-based one-time password: the 6-digit code an authenticator app shows',
  HttpOnly: 'a cookie the page’s scripts cannot read; only the browser sends it',
  'simple GET':
    'a plain GET with no custom header, as any page could always send: the browser sends it at once, cookies and all, and only then decides whether the page may read the answer',
  preflight:
    'the question a browser asks first, with OPTIONS, before a cross-origin request a simple GET could not make (a custom header, another method): no permission in its answer, and the request is never sent',
  'AES-256-GCM':
    'a cipher that encrypts and authenticates: a 256-bit key, a fresh 12-byte nonce per write, and a tag that fails if one byte changes',
} as const;

/** A word the glossary explains. */
export type GlossaryTerm =
  keyof typeof COMMAND_WORDS | keyof typeof OPTION_WORDS | keyof typeof CLAIM_GLOSSARY | keyof typeof OTHER_WORDS;

/** Every entry, by the word as shown. */
export const GLOSSARY: Readonly<Record<GlossaryTerm, string>> = {
  ...COMMAND_WORDS,
  ...OPTION_WORDS,
  ...CLAIM_GLOSSARY,
  ...OTHER_WORDS,
};

/** The definition of `word`, or undefined when the glossary has none. */
export function definitionOf(word: string): string | undefined {
  return Object.hasOwn(GLOSSARY, word) ? GLOSSARY[word as GlossaryTerm] : undefined;
}
