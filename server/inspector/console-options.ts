import type { ExpireCondition, SetOptions } from '../store/types.ts';
import { MAX_TTL_MS } from '../store/validate-op.ts';

/** A console command's argument or option that Redis itself would refuse, with Redis' own words. */
export class ConsoleArgumentError extends Error {}

/** Redis' words for a number it cannot read (`string2ll`: an optional minus, digits, no leading zero, no spaces). */
export const NOT_AN_INTEGER = 'ERR value is not an integer or out of range';

/** An integer argument as Redis reads it. */
export function integerArg(text: string): number {
  if (!/^-?(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new ConsoleArgumentError(NOT_AN_INTEGER);
  return Number(text);
}

/** `SET key value [NX|XX] [EX seconds|PX milliseconds|KEEPTTL]` → the store's options, or Redis' error. */
export function setOptions(args: string[]): SetOptions {
  const options: SetOptions = {};
  let expiry: 'EX' | 'PX' | 'KEEPTTL' | null = null;
  for (let i = 0; i < args.length; i++) {
    const option = args[i]!.toUpperCase();
    if (option === 'NX' && !options.xx) options.nx = true;
    else if (option === 'XX' && !options.nx) options.xx = true;
    else if (option === 'KEEPTTL' && expiry === null) {
      expiry = 'KEEPTTL';
      options.keepTtl = true;
    } else if ((option === 'EX' || option === 'PX') && expiry === null && i + 1 < args.length) {
      expiry = option;
      const amount = integerArg(args[++i]!);
      const ms = option === 'EX' ? amount * 1_000 : amount;
      if (amount <= 0 || ms > MAX_TTL_MS) throw new ConsoleArgumentError("ERR invalid expire time in 'set' command");
      options.px = ms;
    } else if (['GET', 'EXAT', 'PXAT'].includes(option))
      throw new ConsoleArgumentError(`ERR this console's SET takes NX, XX, EX, PX and KEEPTTL, not ${option}`);
    else throw new ConsoleArgumentError('ERR syntax error');
  }
  return options;
}

/** `EXPIRE`/`PEXPIRE key amount [NX|XX|GT|LT]` → milliseconds and the condition, or Redis' error. */
export function expireArgs(
  name: 'expire' | 'pexpire',
  amountText: string,
  conditionArgs: string[],
): { ms: number; when?: ExpireCondition } {
  const amount = integerArg(amountText);
  const ms = name === 'expire' ? amount * 1_000 : amount;
  const conditions = conditionArgs.map((arg) => arg.toUpperCase());
  for (const condition of conditions)
    if (!['NX', 'XX', 'GT', 'LT'].includes(condition))
      throw new ConsoleArgumentError(`ERR Unsupported option ${conditionArgs[conditions.indexOf(condition)]}`);
  if (conditions.includes('NX') && conditions.length > 1)
    throw new ConsoleArgumentError('ERR NX and XX, GT or LT options at the same time are not compatible');
  if (conditions.includes('GT') && conditions.includes('LT'))
    throw new ConsoleArgumentError('ERR GT and LT options at the same time are not compatible');
  if (conditions.length > 1) throw new ConsoleArgumentError('ERR this console takes one of NX, XX, GT or LT at a time');
  if (Math.abs(ms) > MAX_TTL_MS) throw new ConsoleArgumentError(`ERR invalid expire time in '${name}' command`);
  const when = conditions[0] as ExpireCondition | undefined;
  return when ? { ms, when } : { ms };
}

/** `SCAN cursor [MATCH pattern] [COUNT count]` → its options, or Redis' error. */
export function scanOptions(args: string[]): { match: string; count: number } {
  let match = '*';
  let count = 10;
  for (let i = 0; i < args.length; i++) {
    const option = args[i]!.toUpperCase();
    if (i + 1 >= args.length) throw new ConsoleArgumentError('ERR syntax error');
    if (option === 'MATCH') match = args[++i]!;
    else if (option === 'COUNT') {
      count = integerArg(args[++i]!);
      if (count < 1) throw new ConsoleArgumentError('ERR syntax error');
    } else if (option === 'TYPE') throw new ConsoleArgumentError("ERR this console's SCAN takes MATCH and COUNT only");
    else throw new ConsoleArgumentError('ERR syntax error');
  }
  return { match, count: Math.min(count, 10_000) };
}
