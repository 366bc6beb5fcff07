import type { SessionState } from '../../shared/api/session.ts';

/**
 * A session as the server works with it: who (`uid`, and the account's key `acct`), where the login stands (`state`),
 * when it began (`created`), was last used (`seen`) and must end however active (`until`), all epoch ms; whether MFA
 * was verified (`mfa`); the browser (`ua`, a short summary) and address (`ip`); and whether the learner ticked
 * Remember me (`remember`). `sl:sess:{sid}` holds it in the compact form of {@link storedJson}.
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

/** The version marker of the stored form {@link storedJson} writes (`"v":2`); a record without one is the long form. */
export const STORED_FORMAT = 2;

/**
 * The stored form, version 2: short names, times after `c` as offsets, defaults left out (every byte is paid per live
 * session). `v` 2 · `u` user id · `a` account key · `s` state, only while `mfa_pending` (absent: active) · `c`
 * created, epoch ms · `l` last used, ms after `c` · `e` absolute lifetime, ms after `c` (the end, `until`) · `m` 1
 * when MFA was verified · `r` 1 when remembered · `ua`, `ip` · `fp` the binding hash · `totpSetup`, its name
 * kept whole: it is there only while MFA is being set up, until the first code is verified.
 */
interface StoredRecord {
  v: typeof STORED_FORMAT;
  u: number;
  a: string;
  s?: 'mfa_pending';
  c: number;
  l: number;
  e: number;
  m?: 1;
  r?: 1;
  ua: string;
  ip: string;
  fp?: string;
  totpSetup?: string;
}

/** The record as stored: the compact form of version 2, without koa-session's bookkeeping (the TTL says it). */
export function storedJson(record: SessionRecord): string {
  const stored: StoredRecord = {
    v: STORED_FORMAT,
    u: record.uid,
    a: record.acct,
    ...(record.state === 'mfa_pending' ? { s: record.state } : {}),
    c: record.created,
    l: record.seen - record.created,
    e: record.until - record.created,
    ...(record.mfa ? { m: 1 as const } : {}),
    ...(record.remember === true ? { r: 1 as const } : {}),
    ua: record.ua,
    ip: record.ip,
    ...(record.fp !== undefined ? { fp: record.fp } : {}),
    ...(record.totpSetup !== undefined ? { totpSetup: record.totpSetup } : {}),
  };
  return JSON.stringify(stored);
}

/** A stored record read back: the session, and the form it was stored in (1: the long form written before version 2). */
export interface StoredSession {
  record: SessionRecord;
  format: 1 | typeof STORED_FORMAT;
}

/** The session a stored value holds, in either form, or null when it is not a session record this server wrote. */
export function readStoredRecord(json: string): StoredSession | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (!('v' in value)) return isSessionRecord(value) ? { record: value, format: 1 } : null;
  const stored = value as Partial<StoredRecord>;
  if (
    stored.v !== STORED_FORMAT ||
    typeof stored.u !== 'number' ||
    typeof stored.a !== 'string' ||
    (stored.s !== undefined && stored.s !== 'mfa_pending') ||
    typeof stored.c !== 'number' ||
    typeof stored.l !== 'number' ||
    typeof stored.e !== 'number'
  )
    return null;
  const record: SessionRecord = {
    uid: stored.u,
    acct: stored.a,
    state: stored.s ?? 'active',
    created: stored.c,
    seen: stored.c + stored.l,
    until: stored.c + stored.e,
    mfa: stored.m === 1,
    ua: typeof stored.ua === 'string' ? stored.ua : '',
    ip: typeof stored.ip === 'string' ? stored.ip : '',
    remember: stored.r === 1,
  };
  if (typeof stored.fp === 'string') record.fp = stored.fp;
  if (typeof stored.totpSetup === 'string') record.totpSetup = stored.totpSetup;
  return { record, format: STORED_FORMAT };
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

/** Whether a value is a session record in the long form (what `sl:sess:{sid}` held before the stored form's version 2). */
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
