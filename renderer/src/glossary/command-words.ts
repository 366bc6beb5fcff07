import { COMMAND_WORDS, OPTION_WORDS } from './glossary.ts';

/** One piece of a redis-cli line: the command, the key, an option the glossary explains, or any other argument. */
export interface CommandToken {
  kind: 'command' | 'key' | 'option' | 'arg';
  /** The text as the line shows it (quotes included). */
  text: string;
}

/**
 * The milliseconds a word of the line sets, where it sets a time to live: after `PX` (and `EX`, in seconds), or
 * `PEXPIRE`'s own argument; null elsewhere.
 */
export function ttlSetBy(tokens: CommandToken[], index: number): number | null {
  const token = tokens[index];
  const numberAt = (at: number) => {
    const text = tokens[at]?.text ?? '';
    return /^-?\d+$/.test(text) ? Number(text) : null;
  };
  if (token?.kind === 'option' && token.text === 'PX') return numberAt(index + 1);
  if (token?.kind === 'option' && token.text === 'EX') {
    const seconds = numberAt(index + 1);
    return seconds === null ? null : seconds * 1_000;
  }
  if (token?.kind === 'command' && token.text === 'PEXPIRE') return numberAt(index + 2);
  return null;
}

/** Where each command's options start (after `SET key value`, `PEXPIRE key ms`, `ZRANGE key start stop`); the others take none. */
const OPTIONS_FROM: Partial<Record<string, number>> = { SET: 3, PEXPIRE: 3, ZRANGE: 4 };

/** The arguments of a redis-cli line as it quotes them (bare, '…' or "…" with backslash escapes), text kept as shown. */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i += 1;
      continue;
    }
    const start = i;
    const quote = line[i] === "'" || line[i] === '"' ? line[i] : null;
    if (quote) {
      i += 1;
      while (i < line.length && line[i] !== quote) i += quote === '"' && line[i] === '\\' ? 2 : 1;
      i += 1;
    } else {
      while (i < line.length && line[i] !== ' ') i += 1;
    }
    args.push(line.slice(start, Math.min(i, line.length)));
  }
  return args;
}

/**
 * A redis-cli line in pieces: the command word and the options the glossary explains are marked, so the window can
 * gloss them; an option is only looked for where the command takes one (a value that happens to read `NX` is a value).
 */
export function commandTokens(line: string): CommandToken[] {
  const args = splitCommandLine(line);
  // A command with a subcommand (`CLUSTER KEYSLOT key`) is one word of the glossary.
  if (args.length > 1 && Object.hasOwn(COMMAND_WORDS, `${args[0]} ${args[1]}`))
    args.splice(0, 2, `${args[0]} ${args[1]}`);
  const [name = '', ...rest] = args;
  const optionsFrom = OPTIONS_FROM[name] ?? Number.POSITIVE_INFINITY;
  return [
    { kind: Object.hasOwn(COMMAND_WORDS, name) ? 'command' : 'arg', text: name },
    ...rest.map((text, index): CommandToken => {
      if (index === 0) return { kind: 'key', text };
      return { kind: index + 1 >= optionsFrom && Object.hasOwn(OPTION_WORDS, text) ? 'option' : 'arg', text };
    }),
  ];
}
