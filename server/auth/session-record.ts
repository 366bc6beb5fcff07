import type { SessionState } from '../../shared/api/session.ts';

/**
 * What `sl:sess:{sid}` holds, as compact, readable JSON: who (`uid`, and the account's key `acct`), where the login stands (`state`),
 * when it began (`created`), was last used (`seen`) and must end however active (`until`), all epoch
 * ms; whether MFA was verified (`mfa`); the browser (`ua`, a short summary) and address (`ip`); and whether the
 * learner ticked Remember me (`remember`).
 * The CSRF token is not stored: it is derived from the session id.
 */
export interface SessionRecord {
  uid: number;
  /** The account's key (accounts-schema.ts): the session opens only the account it was made for. */
  acct: string;
  state: SessionState;
  created: number;
  seen: number;
  until: number;
  mfa: boolean;
  ua: string;
  ip: string;
  /**
   * Remember me: a persistent cookie, and a record, that live until `until` (login + `--remember-me-ttl`) with no
   * idle timeout. `false` (or absent, in a record written before it existed): a browser-session cookie and the idle
   * and absolute lifetimes. Renewals and the MFA step keep it, so the cookie keeps its kind.
   */
  remember?: boolean;
  /** Hash of the user agent and/or address the session is bound to, when binding is on. */
  fp?: string;
  /** A TOTP secret being set up, until its first code is verified: sealed (`v1.<iv>.<ciphertext>`, see sealed-secret.ts), never in the clear. */
  totpSetup?: string;
}

/** koa-session's own bookkeeping, which the TTL already says: never written to the store. */
const KOA_SESSION_FIELDS = new Set(['_expire', '_maxAge', '_session']);

/** The record as stored: without koa-session's bookkeeping fields. */
export function storedJson(record: SessionRecord): string {
  return JSON.stringify(record, (key, value: unknown) => (KOA_SESSION_FIELDS.has(key) ? undefined : value));
}

/**
 * How long the session cookie of `record` lives, for `ctx.cookies.set`'s `maxAge`: a remembered session's until its
 * end (a persistent cookie, with `Expires`); otherwise undefined, a browser-session cookie the browser drops when it
 * closes (the server-side idle and absolute lifetimes still end it sooner).
 */
export function cookieLifetimeOf(
  record: Pick<SessionRecord, 'remember' | 'until'> | null,
  now: number,
): number | undefined {
  return record?.remember === true ? Math.max(1, record.until - now) : undefined;
}

/** Whether a value read from the store is a session record this server wrote. */
export function isSessionRecord(value: unknown): value is SessionRecord {
  const record = value as Partial<SessionRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.uid === 'number' &&
    (record.state === 'active' || record.state === 'mfa_pending') &&
    typeof record.created === 'number' &&
    typeof record.seen === 'number' &&
    typeof record.until === 'number'
  );
}
