import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { globMatcher, literalPrefix } from '../../../shared/glob.ts';
import { REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { startTestRedis, type TestRedis } from '../../support/redis-server.ts';

const KEYS = [
  'a',
  'b',
  '-',
  ']',
  '[',
  '^',
  '\\',
  'ab',
  'a]',
  'a-',
  '[a',
  'é',
  'x',
  'ax',
  'bx',
  '_',
  '`',
  'sl:é',
  'sl:a',
  'sl:[ab',
  'sl:sess:1',
  'aé',
  'ü',
];
const ALPHABET = ['a', 'b', '-', '[', ']', '^', '\\', '*', '?', 'x', 'é'];
const EDGE_CASES = [
  'sl:?',
  'sl:[ab',
  '[a-]x',
  '[a-]',
  '[]a]',
  '[^]',
  'a\\',
  '[\\]',
  '[a-\\]]',
  '?',
  '??',
  '[à-ÿ]',
  '*é',
  'sl:*',
  '**a*',
];

function randomPatterns(count: number): string[] {
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + next(5) }, () => ALPHABET[next(ALPHABET.length)]).join(''),
  );
}

describe.runIf(REDIS_SERVER_BIN)('SCAN MATCH parity with Redis', () => {
  let redis: TestRedis;
  let client: Redis;
  beforeAll(async () => {
    redis = await startTestRedis(REDIS_SERVER_BIN!);
    client = new Redis(redis.url);
    await client.mset(...KEYS.flatMap((key) => [key, '1']));
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('selects exactly the keys Redis selects, for edge cases and 2,000 random patterns', async () => {
    const patterns = [...new Set([...EDGE_CASES, ...randomPatterns(2_000)])];
    const answers = await Promise.all(patterns.map((pattern) => client.keys(pattern)));
    const differing = patterns
      .map((pattern, i) => ({ pattern, redis: answers[i]!.sort(), ours: KEYS.filter(globMatcher(pattern)).sort() }))
      .filter(({ redis: r, ours }) => JSON.stringify(r) !== JSON.stringify(ours));
    expect(differing).toEqual([]);
  });
});

describe('literalPrefix', () => {
  it('is the text before the first wildcard, with escapes resolved', () => {
    expect(literalPrefix('sl:sess:*')).toBe('sl:sess:');
    expect(literalPrefix('sl:\\*x?')).toBe('sl:*x');
    expect(literalPrefix('[ab]')).toBe('');
    expect(literalPrefix('plain')).toBe('plain');
  });

  it('is a prefix of every key the pattern matches', () => {
    for (const pattern of randomPatterns(500)) {
      const prefix = literalPrefix(pattern);
      for (const key of KEYS.filter(globMatcher(pattern)))
        expect(key.startsWith(prefix), `${pattern} ${key}`).toBe(true);
    }
  });
});
