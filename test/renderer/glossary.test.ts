import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTokens, splitCommandLine, ttlSetBy } from '../../renderer/src/glossary/command-words.ts';
import { definitionOf, GLOSSARY } from '../../renderer/src/glossary/glossary.ts';
import { CLAIM_WORDS } from '../../renderer/src/panels/claim-words.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';

const root = new URL('../..', import.meta.url).pathname;
const source = (file: string) => readFileSync(path.join(root, file), 'utf8');
const serverFiles = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? serverFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
const wordsIn = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((match) => match[1]!);

/** The upper-case words of a redis-cli line the window shows: the command and its options. */
function upperWords(line: string): string[] {
  return splitCommandLine(line).filter((arg, index) => index !== 1 && /^[A-Z]+$/.test(arg));
}

describe('the glossary', () => {
  it('defines every word the stores can write in the command log, as their source names them', () => {
    // The writes (redis-cli.ts builds every one), the reads (each backend announces its reads by name), the
    // commands the key detail lists (formatCommand anywhere in server/), and PEXPIRE's conditions.
    const words = new Set([
      ...wordsIn(source('server/store/redis-cli.ts'), /'([A-Z]+)'/g),
      ...wordsIn(source('server/store/redis-keyspace.ts'), /#reading\('([A-Z]+)'/g),
      ...wordsIn(source('server/store/sqlite-store.ts'), /#read(?:Key|OfType)\('([A-Z]+)'/g),
      // A command with a subcommand (`formatCommand('CLUSTER', 'KEYSLOT', …)`) is one word: `CLUSTER KEYSLOT`.
      ...serverFiles('server').flatMap((file) =>
        wordsIn(source(file), /formatCommand\('([A-Z]+(?:', '[A-Z]+)?)'/g).map((word) => word.replace("', '", ' ')),
      ),
      ...wordsIn(/export type ExpireCondition = ([^;]+);/.exec(source('server/store/types.ts'))![1]!, /'([A-Z]+)'/g),
    ]);
    // The scan pinned the words it must find (a changed source layout fails here, not silently).
    for (const word of ['SET', 'PX', 'NX', 'XX', 'KEEPTTL', 'DEL', 'PEXPIRE', 'GT', 'LT', 'INCR', 'INCRBY'])
      expect(words, word).toContain(word);
    for (const word of ['PERSIST', 'SADD', 'SREM', 'GET', 'EXISTS', 'PTTL', 'SMEMBERS', 'SCARD', 'TYPE'])
      expect(words, word).toContain(word);
    for (const word of ['ZADD', 'ZREM', 'ZRANGE', 'ZCARD', 'CLUSTER KEYSLOT']) expect(words, word).toContain(word);
    const undefinedWords = [...words].filter((word) => !definitionOf(word));
    expect(undefinedWords).toEqual([]);
  });

  describe('every word the embedded store really emits', () => {
    let dir: string;
    let store: SqliteStore;
    const lines: string[] = [];
    beforeAll(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'sl-glossary-'));
      store = new SqliteStore({ file: path.join(dir, 'store.sqlite'), sweepIntervalMs: 3_600_000 });
      store.onChange((change) => lines.push(change.command));
      store.onRead((read) => lines.push(read.command));
    });
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('has a definition, and the window glosses it where it stands', async () => {
      // Every method of the keyspace, with every option.
      await store.set('sl:a', '{"x":1}', { px: 60_000 });
      await store.set('sl:a', 'v', { xx: true, keepTtl: true });
      await store.set('sl:b', 'v', { nx: true });
      await store.get('sl:a');
      await store.exists('sl:a');
      await store.pttl('sl:a');
      await store.type('sl:a');
      await store.pexpire('sl:a', 90_000);
      await store.persist('sl:a');
      // Each condition where it holds (a write that changes nothing is not announced).
      await store.pexpire('sl:a', 50_000, 'NX');
      await store.pexpire('sl:a', 60_000, 'XX');
      await store.pexpire('sl:a', 120_000, 'GT');
      await store.pexpire('sl:a', 30_000, 'LT');
      await store.incr('sl:n');
      await store.incr('sl:n', -1);
      await store.sadd('sl:s', 'm1', 'm2');
      await store.smembers('sl:s');
      await store.scard('sl:s');
      await store.srem('sl:s', 'm1');
      await store.zadd('sl:z', 1_733_450_000_000, 'm1');
      await store.zrange('sl:z');
      await store.zcard('sl:z');
      await store.zrem('sl:z', 'm1');
      await store.multi([{ op: 'set', key: 'sl:c', value: '1', px: 1_000 }]);
      await store.del('sl:a');
      const words = new Set(lines.flatMap(upperWords));
      for (const word of ['SET', 'PX', 'XX', 'NX', 'KEEPTTL', 'GT', 'LT', 'PEXPIRE', 'PERSIST', 'INCR', 'INCRBY'])
        expect(words, word).toContain(word);
      for (const word of ['SADD', 'SREM', 'SMEMBERS', 'SCARD', 'GET', 'EXISTS', 'PTTL', 'TYPE', 'DEL'])
        expect(words, word).toContain(word);
      for (const word of ['ZADD', 'ZREM', 'ZRANGE', 'WITHSCORES', 'ZCARD']) expect(words, word).toContain(word);
      expect([...words].filter((word) => !definitionOf(word))).toEqual([]);
      // The window marks each of them for a gloss: the command word, and the options where the command takes them.
      for (const line of lines) {
        const glossed = commandTokens(line).filter((token) => token.kind === 'command' || token.kind === 'option');
        expect(glossed.map((token) => token.text).sort(), line).toEqual(upperWords(line).sort());
      }
    });
  });

  it('splits a redis-cli line as it quotes, and glosses an option only where the command takes one', () => {
    expect(splitCommandLine(`SET sl:sess:abc '{"a": "b c"}' PX 1800000 XX`)).toEqual([
      'SET',
      'sl:sess:abc',
      `'{"a": "b c"}'`,
      'PX',
      '1800000',
      'XX',
    ]);
    expect(splitCommandLine('SET k "a \\" b" NX')).toEqual(['SET', 'k', '"a \\" b"', 'NX']);
    expect(commandTokens('PEXPIRE sl:throttle:ip:1 60000 NX').map((token) => token.kind)).toEqual([
      'command',
      'key',
      'arg',
      'option',
    ]);
    // A value that reads like an option is a value; a member of a set too.
    expect(commandTokens('SET sl:b NX NX').map((token) => token.kind)).toEqual(['command', 'key', 'arg', 'option']);
    expect(commandTokens('SADD sl:s PX').map((token) => token.kind)).toEqual(['command', 'key', 'arg']);
    // ZRANGE's WITHSCORES is an option after start and stop; a member named WITHSCORES is a member.
    expect(commandTokens('ZRANGE sl:z 0 -1 WITHSCORES').map((token) => token.kind)).toEqual([
      'command',
      'key',
      'arg',
      'arg',
      'option',
    ]);
    expect(commandTokens('ZADD sl:z 1 WITHSCORES').map((token) => token.kind)).toEqual([
      'command',
      'key',
      'arg',
      'arg',
    ]);
    // A command with a subcommand is one glossed word, and the key follows it.
    expect(commandTokens('CLUSTER KEYSLOT sl:{sessions}:sess:a')).toEqual([
      { kind: 'command', text: 'CLUSTER KEYSLOT' },
      { kind: 'key', text: 'sl:{sessions}:sess:a' },
    ]);
    expect(commandTokens('CLUSTER INFO').map((token) => token.kind)).toEqual(['arg', 'key']);
  });

  it('defines the token fields and the other abbreviations on screen, and the token panel reads the same words', () => {
    for (const word of [
      'jti',
      'fam',
      'kid',
      'alg',
      'typ',
      'iat',
      'nbf',
      'exp',
      'sub',
      'aud',
      'iss',
      'TTL',
      'EX',
      'zset',
      'hash slot',
      'hash tag',
    ])
      expect(definitionOf(word), word).toMatch(/\w{3,}/);
    for (const [name, words] of Object.entries(CLAIM_WORDS))
      expect(GLOSSARY[name as keyof typeof GLOSSARY]).toBe(words);
    expect(definitionOf('toString')).toBeUndefined();
    expect(definitionOf('HSET')).toBeUndefined();
  });
});

describe('the time to live a command line sets', () => {
  it('is read after PX (ms) and EX (s), and from PEXPIRE’s argument; nowhere else', () => {
    const at = (line: string, word: string) => {
      const tokens = commandTokens(line);
      return ttlSetBy(
        tokens,
        tokens.findIndex((token) => token.text === word),
      );
    };
    expect(at(`SET sl:sess:a '{}' PX 1800000 XX`, 'PX')).toBe(1_800_000);
    expect(at('SET k v EX 10', 'EX')).toBe(10_000);
    expect(at('PEXPIRE sl:throttle:ip:1 300000 NX', 'PEXPIRE')).toBe(300_000);
    expect(at('PEXPIRE sl:throttle:ip:1 300000 NX', 'NX')).toBeNull();
    expect(at('SET k v', 'SET')).toBeNull();
  });
});
