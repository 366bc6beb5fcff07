import type { WriteOp } from './types.ts';

const BARE = /^[A-Za-z0-9_:.\-+/@=*?#$%&^~!,<>|{}[\]]+$/;

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

// redis-cli reads \' as a quote inside single quotes, so a value ending in a backslash cannot be single-quoted.
function singleQuotable(arg: string): boolean {
  return !arg.includes("'") && !arg.endsWith('\\') && ![...arg].some((char) => isControl(char.codePointAt(0)!));
}

/**
 * Quotes one argument the way redis-cli parses it (its `sdssplitargs`): bare when safe, single-quoted
 * when that is exact (readable JSON), else double-quoted with `\xHH` escapes.
 */
export function quoteArg(arg: string): string {
  if (BARE.test(arg)) return arg;
  if (singleQuotable(arg)) return `'${arg}'`;
  let out = '"';
  for (const char of arg) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (isControl(code)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** `ZRANGE key 0 -1 WITHSCORES`'s arguments after the key: the whole sorted set, with scores (lowest first). */
export const ZRANGE_ALL = [0, -1, 'WITHSCORES'] as const;

/** Joins a command and its arguments into one redis-cli line. */
export function formatCommand(...args: (string | number)[]): string {
  return args.map((arg) => quoteArg(String(arg))).join(' ');
}

/** The Redis command and arguments that perform `op`, as sent on the wire. */
export function argsFor(op: WriteOp): [string, ...(string | number)[]] {
  switch (op.op) {
    case 'set': {
      const args: [string, ...(string | number)[]] = ['SET', op.key, op.value];
      if (op.px !== undefined) args.push('PX', op.px);
      if (op.nx) args.push('NX');
      if (op.xx) args.push('XX');
      if (op.keepTtl) args.push('KEEPTTL');
      return args;
    }
    case 'del':
      return ['DEL', op.key];
    case 'pexpire':
      return op.when ? ['PEXPIRE', op.key, op.ms, op.when] : ['PEXPIRE', op.key, op.ms];
    case 'incr':
      return op.by === undefined || op.by === 1 ? ['INCR', op.key] : ['INCRBY', op.key, op.by];
    case 'persist':
      return ['PERSIST', op.key];
    case 'sadd':
      return ['SADD', op.key, ...op.members];
    case 'srem':
      return ['SREM', op.key, ...op.members];
    case 'zadd':
      return ['ZADD', op.key, ...op.entries.flatMap(({ score, member }) => [score, member])];
    case 'zrem':
      return ['ZREM', op.key, ...op.members];
  }
}

/** The redis-cli command that performs `op`. */
export function commandFor(op: WriteOp): string {
  return formatCommand(...argsFor(op));
}
