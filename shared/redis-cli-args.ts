// redis-cli's own way of splitting a typed line into arguments (`sdssplitargs` in Redis' src/sds.c), so the console
// reads a line exactly as redis-cli would: spaces separate; "double quotes" take \n \r \t \b \a, \" \\ and \xHH
// (a byte); 'single quotes' are literal but for \'; a closing quote must be followed by a space or the end.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
const ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, b: 0x08, a: 0x07 };
const HEX = /^[0-9a-fA-F]{2}$/;

/** Whitespace as C's isspace() sees it. */
function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === '\v' || char === '\f';
}

/**
 * Splits one line as redis-cli does. Answers the arguments (an empty list for a blank line), or null when the quotes
 * are unbalanced or a closing quote is not followed by a space (redis-cli answers `Invalid argument(s)`). `\xHH`
 * escapes are bytes: the argument is those bytes read as UTF-8.
 */
export function splitRedisArgs(line: string): string[] | null {
  const args: string[] = [];
  const chars = [...line];
  let i = 0;
  for (;;) {
    while (isSpace(chars[i])) i++;
    if (i >= chars.length) return args;
    const bytes: number[] = [];
    const push = (char: string) => bytes.push(...encoder.encode(char));
    let quote: '"' | "'" | null = null;
    let done = false;
    while (!done) {
      const char = chars[i];
      if (quote === '"') {
        if (char === undefined) return null;
        const next = chars[i + 1];
        if (char === '\\' && next === 'x' && HEX.test(`${chars[i + 2] ?? ''}${chars[i + 3] ?? ''}`)) {
          bytes.push(parseInt(`${chars[i + 2]}${chars[i + 3]}`, 16));
          i += 3;
        } else if (char === '\\' && next !== undefined) {
          if (ESCAPES[next] !== undefined) bytes.push(ESCAPES[next]);
          else push(next);
          i++;
        } else if (char === '"') {
          if (chars[i + 1] !== undefined && !isSpace(chars[i + 1])) return null;
          done = true;
        } else push(char);
      } else if (quote === "'") {
        if (char === undefined) return null;
        if (char === '\\' && chars[i + 1] === "'") {
          push("'");
          i++;
        } else if (char === "'") {
          if (chars[i + 1] !== undefined && !isSpace(chars[i + 1])) return null;
          done = true;
        } else push(char);
      } else if (char === undefined || isSpace(char)) {
        done = true;
        i--;
      } else if (char === '"' || char === "'") quote = char;
      else push(char);
      i++;
    }
    args.push(decoder.decode(new Uint8Array(bytes)));
  }
}
