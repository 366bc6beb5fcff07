import { describe, expect, it } from 'vitest';
import { formatReply, quoted, reply } from '../../../server/inspector/console-reply.ts';
import { formatScore, rangeOf, scoreArg } from '../../../server/inspector/console-sorted-set.ts';
import { splitRedisArgs } from '../../../shared/redis-cli-args.ts';

describe("the console's argument splitter (redis-cli's sdssplitargs)", () => {
  it.each([
    ['GET sl:a', ['GET', 'sl:a']],
    ['  set   sl:a   b  ', ['set', 'sl:a', 'b']],
    ['', []],
    ['   ', []],
    ['SET sl:a "hello world"', ['SET', 'sl:a', 'hello world']],
    ['SET sl:a "line\\nbreak\\ttab\\r\\a\\b"', ['SET', 'sl:a', 'line\nbreak\ttab\r\x07\b']],
    ['SET sl:a "say \\"hi\\" \\\\ done"', ['SET', 'sl:a', 'say "hi" \\ done']],
    ['SET sl:a "\\x41\\x42"', ['SET', 'sl:a', 'AB']],
    // Bytes, read as UTF-8.
    ['SET sl:a "\\xc3\\xa9t\\xc3\\xa9"', ['SET', 'sl:a', 'été']],
    // \x without two hex digits is an x.
    ['SET sl:a "\\xZ1"', ['SET', 'sl:a', 'xZ1']],
    // An unknown escape is the character itself.
    ['SET sl:a "\\q"', ['SET', 'sl:a', 'q']],
    ["SET sl:a 'it''s'", null],
    ['SET sl:a \'literal \\n "x"\'', ['SET', 'sl:a', 'literal \\n "x"']],
    ["SET sl:a 'it\\'s'", ['SET', 'sl:a', "it's"]],
    ['SET sl:a ""', ['SET', 'sl:a', '']],
    ["SET sl:a ''", ['SET', 'sl:a', '']],
    // A quote inside a word opens a quoted part of that word.
    ['SET sl:a foo"bar baz"', ['SET', 'sl:a', 'foobar baz']],
    // JSON needs single quotes, as in redis-cli: a closing " must end the argument.
    ['{"uid":1}', null],
    ['\'{"uid":1}\'', ['{"uid":1}']],
    ['SET sl:a é€', ['SET', 'sl:a', 'é€']],
  ])('%j → %j', (line, expected) => {
    expect(splitRedisArgs(line)).toEqual(expected);
  });

  it.each(['SET sl:a "open', "SET sl:a 'open", 'SET sl:a "a"b', "SET sl:a 'a'b", 'SET sl:a "trailing\\'])(
    'refuses %j as redis-cli does (Invalid argument(s))',
    (line) => {
      expect(splitRedisArgs(line)).toBeNull();
    },
  );
});

describe("the console's replies, as redis-cli prints them in a terminal", () => {
  it('prints each kind', () => {
    expect(formatReply(reply.ok())).toBe('OK');
    expect(formatReply(reply.integer(1))).toBe('(integer) 1');
    expect(formatReply(reply.integer(true))).toBe('(integer) 1');
    expect(formatReply(reply.integer(-2))).toBe('(integer) -2');
    expect(formatReply(reply.bulk(null))).toBe('(nil)');
    expect(formatReply(reply.bulk('v'))).toBe('"v"');
    expect(formatReply(reply.error('ERR syntax error'))).toBe('(error) ERR syntax error');
    expect(formatReply(reply.strings([]))).toBe('(empty array)');
    expect(formatReply(reply.strings(['a', 'b']))).toBe('1) "a"\n2) "b"');
    expect(formatReply(reply.raw('# Keyspace\n'))).toBe('# Keyspace');
  });

  it('escapes bytes as sdscatrepr does', () => {
    expect(quoted('{"uid":1}')).toBe('"{\\"uid\\":1}"');
    expect(quoted('a\\b\n\r\t\x07\b')).toBe('"a\\\\b\\n\\r\\t\\a\\b"');
    expect(quoted('été')).toBe('"\\xc3\\xa9t\\xc3\\xa9"');
    expect(quoted('\x00\x7f')).toBe('"\\x00\\x7f"');
  });

  it('right-aligns indexes and indents a nested array under its first line', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    expect(formatReply(reply.strings(keys)).split('\n').slice(0, 2)).toEqual([' 1) "k0"', ' 2) "k1"']);
    expect(formatReply(reply.strings(keys)).split('\n').at(-1)).toBe('10) "k9"');
    expect(formatReply(reply.array([reply.bulk('0'), reply.strings(['sl:a', 'sl:b'])]))).toBe(
      '1) "0"\n2) 1) "sl:a"\n   2) "sl:b"',
    );
    expect(formatReply(reply.array([reply.bulk('0'), reply.strings([])]))).toBe('1) "0"\n2) (empty array)');
  });
});

describe("the console's sorted-set scores and ranges, as Redis 7.0 reads and prints them", () => {
  // Each printed form is what a real redis-server 7.0 answered to ZRANGE … WITHSCORES for the score.
  it.each([
    [1733450000000, '1733450000000'],
    [1, '1'],
    [-3, '-3'],
    [0, '0'],
    [-0, '0'],
    [1.5, '1.5'],
    [0.1, '0.10000000000000001'],
    [1e-7, '9.9999999999999995e-08'],
    [0.000001, '9.9999999999999995e-07'],
    [123456789012345680, '1.2345678901234568e+17'],
    [1e21, '1e+21'],
    [1e300, '1.0000000000000001e+300'],
  ])('prints %d as %j (printf %.17g)', (score, printed) => {
    expect(formatScore(score)).toBe(printed);
  });

  it.each([
    ['1733450000000', 1733450000000],
    ['1.', 1],
    ['.5', 0.5],
    ['-2.5e3', -2500],
    ['+7', 7],
    ['-0', 0],
  ])('reads the score %j as %d', (text, score) => {
    expect(Object.is(scoreArg(text), score)).toBe(true);
  });

  // Redis reads 0x10 and inf too; the store keeps finite decimal scores only.
  it.each(['', ' 1', '1 ', 'soon', '1e', 'nan', 'inf', '-inf', '1e400', '1e-400', '0x10', '1,5'])(
    "refuses the score %j with Redis' words",
    (text) => {
      expect(() => scoreArg(text)).toThrow('ERR value is not a valid float');
    },
  );

  it.each([
    [3, 0, -1, [0, 2]],
    [3, -2, -1, [1, 2]],
    [3, 1, 99, [1, 2]],
    [3, -100, 0, [0, 0]],
    [3, 2, 1, null],
    [3, 3, 5, null],
    [0, 0, -1, null],
  ])('slices %d members from %d to %d as Redis does → %j', (length, start, stop, range) => {
    expect(rangeOf(length, start, stop)).toEqual(range);
  });
});
