/**
 * Compiles a Redis glob (the MATCH of SCAN and KEYS: `*`, `?`, `[abc]`, `[^a]`, `[a-z]`, `\x`) into a
 * RegExp matching whole keys, so the embedded store filters exactly as Redis does.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else if (char === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (char === '[') {
      const end = findClassEnd(pattern, i);
      if (end === -1) {
        source += '\\[';
        continue;
      }
      source += compileClass(pattern.slice(i + 1, end));
      i = end;
    } else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, 'u');
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

function findClassEnd(pattern: string, open: number): number {
  for (let i = open + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

function compileClass(body: string): string {
  const negate = body.startsWith('^');
  let out = '';
  for (let i = negate ? 1 : 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === '\\' && i + 1 < body.length) out += escapeClassChar(body[++i]!);
    else if (body[i + 1] === '-' && i + 2 < body.length) {
      const [from, to] = [char, body[i + 2]!].sort();
      out += `${escapeClassChar(from!)}-${escapeClassChar(to!)}`;
      i += 2;
    } else out += escapeClassChar(char);
  }
  return negate ? `[^${out}]` : `[${out}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClassChar(char: string): string {
  return /[\\\]^[-]/.test(char) ? `\\${char}` : char;
}
