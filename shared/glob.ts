// Redis' own glob matcher (`stringmatchlen` in src/util.c, Redis 7.0), ported byte for byte over the
// UTF-8 of pattern and key, so the embedded store's SCAN MATCH selects exactly what Redis selects:
// `?` is one byte, ranges compare bytes as C's signed char, an unclosed `[` runs to the pattern's end.

const encoder = new TextEncoder();
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const MAX_NESTING = 1_000;

/** The byte at `i`, or 0 past the end (C's terminating NUL). */
function at(bytes: Uint8Array, i: number): number {
  return i < bytes.length ? bytes[i]! : 0;
}

/** A byte read as C's (signed) char, as Redis compares range bounds. */
function signed(byte: number): number {
  return byte > 127 ? byte - 256 : byte;
}

function match(
  p: Uint8Array,
  pi: number,
  s: Uint8Array,
  si: number,
  state: { skipLonger: boolean },
  nesting: number,
): boolean {
  if (nesting > MAX_NESTING) return false;
  let patternLen = p.length - pi;
  let stringLen = s.length - si;
  while (patternLen > 0 && stringLen > 0) {
    const c = p[pi]!;
    if (c === STAR) {
      while (patternLen > 0 && at(p, pi + 1) === STAR) {
        pi++;
        patternLen--;
      }
      if (patternLen === 1) return true;
      while (stringLen > 0) {
        if (match(p, pi + 1, s, si, state, nesting + 1)) return true;
        if (state.skipLonger) return false;
        si++;
        stringLen--;
      }
      state.skipLonger = true;
      return false;
    } else if (c === QUESTION) {
      si++;
      stringLen--;
    } else if (c === OPEN) {
      pi++;
      patternLen--;
      const not = at(p, pi) === CARET;
      if (not) {
        pi++;
        patternLen--;
      }
      let matched = false;
      for (;;) {
        if (at(p, pi) === BACKSLASH && patternLen >= 2) {
          pi++;
          patternLen--;
          if (at(p, pi) === s[si]) matched = true;
        } else if (at(p, pi) === CLOSE) {
          break;
        } else if (patternLen === 0) {
          pi--;
          patternLen++;
          break;
        } else if (patternLen >= 3 && at(p, pi + 1) === DASH) {
          let start = signed(at(p, pi));
          let end = signed(at(p, pi + 2));
          if (start > end) [start, end] = [end, start];
          const ch = signed(s[si]!);
          pi += 2;
          patternLen -= 2;
          if (ch >= start && ch <= end) matched = true;
        } else if (at(p, pi) === s[si]) {
          matched = true;
        }
        pi++;
        patternLen--;
      }
      if (not) matched = !matched;
      if (!matched) return false;
      si++;
      stringLen--;
    } else {
      if (c === BACKSLASH && patternLen >= 2) {
        pi++;
        patternLen--;
      }
      if (at(p, pi) !== s[si]) return false;
      si++;
      stringLen--;
    }
    pi++;
    patternLen--;
    if (stringLen === 0) {
      while (at(p, pi) === STAR) {
        pi++;
        patternLen--;
      }
      break;
    }
  }
  return patternLen === 0 && stringLen === 0;
}

/** A matcher for a Redis glob (`*`, `?`, `[abc]`, `[^a]`, `[a-z]`, `\x`), with Redis' exact semantics. */
export function globMatcher(pattern: string): (key: string) => boolean {
  const p = encoder.encode(pattern);
  return (key) => match(p, 0, encoder.encode(key), 0, { skipLonger: false }, 0);
}

/** The literal text before the first wildcard: every key the pattern matches starts with it. */
export function literalPrefix(pattern: string): string {
  let prefix = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' || char === '?' || char === '[') break;
    if (char === '\\') {
      if (i + 1 >= pattern.length) break;
      prefix += pattern[++i]!;
    } else prefix += char;
  }
  return prefix;
}
