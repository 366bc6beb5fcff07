import type { ScoredMember } from '../store/types.ts';
import type { ConsoleCommand } from './console-commands.ts';
import { ConsoleArgumentError, integerArg } from './console-options.ts';
import { reply } from './console-reply.ts';

/** Redis' words for a score it cannot read as a float. */
export const NOT_A_FLOAT = 'ERR value is not a valid float';

// What strtod reads in decimal (no spaces, no hex, no inf or nan: the store keeps finite scores only).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A score as Redis reads it (`strtod`, then refused when out of range), finite, or Redis' error. */
export function scoreArg(text: string): number {
  const score = DECIMAL.test(text) ? Number(text) : NaN;
  // 1e-400 underflows to 0 where strtod says ERANGE: Redis refuses it, and so does the console.
  if (!Number.isFinite(score) || (score === 0 && /[1-9]/.test(text.split(/[eE]/)[0]!)))
    throw new ConsoleArgumentError(NOT_A_FLOAT);
  return score + 0; // -0 → 0, as Redis stores it
}

/**
 * A score as Redis 7.0 replies it (`addReplyDouble`: printf's `%.17g`): an integer without a decimal point
 * (`1733450000000`), other values with 17 significant digits (`0.10000000000000001`, `1.5`, `1e+21`).
 */
export function formatScore(score: number): string {
  if (score === 0) return '0';
  if (!Number.isFinite(score)) return score > 0 ? 'inf' : '-inf';
  const [mantissa, exponentText] = score.toExponential(16).split('e') as [string, string];
  const exponent = Number(exponentText);
  const trim = (digits: string) => (digits.includes('.') ? digits.replace(/0+$/, '').replace(/\.$/, '') : digits);
  if (exponent < -4 || exponent >= 17) {
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${trim(mantissa)}e${exponent < 0 ? '-' : '+'}${digits}`;
  }
  return trim(score.toPrecision(17));
}

/** `ZRANGE`'s index range over `length` members, as Redis slices it (negative indexes from the end). */
export function rangeOf(length: number, start: number, stop: number): [number, number] | null {
  const from = Math.max(start < 0 ? length + start : start, 0);
  const to = Math.min(stop < 0 ? length + stop : stop, length - 1);
  return from > to || from >= length ? null : [from, to];
}

/** `ZRANGE key start stop [WITHSCORES]`'s indexes and option, or Redis' error. */
function zrangeArgs(args: string[]): { start: number; stop: number; withScores: boolean } {
  const start = integerArg(args[0]!);
  const stop = integerArg(args[1]!);
  let withScores = false;
  for (const arg of args.slice(2)) {
    const option = arg.toUpperCase();
    if (option === 'WITHSCORES') withScores = true;
    else if (['BYSCORE', 'BYLEX', 'REV', 'LIMIT'].includes(option))
      throw new ConsoleArgumentError(`ERR this console's ZRANGE takes start, stop and WITHSCORES, not ${option}`);
    else throw new ConsoleArgumentError('ERR syntax error');
  }
  return { start, stop, withScores };
}

const flat = (entries: ScoredMember[], withScores: boolean) =>
  reply.strings(entries.flatMap((entry) => (withScores ? [entry.member, formatScore(entry.score)] : [entry.member])));

/** The console's sorted-set commands (Session Lab's index of each user's sessions, scored by login time). */
export const SORTED_SET_COMMANDS: Record<string, ConsoleCommand> = {
  ZRANGE: {
    syntax: 'ZRANGE key start stop [WITHSCORES]',
    summary: 'members from index start to stop, lowest score first (0 -1: all; negative counts from the end)',
    min: 3,
    keys: [0],
    run: async (store, [key, ...rest]) => {
      const { start, stop, withScores } = zrangeArgs(rest);
      const entries = await store.zrange(key!);
      const range = rangeOf(entries.length, start, stop);
      return flat(range ? entries.slice(range[0], range[1] + 1) : [], withScores);
    },
  },
  ZCARD: {
    syntax: 'ZCARD key',
    summary: 'how many members a sorted set has',
    min: 1,
    max: 1,
    keys: [0],
    run: async (store, [key]) => reply.integer(await store.zcard(key!)),
  },
  ZSCORE: {
    syntax: 'ZSCORE key member',
    summary: "a member's score, or nil (read as ZRANGE)",
    min: 2,
    max: 2,
    keys: [0],
    run: async (store, [key, member]) => {
      const found = (await store.zrange(key!)).find((entry) => entry.member === member);
      return reply.bulk(found ? formatScore(found.score) : null);
    },
  },
  ZADD: {
    syntax: 'ZADD key score member',
    summary: 'adds a member with its score, or moves it to a new score; answers 1 when it was new',
    min: 3,
    keys: [0],
    run: async (store, [key, score, member, ...more]) => {
      if (more.length > 0 || /^(NX|XX|GT|LT|CH|INCR)$/i.test(score!))
        throw new ConsoleArgumentError("ERR this console's ZADD takes one score and one member: ZADD key score member");
      return reply.integer(await store.zadd(key!, scoreArg(score!), member!));
    },
  },
  ZREM: {
    syntax: 'ZREM key member [member …]',
    summary: 'removes members (an emptied sorted set goes)',
    min: 2,
    keys: [0],
    run: async (store, [key, ...members]) => reply.integer(await store.zrem(key!, ...members)),
  },
};
