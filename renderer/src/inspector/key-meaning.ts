import { whenText } from '../panels/claim-words.ts';
import { rememberWords } from '../panels/remember-words.ts';

/** One line of a key's "What it means": the field, its value in words, and what it is for. */
export interface MeaningRow {
  /** The field's name in the server's JSON (`idleExpiresAt`). */
  field: string;
  /** The field in words ("Idle expiry"). */
  label: string;
  /** Where the value is in the stored record, when its names are short (a compact session record: `c + l`). */
  stored?: string;
  value: string;
  meaning: string;
}

type Words = {
  label: string;
  meaning: string;
  /** The value in words; `decoded` is the whole key, for a field whose words need another. */
  value?: (raw: unknown, now: number, decoded: Record<string, unknown>) => string;
  /** What it is for, when that depends on the rest of the key (a remembered session has no idle limit). */
  meaningOf?: (decoded: Record<string, unknown>) => string;
};

const when = (raw: unknown, now: number) => (typeof raw === 'number' ? whenText(raw / 1_000, now) : String(raw));

function userText(raw: unknown): string {
  const user = raw as { id?: unknown; username?: unknown; role?: unknown; account?: unknown } | null;
  if (!user || typeof user !== 'object') return String(raw);
  if (typeof user.username === 'string')
    return `${user.username} (user id ${String(user.id)}, role ${String(user.role)})`;
  return `user id ${String(user.id)}: ${String(user.account ?? 'unknown')}`;
}

const KINDS: Record<string, string> = {
  session: 'a cookie session',
  denylist: 'a logged-out token on the denylist',
  refresh: 'a refresh token',
  throttle: 'a counter of login attempts',
};

const THROTTLE_COUNTS: Record<string, string> = {
  user: 'login attempts for one username',
  ip: 'login attempts from one address',
  mfa: 'MFA code attempts for one user',
};

/** Each decoded field of a session stored in the compact form (version 2): the short names it is read from. */
const COMPACT_SESSION: Record<string, string> = {
  user: 'u, a',
  state: 's',
  created: 'c',
  lastActivity: 'c + l',
  absoluteExpiresAt: 'c + e',
  remember: 'r',
  mfaVerified: 'm',
  format: 'v',
};

/** The words for each field the server's key decoder gives (server/inspector/decode-key.ts). */
const FIELDS: Record<string, Words> = {
  kind: { label: 'Kind', meaning: 'what this key is for', value: (raw) => KINDS[String(raw)] ?? String(raw) },
  user: { label: 'User', meaning: 'whose it is (the account it was made for)', value: userText },
  state: {
    label: 'Login state',
    meaning: 'where the login stands',
    value: (raw) =>
      raw === 'active' ? 'signed in' : raw === 'mfa_pending' ? 'password right, waiting for the MFA code' : String(raw),
  },
  created: { label: 'Created', meaning: 'when the login (or the rotation) made it', value: when },
  lastActivity: {
    label: 'Last used',
    meaning: 'the last request that used it; each one renews the idle expiry',
    value: when,
  },
  idleExpiresAt: {
    label: 'Idle expiry',
    meaning: 'it ends here unless a request uses it before (the key’s TTL); never later than the absolute expiry',
    value: (raw, now, decoded) =>
      decoded.remember === true
        ? `none: remembered, the key lives to the absolute expiry, ${when(raw, now)}`
        : when(raw, now),
    meaningOf: (decoded) =>
      decoded.remember === true
        ? 'this login chose “remember me”, which has no idle limit: it does not end for lack of use, only at the absolute expiry (the key’s TTL is set there)'
        : 'it ends here unless a request uses it before (the key’s TTL); never later than the absolute expiry',
  },
  absoluteExpiresAt: {
    label: 'Absolute expiry',
    meaning: 'it ends here however much it is used',
    value: when,
  },
  remember: {
    label: 'Remember me',
    meaning: 'which kind of cookie the browser keeps: one that outlives closing the browser, or one that ends with it',
    value: (raw, _now, decoded) => {
      if (typeof raw !== 'boolean') return String(raw);
      const lifetime = Number(decoded.absoluteExpiresAt) - Number(decoded.created);
      const words = rememberWords(raw, lifetime);
      return `${raw ? 'yes,' : 'no:'} ${words.plain} (${words.detail})`;
    },
  },
  mfaVerified: {
    label: 'MFA checked',
    meaning: 'whether this login gave its second factor (a TOTP code)',
    value: (raw) => (raw === true ? 'yes' : raw === false ? 'no' : String(raw)),
  },
  format: {
    label: 'Stored form',
    meaning: 'each row above names the field it is stored in; no s: signed in; no m or r: no',
    value: (raw) =>
      raw === 2
        ? 'compact (v 2): short names, times in ms after c, defaults left out, as each byte is paid per live session'
        : raw === 1
          ? 'long names (written before the compact form; stored compact at its next write)'
          : String(raw),
  },
  jti: {
    label: 'Token id (jti)',
    meaning: 'the id of the access token that logged out: a token carrying it is refused while this key lives',
  },
  tokenExpiresAt: {
    label: 'Token expiry',
    meaning: 'when that token expires anyway: the key’s TTL ends then, as there is nothing left to refuse',
    value: when,
  },
  family: {
    label: 'Family (fam)',
    meaning: 'the login its refresh tokens belong to; a logout revokes the whole family',
  },
  parent: {
    label: 'Replaces',
    meaning: 'the refresh token it was rotated from (each refresh gives a new one)',
    value: (raw) => (raw === null || raw === undefined ? 'none: the first of its family' : String(raw)),
  },
  familyExpiresAt: {
    label: 'Family expiry',
    meaning: 'the family ends here, however often it rotates',
    value: when,
  },
  counts: {
    label: 'Counts',
    meaning: 'what the counter counts',
    value: (raw) => THROTTLE_COUNTS[String(raw)] ?? String(raw),
  },
  of: { label: 'Of', meaning: 'whose attempts (the username, the address or the user id)' },
  attempts: {
    label: 'Attempts',
    meaning: 'attempts since the counter started; past the limit a login gets 429 until the key’s TTL runs out',
  },
};

/** A key's decoded meaning as rows a learner reads, the server's field order kept; a field with no words shows raw. */
export function meaningRows(decoded: Record<string, unknown>, now: number): MeaningRow[] {
  return Object.entries(decoded).map(([field, raw]) => {
    const words = FIELDS[field];
    const value = words?.value ? words.value(raw, now, decoded) : typeof raw === 'string' ? raw : JSON.stringify(raw);
    const meaning = words?.meaningOf ? words.meaningOf(decoded) : (words?.meaning ?? '');
    const stored = decoded.kind === 'session' && decoded.format === 2 ? COMPACT_SESSION[field] : undefined;
    return { field, label: words?.label ?? field, ...(stored ? { stored } : {}), value, meaning };
  });
}

/** Whether every field of `decoded` has words (a test keeps the decoder and the words in step). */
export function hasWordsFor(field: string): boolean {
  return Object.hasOwn(FIELDS, field);
}
