/**
 * Cracking an HS256/384/512 token's secret with a wordlist: each candidate's HMAC over the token's signing input,
 * compared with its signature. Pure and WebCrypto-only, so the Web Worker runs it and the unit tests run it as is.
 */
import { fromBase64, sameBytes } from '../debugger/bytes.ts';
import { decodeSegmentJson, splitToken, type PartResult } from '../debugger/jwt-parts.ts';
import { isHmac } from '../debugger/jwt-signing.ts';

/** What a candidate secret is tested against: the token's signing input, its signature, and the HMAC's hash. */
export interface CrackTarget {
  alg: 'HS256' | 'HS384' | 'HS512';
  signingInput: Uint8Array<ArrayBuffer>;
  signature: Uint8Array<ArrayBuffer>;
}

/** The crack's target in a token; an error in words when it is not an HMAC-signed token. */
export function crackTarget(token: string): PartResult<CrackTarget> {
  const segments = splitToken(token);
  if (!segments.ok) return segments;
  const header = decodeSegmentJson(segments.value.header);
  if (!header.ok) return { ok: false, error: `Header: ${header.error}` };
  const alg = String(header.value.alg);
  if (!isHmac(alg))
    return {
      ok: false,
      error: `The token is signed with ${alg}: a wordlist cracks only a shared secret (HS256, HS384, HS512)`,
    };
  const signature = fromBase64(segments.value.signature);
  if (!signature || signature.length === 0) return { ok: false, error: 'The token carries no signature to test' };
  const signingInput = new TextEncoder().encode(`${segments.value.header}.${segments.value.payload}`);
  return { ok: true, value: { alg, signingInput, signature } };
}

/** The candidates in a wordlist's text: one per line, a trailing CR dropped, empty lines and repeats left out. */
export function parseWordlist(text: string): string[] {
  const words = new Set<string>();
  for (const line of text.split('\n')) {
    const word = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (word !== '') words.add(word);
  }
  return [...words];
}

/** Whether `candidate` (as UTF-8) is the secret the token was signed with. */
export async function isSecret(target: CrackTarget, candidate: string): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(candidate),
    { name: 'HMAC', hash: `SHA-${target.alg.slice(2)}` },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, target.signingInput));
  return sameBytes(mac, target.signature);
}

/**
 * Tries the words in order and answers the secret, or null when none is it. `report(tried, current)` is called every
 * `every` words and once at the end, so a worker can post its progress without flooding the page.
 */
export async function crack(
  target: CrackTarget,
  words: readonly string[],
  report: (tried: number, current: string) => void,
  every = 50,
): Promise<string | null> {
  for (const [index, word] of words.entries()) {
    if (await isSecret(target, word)) {
      report(index + 1, word);
      return word;
    }
    if ((index + 1) % every === 0) report(index + 1, word);
  }
  report(words.length, words.at(-1) ?? '');
  return null;
}
