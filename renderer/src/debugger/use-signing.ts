import { useCallback, useMemo, useState } from 'react';
import type { PartResult } from './jwt-parts.ts';
import { prepareKey, signToken, verifyToken, type SigningInput, type SigningKey } from './jwt-signing.ts';
import { useAsyncResult } from './use-async-result.ts';

/** Where the signing area starts: HS256 with an empty secret. */
export const EMPTY_SIGNING_INPUT: SigningInput = { alg: 'HS256', secret: '', encoding: 'text', privateKey: '' };

/** The signing area's key: what the learner typed, and that made ready to use (undefined while it is prepared). */
export function useSigningKey() {
  const [input, setInput] = useState<SigningInput>(EMPTY_SIGNING_INPUT);
  const change = useCallback((next: Partial<SigningInput>) => setInput((current) => ({ ...current, ...next })), []);
  const key = useAsyncResult(input, prepareKey);
  return { input, change, key };
}

/** "Pending" while a signature is being computed; "no-key" while the key area is still empty (not a mistake). */
export type Signed = PartResult<string> | 'pending' | 'no-key';

/** The token signed with the key from the edited header and payload (null when not signing). */
export function useSignedToken(
  headerText: string,
  payloadText: string,
  key: PartResult<SigningKey> | undefined,
  active: boolean,
  /** Whether the key area is still empty: then its own quiet hint says what to give, and this says nothing red. */
  untouched = false,
): Signed | null {
  const request = useMemo(
    () => (active && key ? { headerText, payloadText, key } : null),
    [active, headerText, payloadText, key],
  );
  const signed = useAsyncResult(request, async (r) =>
    r === null ? null : r.key.ok ? signToken(r.headerText, r.payloadText, r.key.value) : (r.key as PartResult<string>),
  );
  if (!active) return null;
  if (key && !key.ok) return untouched ? 'no-key' : { ok: false, error: `The key: ${key.error}` };
  return signed ?? 'pending';
}

/** Whether the token's signature checks out with the key; undefined while checking or without both. */
export function useVerdict(token: string | null, key: PartResult<SigningKey> | undefined): boolean | undefined {
  const request = useMemo(() => (token && key?.ok ? { token, key: key.value } : null), [token, key]);
  const verdict = useAsyncResult(request, async (r) => (r === null ? undefined : verifyToken(r.token, r.key)));
  return request === null ? undefined : verdict;
}
