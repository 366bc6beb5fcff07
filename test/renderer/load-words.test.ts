import { describe, expect, it } from 'vitest';
import type { LoadEvent } from '../../shared/api/lab-load.ts';
import { measuredWords, storeWords } from '../../renderer/src/labs/load-words.ts';
import { interpretLoad } from '../../renderer/src/labs/load-interpretation.ts';

type Conditions = LoadEvent['conditions'];

describe('what a load run measured, in a learner’s words', () => {
  it('names the store, the token’s signature and whether the denylist read the store', () => {
    expect(measuredWords({ store: 'redis', algorithm: 'HS256', denylist: 'on' })).toEqual({
      session: 'signed cookie, then one session read from Redis; its lifetimes and account checked',
      token:
        'HS256 signature (an HMAC-SHA256), denylist on (two lookups in Redis per request, sent together: is the token logged out, is its login revoked)',
    });
    expect(measuredWords({ store: 'sqlite', algorithm: 'ES256', denylist: 'off' })).toEqual({
      session:
        'signed cookie, then one session read from the embedded store (SQLite); its lifetimes and account checked',
      token: 'ES256 signature (ECDSA on P-256), denylist off (no store lookup)',
    });
    expect(measuredWords({ store: 'redis-cluster', algorithm: 'EdDSA', denylist: 'on' }).token).toMatch(
      /^EdDSA signature \(Ed25519\), denylist on \(two lookups in a Redis Cluster per request/,
    );
  });

  it('tells a Redis Cluster from one Redis server, in the words and in the interpretation', () => {
    expect(storeWords('redis-cluster')).toBe('a Redis Cluster');
    expect(storeWords('redis')).toBe('Redis');
    const figures = { requests: 100, errors: 0, requestsPerSecond: 100, p50Ms: 1, p99Ms: 2, cpuMicrosPerRequest: 50 };
    const final = (store: Conditions['store']): LoadEvent => ({
      run: 1,
      at: 1,
      startedAt: 0,
      users: 5,
      seconds: 2,
      target: 'session',
      account: 'bob',
      conditions: { store, algorithm: 'HS256', denylist: 'off' },
      elapsedMs: 2_000,
      done: true,
      endedBy: 'time',
      error: null,
      window: null,
      totals: { session: figures },
      clientErrors: 0,
      cleanup: null,
    });
    const store = (event: LoadEvent) => interpretLoad(event).find((reading) => reading.about === 'session-store')!.text;
    expect(store(final('redis-cluster'))).toMatch(/^Each session check asked the Redis Cluster for its session/);
    expect(store(final('redis'))).toMatch(/^Each session check asked Redis for its session/);
    expect(interpretLoad(final('redis-cluster'))[0]!.text).toContain('on a Redis Cluster');
  });
});
