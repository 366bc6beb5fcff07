import type { Accounts } from '../accounts/accounts.ts';
import type { SessionCipher } from '../auth/session-cipher.ts';
import { readStoredRecord } from '../auth/session-record.ts';
import type { SessionLifetimes } from '../auth/session-registry.ts';
import { plainSessionValue } from './encrypted-record.ts';

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** Who a record names: the account, when it is still the one the record was made for. */
function userOf(uid: number, acct: string | undefined, accounts: Accounts): Record<string, unknown> {
  const user = accounts.findAccount(uid, acct);
  if (user) return { id: user.id, username: user.username, role: user.role };
  return { id: uid, account: accounts.findById(uid) ? 'not the account this was made for' : 'deleted' };
}

/** What a key the app writes means, for the inspector's detail view (an encrypted session as decrypted); null for keys it does not know. */
export function decodeAppKey(
  key: string,
  raw: string,
  accounts: Accounts,
  lifetimes: Pick<SessionLifetimes, 'idleTtlMs'>,
  cipher?: SessionCipher,
): Record<string, unknown> | null {
  const [, kind, ...rest] = key.split(':');
  const id = rest.join(':');
  if (kind === 'sess') {
    const stored = readStoredRecord(plainSessionValue(key, raw, cipher));
    if (!stored) return null;
    const { record } = stored;
    return {
      kind: 'session',
      user: userOf(record.uid, record.acct, accounts),
      state: record.state,
      created: record.created,
      lastActivity: record.seen,
      idleExpiresAt:
        record.remember === true ? record.until : Math.min(record.seen + lifetimes.idleTtlMs, record.until),
      absoluteExpiresAt: record.until,
      remember: record.remember === true,
      mfaVerified: record.mfa,
      format: stored.format,
    };
  }
  if (kind === 'denylist') return { kind: 'denylist', jti: id, tokenExpiresAt: Number(raw) * 1_000 };
  if (kind === 'refresh') {
    const record = parse(raw) as {
      uid?: number;
      acct?: string;
      family?: string;
      parent?: string | null;
      created?: number;
      until?: number;
    } | null;
    if (!record || typeof record.uid !== 'number') return null;
    return {
      kind: 'refresh',
      user: userOf(record.uid, record.acct, accounts),
      family: record.family,
      parent: record.parent,
      created: record.created,
      familyExpiresAt: record.until,
    };
  }
  if (kind === 'throttle')
    return { kind: 'throttle', counts: rest[0], of: rest.slice(1).join(':'), attempts: Number(raw) };
  return null;
}
