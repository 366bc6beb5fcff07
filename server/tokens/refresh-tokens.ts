import { randomBytes, randomUUID } from 'node:crypto';
import { USER_TAG_LENGTH, userTag } from '../store/cluster-keys.ts';
import type { KeyStore, WriteOp } from '../store/types.ts';
import { RefreshExpiredError, RefreshInvalidError, RefreshReusedError } from './token-errors.ts';
import {
  refreshFamilyKey,
  refreshKey,
  refreshRevokedKey,
  refreshRotatedKey,
  userRefreshFamiliesKey,
} from './token-keys.ts';

/** What `sl:refresh:{id}` holds. */
export interface RefreshRecord {
  uid: number;
  /** The key of the account it was issued for (accounts-schema.ts): it refreshes that account only. */
  acct: string;
  /** The login this token descends from; all its tokens are revoked together. */
  family: string;
  /** The token this one replaced (null for the first). */
  parent: string | null;
  created: number;
  /** When the family ends however often it is rotated (epoch ms): its login plus the refresh max age. */
  until: number;
}

/** The account a refresh token is issued for. */
export interface RefreshAccount {
  id: number;
  accountKey: string;
}

/** What the refresh tokens are built with. */
export interface RefreshTokenOptions {
  /** A token's own lifetime (its key TTL), renewed by each rotation but never past the family's end. */
  ttlMs: number;
  /** A family's absolute lifetime from its login: rotation never extends it. */
  maxAgeMs: number;
  /** How long an access token issued now may still verify (its lifetime plus the clock tolerance): a revoked family's marker outlives them. */
  accessLifetimeMs: () => number;
  now: () => number;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A refresh token id for `uid`: its user's tag (cluster-keys.ts), then 240 random bits in base64url: 43 characters,
 * so a Redis Cluster keeps the token in its user's slot, found from the token alone.
 */
export function newRefreshId(uid: number): string {
  return userTag(uid) + randomBytes(30).toString('base64url');
}

/** A refresh family id for `uid`: a random UUID whose first three hex digits are the user's tag. */
export function newFamilyId(uid: number): string {
  return userTag(uid) + randomUUID().slice(USER_TAG_LENGTH);
}

function isRefreshRecord(value: unknown): value is RefreshRecord {
  const record = value as Partial<RefreshRecord> | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    Number.isSafeInteger(record.uid) &&
    typeof record.acct === 'string' &&
    typeof record.family === 'string' &&
    typeof record.until === 'number'
  );
}

/**
 * Opaque refresh tokens kept in the store (`sl:refresh:{id}`), rotated on every use: the used one is
 * deleted and remembered in `sl:refresh_rotated:{id}`, so presenting it again is recognised as reuse
 * and revokes the whole family (`sl:refresh_family:{family}`). A family ends at its `until` however often it
 * is rotated, and each user's families are listed in `sl:user_refresh:{uid}`, so a password, role or account
 * change can revoke them all.
 */
export class RefreshTokens {
  readonly #store: KeyStore;
  readonly #options: RefreshTokenOptions;

  constructor(store: KeyStore, options: RefreshTokenOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** A new family (a login) for `account`; returns its first token: 256 random bits. */
  async issue(account: RefreshAccount, family: string = newFamilyId(account.id)): Promise<string> {
    const id = newRefreshId(account.id);
    const now = this.#options.now();
    const record: RefreshRecord = {
      uid: account.id,
      acct: account.accountKey,
      family,
      parent: null,
      created: now,
      until: now + this.#options.maxAgeMs,
    };
    const ttl = this.#ttl(record);
    const index = userRefreshFamiliesKey(account.id);
    const familyLeft = record.until - now;
    await this.#store.multi([
      { op: 'set', key: refreshKey(id), value: JSON.stringify(record), px: ttl },
      { op: 'sadd', key: refreshFamilyKey(family), members: [id] },
      { op: 'pexpire', key: refreshFamilyKey(family), ms: ttl },
      // The user's index outlives every family in it: its TTL is raised (never lowered) to the newest family's end.
      { op: 'sadd', key: index, members: [family] },
      { op: 'pexpire', key: index, ms: familyLeft, when: 'NX' },
      { op: 'pexpire', key: index, ms: familyLeft, when: 'GT' },
    ]);
    return id;
  }

  /**
   * Exchanges a refresh token for the next one of its family; reuse revokes the family (401
   * REFRESH_REUSED). `admit` sees the record first (is its account still there, still the same one?);
   * when it throws, the family is revoked and nothing new is issued. The old token's deletion, its rotated
   * marker and the new token are one MULTI, so of two simultaneous uses exactly one wins, and the loser's
   * revocation sees the winner's new token.
   */
  async rotate(
    id: string,
    admit: (record: RefreshRecord) => void = () => {},
  ): Promise<{ token: string; record: RefreshRecord }> {
    if (!ID_PATTERN.test(id)) throw new RefreshInvalidError('That is not a refresh token of this server');
    const raw = await this.#store.get(refreshKey(id));
    if (raw === null) {
      const family = await this.#store.get(refreshRotatedKey(id));
      if (family === null) throw new RefreshInvalidError('Unknown or expired refresh token');
      await this.revokeFamily(family);
      throw new RefreshReusedError('This refresh token was already used: every token of its login is now revoked');
    }
    const parsed = parseJson(raw);
    const record = isRefreshRecord(parsed) ? parsed : null;
    if (!record) {
      // Issued before tokens named their account and their family's end: it refreshes nothing.
      const family = (parsed as { family?: unknown } | null)?.family;
      await this.#store.del(refreshKey(id));
      if (typeof family === 'string') await this.revokeFamily(family);
      throw new RefreshInvalidError('This refresh token is from an older version of Session Lab: sign in again');
    }
    const now = this.#options.now();
    if (now >= record.until) {
      await this.revokeFamily(record.family, record.uid);
      throw new RefreshExpiredError(
        `This login is older than the refresh max age (${Math.round(this.#options.maxAgeMs / 60_000)} min): sign in again`,
      );
    }
    try {
      admit(record);
    } catch (error) {
      await this.revokeFamily(record.family, record.uid);
      throw error;
    }
    const next = newRefreshId(record.uid);
    const nextRecord: RefreshRecord = { ...record, parent: id, created: now };
    const ttl = this.#ttl(nextRecord);
    const family = refreshFamilyKey(record.family);
    const results = await this.#store.multi([
      { op: 'del', key: refreshKey(id) },
      { op: 'srem', key: family, members: [id] },
      { op: 'set', key: refreshRotatedKey(id), value: record.family, px: ttl },
      { op: 'set', key: refreshKey(next), value: JSON.stringify(nextRecord), px: ttl },
      { op: 'sadd', key: family, members: [next] },
      { op: 'pexpire', key: family, ms: ttl },
      // Whether the family was already revoked, read in the same MULTI (PEXPIRE XX touches only a marker that
      // exists): a revocation after it reads the members after this MULTI, so it takes the new token with it.
      { op: 'pexpire', key: refreshRevokedKey(record.family), ms: this.#markerTtl(), when: 'XX' },
    ]);
    const [removed] = results;
    const revokedBefore = results[6] === true;
    // DEL answered 0: another use of the same token won; this one is reuse. A family revoked before this MULTI
    // must not keep the new token either.
    if (removed !== 1 || revokedBefore) {
      await this.revokeFamily(record.family, record.uid);
      throw new RefreshReusedError('This refresh token was used twice: every token of its login is now revoked');
    }
    return { token: next, record: nextRecord };
  }

  /**
   * Deletes every live token of a family, marking it revoked first so a rotation under way cannot slip a new
   * one in. The marker (`sl:refresh_revoked:{family}`) outlives every access token issued from the family:
   * with the denylist on, verification refuses those at once. Returns how many live tokens it deleted.
   */
  async revokeFamily(family: string, uid?: number): Promise<number> {
    await this.#store.set(refreshRevokedKey(family), '1', { px: this.#markerTtl() });
    const ids = await this.#store.smembers(refreshFamilyKey(family));
    const ops: WriteOp[] = [
      ...ids.map((id) => ({ op: 'del' as const, key: refreshKey(id) })),
      { op: 'del', key: refreshFamilyKey(family) },
    ];
    if (uid !== undefined) ops.push({ op: 'srem', key: userRefreshFamiliesKey(uid), members: [family] });
    await this.#store.multi(ops);
    return ids.length;
  }

  /**
   * Revokes every family of an account (a password, role or account change): returns how many were still live
   * (had a token that could refresh). A family whose tokens were issued for another account with the same id
   * (another Session Lab on the same Redis) is left alone.
   */
  async revokeAllFor(account: RefreshAccount): Promise<number> {
    const families = await this.#store.smembers(userRefreshFamiliesKey(account.id));
    let live = 0;
    for (const family of families) {
      const [sample] = await this.#store.smembers(refreshFamilyKey(family));
      const record = sample === undefined ? null : parseJson((await this.#store.get(refreshKey(sample))) ?? 'null');
      if (isRefreshRecord(record) && record.acct !== account.accountKey) continue;
      if ((await this.revokeFamily(family, account.id)) > 0) live++;
    }
    return live;
  }

  /** Whether a family was revoked (logout, reuse, or an account change) within the marker's lifetime. */
  isRevoked(family: string): Promise<boolean> {
    return this.#store.exists(refreshRevokedKey(family));
  }

  /** A token's TTL: its own lifetime, never past its family's end. */
  #ttl(record: RefreshRecord): number {
    return Math.max(1, Math.min(this.#options.ttlMs, record.until - this.#options.now()));
  }

  #markerTtl(): number {
    return Math.max(this.#options.ttlMs, this.#options.accessLifetimeMs());
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
