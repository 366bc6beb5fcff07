import type { SessionState } from '../../shared/api/session.ts';

/**
 * What `sl:sess:{sid}` holds, as readable JSON: who, since when, until when, and the CSRF token.
 * `_expire` and `_maxAge` are koa-session's own bookkeeping.
 */
export interface SessionRecord {
  uid: number;
  state: SessionState;
  createdAt: number;
  lastSeenAt: number;
  absoluteExpiresAt: number;
  mfaVerified: boolean;
  csrf: string;
  ua: string;
  ip: string;
  /** Hash of the user agent and/or address the session is bound to, when binding is on. */
  fp?: string;
  /** A TOTP secret being set up, until its first code is verified. */
  mfaSetupSecret?: string;
  _expire?: number;
  _maxAge?: number;
}

/** Whether a value read from the store is a session record this server wrote. */
export function isSessionRecord(value: unknown): value is SessionRecord {
  const record = value as Partial<SessionRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.uid === 'number' &&
    (record.state === 'active' || record.state === 'mfa_pending') &&
    typeof record.createdAt === 'number' &&
    typeof record.absoluteExpiresAt === 'number' &&
    typeof record.csrf === 'string'
  );
}
