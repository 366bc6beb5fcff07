import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsoleLine } from '../../../server/inspector/console.ts';
import type { KeyStore } from '../../../server/store/types.ts';
import type { KeyChange } from '../../../shared/store-events.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { startTestRedis, type TestRedis } from '../../support/redis-server.ts';
import { REDIS_CLI_BIN, REDIS_SERVER_BIN } from '../../support/requirements.ts';

/**
 * One console session: each line, and what the console must print for it on every backend. `cli` marks the lines
 * whose answer is redis-cli's own, word for word: they are also piped through a real `redis-cli --no-raw` against a
 * real redis-server, which must print the same. (The others differ on purpose: sorted members and keys, KEYS' warning,
 * the supported list in the unknown-command error, the refusals, the `sl:` rule, INFO counted over `sl:` keys.)
 *
 * TTLs: a PTTL read right after a write is a few ms under what was set, so a positive PTTL (and INFO's avg_ttl) is
 * compared in whole seconds, rounded (`≈60 s`); a TTL is whole seconds already (Redis rounds to the nearest), so it is
 * compared as it is, with TTLs long enough (≥ 50 s) that the session never crosses half a second of one.
 */
const SESSION: { line: string; out: string; cli?: true }[] = [
  { line: 'PING', out: 'PONG', cli: true },
  { line: 'SET sl:console:greeting "hello world"', out: 'OK', cli: true },
  { line: 'GET sl:console:greeting', out: '"hello world"', cli: true },
  { line: `SET sl:console:json '{"uid":1,"role":"user"}' PX 60000`, out: 'OK', cli: true },
  { line: 'GET sl:console:json', out: '"{\\"uid\\":1,\\"role\\":\\"user\\"}"', cli: true },
  { line: 'PTTL sl:console:json', out: '(integer) ≈60 s', cli: true },
  { line: 'TTL sl:console:json', out: '(integer) 60', cli: true },
  { line: 'SET sl:console:json x NX', out: '(nil)', cli: true },
  { line: 'SET sl:console:new x XX', out: '(nil)', cli: true },
  { line: `set sl:console:json '{"uid":2}' xx keepttl`, out: 'OK', cli: true },
  { line: 'TTL sl:console:json', out: '(integer) 60', cli: true },
  { line: 'SET sl:console:temp v EX 100', out: 'OK', cli: true },
  { line: 'TTL sl:console:temp', out: '(integer) 100', cli: true },
  { line: 'PERSIST sl:console:temp', out: '(integer) 1', cli: true },
  { line: 'TTL sl:console:temp', out: '(integer) -1', cli: true },
  { line: 'EXPIRE sl:console:temp 50', out: '(integer) 1', cli: true },
  { line: 'EXPIRE sl:console:temp 500 LT', out: '(integer) 0', cli: true },
  { line: 'PEXPIRE sl:console:temp 20000 GT', out: '(integer) 0', cli: true },
  { line: 'TTL sl:console:temp', out: '(integer) 50', cli: true },
  { line: 'TTL sl:console:missing', out: '(integer) -2', cli: true },
  { line: 'PTTL sl:console:greeting', out: '(integer) -1', cli: true },
  { line: 'EXISTS sl:console:greeting sl:console:missing sl:console:greeting', out: '(integer) 2', cli: true },
  { line: 'TYPE sl:console:greeting', out: 'string', cli: true },
  { line: 'TYPE sl:console:missing', out: 'none', cli: true },
  { line: 'SADD sl:console:set b a c a', out: '(integer) 3', cli: true },
  { line: 'SMEMBERS sl:console:set', out: '1) "a"\n2) "b"\n3) "c"' },
  { line: 'SCARD sl:console:set', out: '(integer) 3', cli: true },
  { line: 'SISMEMBER sl:console:set a', out: '(integer) 1', cli: true },
  { line: 'SISMEMBER sl:console:set z', out: '(integer) 0', cli: true },
  { line: 'TYPE sl:console:set', out: 'set', cli: true },
  {
    line: 'GET sl:console:set',
    out: '(error) WRONGTYPE Operation against a key holding the wrong kind of value',
    cli: true,
  },
  { line: 'SMEMBERS sl:console:missing', out: '(empty array)', cli: true },
  // A sorted set, as Session Lab keeps each user's sessions (scored by login time, epoch ms).
  { line: 'ZADD sl:console:zset 1733450000000 sid-b', out: '(integer) 1', cli: true },
  { line: 'ZADD sl:console:zset 1733449000000 sid-a', out: '(integer) 1', cli: true },
  { line: 'ZADD sl:console:zset 1.5 sid-c', out: '(integer) 1', cli: true },
  { line: 'ZADD sl:console:zset 0.1 sid-c', out: '(integer) 0', cli: true },
  {
    line: 'ZRANGE sl:console:zset 0 -1 WITHSCORES',
    out: '1) "sid-c"\n2) "0.10000000000000001"\n3) "sid-a"\n4) "1733449000000"\n5) "sid-b"\n6) "1733450000000"',
    cli: true,
  },
  { line: 'zrange sl:console:zset 0 -1', out: '1) "sid-c"\n2) "sid-a"\n3) "sid-b"', cli: true },
  { line: 'ZRANGE sl:console:zset -2 -1', out: '1) "sid-a"\n2) "sid-b"', cli: true },
  {
    line: 'ZRANGE sl:console:zset 1 99 withscores',
    out: '1) "sid-a"\n2) "1733449000000"\n3) "sid-b"\n4) "1733450000000"',
    cli: true,
  },
  { line: 'ZRANGE sl:console:zset -100 0', out: '1) "sid-c"', cli: true },
  { line: 'ZRANGE sl:console:zset 2 1', out: '(empty array)', cli: true },
  { line: 'ZRANGE sl:console:missing 0 -1 WITHSCORES', out: '(empty array)', cli: true },
  { line: 'ZRANGE sl:console:zset 0 x', out: '(error) ERR value is not an integer or out of range', cli: true },
  { line: 'ZRANGE sl:console:zset 0 -1 SCORES', out: '(error) ERR syntax error', cli: true },
  {
    line: 'ZRANGE sl:console:zset 0 -1 REV',
    out: "(error) ERR this console's ZRANGE takes start, stop and WITHSCORES, not REV",
  },
  { line: 'ZCARD sl:console:zset', out: '(integer) 3', cli: true },
  { line: 'ZCARD sl:console:missing', out: '(integer) 0', cli: true },
  { line: 'ZSCORE sl:console:zset sid-a', out: '"1733449000000"', cli: true },
  { line: 'ZSCORE sl:console:zset sid-c', out: '"0.10000000000000001"', cli: true },
  { line: 'ZSCORE sl:console:zset nobody', out: '(nil)', cli: true },
  { line: 'ZSCORE sl:console:missing sid-a', out: '(nil)', cli: true },
  { line: 'TYPE sl:console:zset', out: 'zset', cli: true },
  { line: 'ZADD sl:console:zset soon sid-d', out: '(error) ERR value is not a valid float', cli: true },
  { line: 'ZADD sl:console:zset 1e-400 sid-d', out: '(error) ERR value is not a valid float', cli: true },
  { line: 'ZADD sl:console:zset 1', out: "(error) ERR wrong number of arguments for 'zadd' command", cli: true },
  {
    line: 'ZADD sl:console:set 1 a',
    out: '(error) WRONGTYPE Operation against a key holding the wrong kind of value',
    cli: true,
  },
  {
    line: 'ZRANGE sl:console:set 0 -1',
    out: '(error) WRONGTYPE Operation against a key holding the wrong kind of value',
    cli: true,
  },
  {
    line: 'SMEMBERS sl:console:zset',
    out: '(error) WRONGTYPE Operation against a key holding the wrong kind of value',
    cli: true,
  },
  { line: 'ZCARD sl:console:zset', out: '(integer) 3', cli: true },
  { line: 'ZREM sl:console:zset sid-a nobody', out: '(integer) 1', cli: true },
  { line: 'ZREM sl:console:zset sid-b sid-c', out: '(integer) 2', cli: true },
  { line: 'EXISTS sl:console:zset', out: '(integer) 0', cli: true },
  { line: 'ZREM sl:console:zset sid-a', out: '(integer) 0', cli: true },
  // Redis takes inf and several pairs or options; this console takes one finite score and one member (last: a real
  // redis-server adds sid-d here).
  { line: 'ZADD sl:console:zset inf sid-d', out: '(error) ERR value is not a valid float' },
  {
    line: 'ZADD sl:console:zset NX 1 sid-d',
    out: "(error) ERR this console's ZADD takes one score and one member: ZADD key score member",
  },
  { line: 'SET sl:console:accent "\\xc3\\xa9t\\xc3\\xa9 \\"q\\"\\n"', out: 'OK', cli: true },
  { line: 'GET sl:console:accent', out: '"\\xc3\\xa9t\\xc3\\xa9 \\"q\\"\\n"', cli: true },
  { line: "SET sl:console:single 'a \\n b'", out: 'OK', cli: true },
  { line: 'GET sl:console:single', out: '"a \\\\n b"', cli: true },
  { line: 'INCR sl:console:count', out: '(integer) 1', cli: true },
  { line: 'INCR sl:console:greeting', out: '(error) ERR value is not an integer or out of range', cli: true },
  {
    line: 'SCAN 0 MATCH sl:console:* COUNT 100',
    out: [
      '1) "0"',
      '2) 1) "sl:console:accent"',
      '   2) "sl:console:count"',
      '   3) "sl:console:greeting"',
      '   4) "sl:console:json"',
      '   5) "sl:console:set"',
      '   6) "sl:console:single"',
      '   7) "sl:console:temp"',
    ].join('\n'),
  },
  { line: 'SCAN 0 MATCH sl:nothing:* COUNT 100', out: '1) "0"\n2) (empty array)' },
  {
    line: 'KEYS sl:console:s*',
    out: [
      '(warning) KEYS walks the whole keyspace in one go and Redis answers nobody else meanwhile: on a real store use SCAN. Here it runs as SCAN to the end.',
      '1) "sl:console:set"',
      '2) "sl:console:single"',
    ].join('\n'),
  },
  { line: 'DBSIZE', out: '(integer) 7' },
  { line: 'INFO keyspace', out: '# Keyspace\ndb0:keys=7,expires=2,avg_ttl=≈55 s' },
  { line: 'DEL sl:console:temp sl:console:missing', out: '(integer) 1', cli: true },
  { line: 'EXPIRE sl:console:count 0', out: '(integer) 1', cli: true },
  { line: 'EXISTS sl:console:count', out: '(integer) 0', cli: true },
  { line: 'SREM sl:console:set a b c', out: '(integer) 3', cli: true },
  { line: 'EXISTS sl:console:set', out: '(integer) 0', cli: true },
  { line: 'SET sl:console:x 1 EX 0', out: "(error) ERR invalid expire time in 'set' command", cli: true },
  { line: 'SET sl:console:x 1 PX', out: '(error) ERR syntax error', cli: true },
  { line: 'SET sl:console:x 1 NX XX', out: '(error) ERR syntax error', cli: true },
  { line: 'SET sl:console:x 1 EX 10 PX 100', out: '(error) ERR syntax error', cli: true },
  { line: 'SET sl:console:x 1 EX ten', out: '(error) ERR value is not an integer or out of range', cli: true },
  {
    line: 'EXPIRE sl:console:greeting 10 NX XX',
    out: '(error) ERR NX and XX, GT or LT options at the same time are not compatible',
    cli: true,
  },
  {
    line: 'EXPIRE sl:console:greeting 10 GT LT',
    out: '(error) ERR GT and LT options at the same time are not compatible',
    cli: true,
  },
  { line: 'EXPIRE sl:console:greeting 10 soon', out: '(error) ERR Unsupported option soon', cli: true },
  { line: 'GET', out: "(error) ERR wrong number of arguments for 'get' command", cli: true },
  { line: 'ttl sl:console:a sl:console:b', out: "(error) ERR wrong number of arguments for 'ttl' command", cli: true },
  { line: 'SET sl:console:x {"a":1}', out: 'Invalid argument(s)', cli: true },
  { line: 'MEMORY USAGE sl:console:missing', out: '(nil)', cli: true },
  {
    line: 'HSET sl:console:h f v',
    out: "(error) ERR unknown command 'HSET', with args beginning with: 'sl:console:h' 'f' 'v' (this console runs DBSIZE, DEL, EXISTS, EXPIRE, GET, HELP, INCR, INFO, KEYS, MEMORY, PERSIST, PEXPIRE, PING, PTTL, SADD, SCAN, SCARD, SET, SISMEMBER, SMEMBERS, SREM, TTL, TYPE, ZADD, ZCARD, ZRANGE, ZREM, ZSCORE; HELP shows how)",
  },
  {
    line: 'flushall',
    out: "(error) ERR FLUSHALL is refused here: this console never runs FLUSHALL, FLUSHDB, CONFIG, SHUTDOWN, DEBUG, MONITOR, SCRIPT, EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, FUNCTION, FCALL, FCALL_RO, CLIENT, ACL on the app's store",
  },
  {
    line: 'CONFIG GET maxmemory',
    out: expect.stringMatching(/^\(error\) ERR CONFIG is refused here/) as unknown as string,
  },
  {
    line: 'GET other:key',
    out: "(error) ERR this console reads and writes Session Lab's keys only (names starting with sl:), not 'other:key'",
  },
  { line: 'DBSIZE', out: '(integer) 4' },
];

/** A positive PTTL or avg_ttl in whole seconds (see SESSION). */
function rounded(line: string, output: string): string {
  if (/^PTTL /i.test(line))
    return output.replace(/^\(integer\) (\d+)$/, (all, ms: string) =>
      Number(ms) > 0 ? `(integer) ≈${Math.round(Number(ms) / 1000)} s` : all,
    );
  return output.replace(/avg_ttl=(\d+)/, (_, ms: string) => `avg_ttl=≈${Math.round(Number(ms) / 1000)} s`);
}

/** Runs the session on a store; answers each line's output and the changes the store announced meanwhile. */
async function runSession(store: KeyStore): Promise<{ outputs: string[]; changes: Pick<KeyChange, 'op' | 'key'>[] }> {
  const changes: Pick<KeyChange, 'op' | 'key'>[] = [];
  const stop = store.onChange((change) => changes.push({ op: change.op, key: change.key }));
  const outputs: string[] = [];
  for (const { line } of SESSION) outputs.push(rounded(line, (await runConsoleLine(store, line)).output));
  stop();
  return { outputs, changes };
}

const results = new Map<string, Awaited<ReturnType<typeof runSession>>>();

describe.each(BACKENDS_WITH_CLUSTER)('the redis-cli console on $name', (backend) => {
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());

  it('answers the session line by line as redis-cli prints it, and each change goes through the store', async () => {
    const store = await backend.fresh();
    const result = await runSession(store);
    results.set(backend.name, result);
    SESSION.forEach(({ line, out }, i) => expect(result.outputs[i], line).toEqual(out));
    // Every write announced on the change feed (so the inspector's command log and key table see it), logical names.
    expect(result.changes.filter((change) => change.key === 'sl:console:json').map((change) => change.op)).toEqual([
      'set',
      'set',
    ]);
    expect(result.changes.filter((change) => change.op === 'del').map((change) => change.key)).toEqual([
      'sl:console:temp',
    ]);
    // Each ZADD that added a member and each ZREM that removed some is announced (refusals are not).
    const zset = result.changes.filter((change) => change.key === 'sl:console:zset').map((change) => change.op);
    expect(zset.slice(0, 3)).toEqual(['zadd', 'zadd', 'zadd']);
    expect(zset.slice(-2)).toEqual(['zrem', 'zrem']);
    expect(zset.every((op) => op === 'zadd' || op === 'zrem')).toBe(true);
    expect(result.changes.some((change) => !change.key.startsWith('sl:console:'))).toBe(false);
  });

  it('answers the same, and announces the same changes, on every backend', () => {
    const first = results.get(BACKENDS_WITH_CLUSTER[0]!.name);
    expect(first).toBeDefined();
    expect(results.get(backend.name)).toEqual(first);
  });
});

describe.skipIf(!REDIS_SERVER_BIN || !REDIS_CLI_BIN)("the console's words are redis-cli's own", () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis(REDIS_SERVER_BIN!);
  });
  afterAll(() => redis?.stop());

  it('prints what a real redis-cli --no-raw prints for the same lines on a real redis-server', () => {
    // The whole session in order, one redis-cli per line (it reads the line from stdin and splits it itself), so every
    // line meets the keys the lines before it made; only the `cli` lines are compared.
    const ours = results.get('redis');
    expect(ours).toBeDefined();
    SESSION.forEach(({ line, cli: compared }, i) => {
      const cli = spawnSync(REDIS_CLI_BIN!, ['-u', redis.url, '--no-raw'], { input: `${line}\n`, encoding: 'utf8' });
      expect(cli.status, line).toBe(0);
      if (compared) expect(rounded(line, cli.stdout.replace(/\n$/, '')), line).toBe(ours!.outputs[i]);
    });
  });
});
