import type { LoadEvent } from '../../../shared/api/lab-load.ts';

type Conditions = LoadEvent['conditions'];

/** The store, as a learner names it. */
export function storeWords(store: Conditions['store']): string {
  return store === 'sqlite' ? 'the embedded store (SQLite)' : store === 'redis' ? 'Redis' : 'a Redis Cluster';
}

const SIGNATURES: Record<Conditions['algorithm'], string> = {
  HS256: 'HS256 signature (an HMAC-SHA256)',
  ES256: 'ES256 signature (ECDSA on P-256)',
  EdDSA: 'EdDSA signature (Ed25519)',
};

/** What each check did per request in this run, in a learner's words. */
export function measuredWords(conditions: Conditions): { session: string; token: string } {
  const { store, algorithm, denylist } = conditions;
  return {
    session: `signed cookie, then one session read from ${storeWords(store)}; its lifetimes and account checked`,
    token: `${SIGNATURES[algorithm]}, denylist ${denylist}${
      denylist === 'on'
        ? ` (two lookups in ${storeWords(store)} per request, sent together: is the token logged out, is its login revoked)`
        : ' (no store lookup)'
    }`,
  };
}
