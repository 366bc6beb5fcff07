import type { KeyStore } from '../store/types.ts';
import { allKeys, CONSOLE_PREFIX, consoleScan, keyspaceInfo } from './console-keyspace.ts';
import { memoryUsage } from './console-memory.ts';
import { expireArgs, scanOptions, setOptions } from './console-options.ts';
import { reply, type Reply } from './console-reply.ts';
import { SORTED_SET_COMMANDS } from './console-sorted-set.ts';

/** KEYS answers at most this many keys (then says how many it left out). */
const KEYS_SHOWN = 1_000;

/** One command the console runs: its syntax and what it does (for HELP), its arity as Redis counts it, and its run. */
export interface ConsoleCommand {
  syntax: string;
  summary: string;
  /** How many arguments after the name: at least `min`, at most `max` (undefined: any number). */
  min: number;
  max?: number;
  /** Indexes of the arguments that are keys (all from `keysFrom` on, when set). */
  keys?: number[];
  keysFrom?: number;
  run(store: KeyStore, args: string[]): Promise<Reply | Reply[]>;
}

const ttlInSeconds = (pttl: number) => (pttl < 0 ? pttl : Math.floor((pttl + 500) / 1_000));

async function expire(store: KeyStore, name: 'expire' | 'pexpire', args: string[]): Promise<Reply> {
  const { ms, when } = expireArgs(name, args[1]!, args.slice(2));
  return reply.integer(await store.pexpire(args[0]!, ms, when));
}

/** The commands the console runs, by upper-case name. */
export const CONSOLE_COMMANDS: Record<string, ConsoleCommand> = {
  GET: {
    syntax: 'GET key',
    summary: 'the value of a string key',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.bulk(await store.get(key!)),
  },
  SET: {
    syntax: 'SET key value [NX|XX] [EX seconds|PX milliseconds|KEEPTTL]',
    summary: 'writes a string (EX runs as PX: the store counts in milliseconds)',
    min: 2,
    keys: [0],
    run: async (store, [key, value, ...options]) =>
      (await store.set(key!, value!, setOptions(options))) ? reply.ok() : reply.bulk(null),
  },
  DEL: {
    syntax: 'DEL key [key …]',
    summary: 'deletes keys; answers how many existed',
    min: 1,
    keysFrom: 0,
    run: async (store, keys) => reply.integer(await store.del(...keys)),
  },
  EXISTS: {
    syntax: 'EXISTS key [key …]',
    summary: 'how many of the keys exist',
    min: 1,
    keysFrom: 0,
    run: async (store, keys) =>
      reply.integer((await Promise.all(keys.map((key) => store.exists(key)))).filter(Boolean).length),
  },
  TTL: {
    syntax: 'TTL key',
    summary: 'seconds left (-1: no TTL, -2: no key)',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.integer(ttlInSeconds(await store.pttl(key!))),
  },
  PTTL: {
    syntax: 'PTTL key',
    summary: 'milliseconds left (-1: no TTL, -2: no key)',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.integer(await store.pttl(key!)),
  },
  EXPIRE: {
    syntax: 'EXPIRE key seconds [NX|XX|GT|LT]',
    summary: 'sets a TTL in seconds (runs as PEXPIRE)',
    min: 2,
    keys: [0],
    run: (store, args) => expire(store, 'expire', args),
  },
  PEXPIRE: {
    syntax: 'PEXPIRE key milliseconds [NX|XX|GT|LT]',
    summary: 'sets a TTL in milliseconds; 0 or less deletes the key',
    min: 2,
    keys: [0],
    run: (store, args) => expire(store, 'pexpire', args),
  },
  PERSIST: {
    syntax: 'PERSIST key',
    summary: 'removes the TTL',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.integer(await store.persist(key!)),
  },
  TYPE: {
    syntax: 'TYPE key',
    summary: 'string, set, zset (a sorted set) or none',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.status(await store.type(key!)),
  },
  SCAN: {
    syntax: 'SCAN cursor [MATCH pattern] [COUNT count]',
    summary: 'a page of keys and the cursor to go on with (0: done)',
    min: 1,
    run: async (store, [cursor, ...options]) => {
      const { match, count } = scanOptions(options);
      const page = await consoleScan(store, cursor!, match, count);
      return reply.array([reply.bulk(page.cursor), reply.strings(page.keys)]);
    },
  },
  KEYS: {
    syntax: 'KEYS pattern',
    summary: 'every key matching (here a SCAN to the end)',
    min: 1,
    max: 1,
    run: async (store, [pattern]) => {
      const keys = await allKeys(store, pattern!);
      const warning = reply.raw(
        '(warning) KEYS walks the whole keyspace in one go and Redis answers nobody else meanwhile: on a real store use SCAN. Here it runs as SCAN to the end.',
      );
      const shown = reply.strings(keys.slice(0, KEYS_SHOWN));
      return keys.length > KEYS_SHOWN
        ? [warning, shown, reply.raw(`(… and ${keys.length - KEYS_SHOWN} more: use SCAN)`)]
        : [warning, shown];
    },
  },
  SMEMBERS: {
    syntax: 'SMEMBERS key',
    summary: "a set's members (sorted here)",
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.strings(await store.smembers(key!)),
  },
  SCARD: {
    syntax: 'SCARD key',
    summary: 'how many members a set has',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.integer(await store.scard(key!)),
  },
  SISMEMBER: {
    syntax: 'SISMEMBER key member',
    summary: 'whether the member is in the set (read as SMEMBERS)',
    min: 2,
    max: 2,
    keys: [0],
    run: async (store, [key, member]) => reply.integer((await store.smembers(key!)).includes(member!)),
  },
  SADD: {
    syntax: 'SADD key member [member …]',
    summary: 'adds members; answers how many were new',
    min: 2,
    keys: [0],
    run: async (store, [key, ...members]) => reply.integer(await store.sadd(key!, ...members)),
  },
  SREM: {
    syntax: 'SREM key member [member …]',
    summary: 'removes members (an emptied set goes)',
    min: 2,
    keys: [0],
    run: async (store, [key, ...members]) => reply.integer(await store.srem(key!, ...members)),
  },
  ...SORTED_SET_COMMANDS,
  INCR: {
    syntax: 'INCR key',
    summary: 'adds 1 to a counter',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.integer(await store.incr(key!)),
  },
  MEMORY: {
    syntax: 'MEMORY USAGE key',
    summary: "bytes the key takes in Redis (the embedded store: the value's bytes, labelled)",
    min: 2,
    max: 2,
    run: memoryUsage,
  },
  DBSIZE: {
    syntax: 'DBSIZE',
    summary: 'how many sl: keys there are',
    min: 0,
    max: 0,
    run: async (store) => reply.integer((await allKeys(store, `${CONSOLE_PREFIX}*`)).length),
  },
  INFO: {
    syntax: 'INFO keyspace',
    summary: 'keys, keys with a TTL and their average TTL (ms), counted over the sl: keys',
    min: 0,
    max: 1,
    run: async (store, [section]) =>
      section === undefined || section.toLowerCase() === 'keyspace'
        ? reply.raw(await keyspaceInfo(store))
        : reply.error(`ERR this console answers INFO keyspace only, not INFO ${section}`),
  },
  PING: {
    syntax: 'PING [message]',
    summary: 'PONG',
    min: 0,
    max: 1,
    run: async (_store, [message]) => (message === undefined ? reply.status('PONG') : reply.bulk(message)),
  },
  HELP: {
    syntax: 'HELP [command]',
    summary: 'this list',
    min: 0,
    max: 1,
    run: async (_store, [name]) => reply.raw(help(name)),
  },
};

/** The answer to HELP: every command with its syntax, or one. */
function help(name?: string): string {
  const one = name === undefined ? undefined : CONSOLE_COMMANDS[name.toUpperCase()];
  if (name !== undefined && !one) return `No help for '${name}': this console runs ${supportedList()}.`;
  const entries = one ? [one] : Object.values(CONSOLE_COMMANDS);
  const lines = entries.map((command) => `  ${command.syntax}\n      ${command.summary}`);
  if (one) return lines.join('\n');
  return [
    "This console runs redis-cli commands on the store the server is using, over Session Lab's keys (sl:…).",
    'Quote arguments as redis-cli does: "a b\\n" (with \\n \\" \\\\ \\xHH escapes) or \'a b\' (literal).',
    'Changes go through the store: the command log shows them as from the inspector.',
    '',
    ...lines,
  ].join('\n');
}

/** The names of the commands the console runs, for its answer to an unknown command. */
export function supportedList(): string {
  return Object.keys(CONSOLE_COMMANDS).sort().join(', ');
}
