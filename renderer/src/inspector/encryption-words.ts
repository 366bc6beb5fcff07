import type { SealResponse, ServerSees, TamperResponse } from '../../../shared/api/inspector.ts';

/** What an encrypted session record's refusal means, in plain words, by its code. */
export function refusalWords(code: string): string {
  if (code === 'SESSION_KEY_UNKNOWN')
    return 'The server no longer holds the key this record was encrypted with, so it cannot read it.';
  return 'The server cannot decrypt this record: its authentication tag no longer matches (a byte was changed, or the value was copied from another session).';
}

/** The sentence over the two values: which key, and what the server does with it. */
export function encryptedSummary(sees: ServerSees): string {
  const key = sees.kid ? `key ${sees.kid}` : 'a key it does not name';
  return sees.error
    ? `Encrypted with ${key}. The store still holds it, but the server refuses to read it (beside).`
    : `Encrypted with ${key}. The store, the command log and the console hold only the ciphertext; the server decrypts it with its key at every request.`;
}

/** What the tamper action did, and what comes next. */
export function tamperWords(result: TamperResponse): string {
  return `Byte ${result.byte.index} of the ciphertext (marked in it above) changed from ${result.byte.before} to ${result.byte.after} (its time to live kept). The cookie panel asked the server again: it answers 401 SESSION_UNREADABLE, because the server cannot verify the record, so it no longer trusts it. The record itself stays in the store (and is still counted there) until its time to live runs out.`;
}

/** "5 s": a renewal interval in words. */
const interval = (ms: number) =>
  ms < 1_000 ? `${ms} ms` : ms < 120_000 ? `${Math.round(ms / 1_000)} s` : `${Math.round(ms / 60_000)} min`;

/**
 * When a record written the other way changes: sessions are written at login, at the MFA step, and when a request
 * renews one (at most once per renewal interval, `--session-touch`); a remembered session is renewed the same way.
 */
export function pendingWords(encrypted: boolean, touchMs: number | null): string {
  const renewal =
    touchMs === null
      ? 'when a request renews it'
      : `when a request renews it, which happens at most once every ${interval(touchMs)} (--session-touch): a reload sooner than that rewrites nothing`;
  return `This record stays ${encrypted ? 'encrypted' : 'plain'} until its session is written again: at a new login, or ${renewal}.`;
}

/** What the "encrypt this record now" action did. */
export function sealWords(result: SealResponse): string {
  return `Encrypted now with key ${result.kid}: one SET … KEEPTTL XX rewrote the record (see the command log), its time to live kept. The session goes on working: the server decrypts it at every request.`;
}

/**
 * Where byte `index` of the ciphertext lies in the stored envelope's text: the base64url characters of the `ct`
 * field that encode it (two of them; each character carries six bits), or null when the value has no such field.
 */
export function flippedSpan(stored: string, index: number): { start: number; end: number } | null {
  const field = /"ct":\s*"/.exec(stored);
  if (!field || index < 0) return null;
  const from = field.index + field[0].length;
  const close = stored.indexOf('"', from);
  const first = Math.floor(index / 3) * 4 + (index % 3);
  const start = from + first;
  const end = start + 2;
  return close < 0 || end > close ? null : { start, end };
}

/** The `ct` field of a stored envelope (compact or pretty-printed), or null. */
export function ciphertextOf(value: string): string | null {
  try {
    const ct = (JSON.parse(value) as { ct?: unknown }).ct;
    return typeof ct === 'string' ? ct : null;
  } catch {
    return null;
  }
}
