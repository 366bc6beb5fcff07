import type { ServerSees, TamperResponse } from '../../../shared/api/inspector.ts';

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
  return `Byte ${result.byte.index} of the ciphertext changed from ${result.byte.before} to ${result.byte.after} (its time to live kept). The next request with this session's cookie answers 401 SESSION_UNREADABLE: the server cannot verify the record, so it no longer trusts it (the record stays until its time to live runs out).`;
}
