import { randomBytes, randomUUID } from 'node:crypto';
import type { KeyStore } from '../store/types.ts';
import { RefreshInvalidError, RefreshReusedError } from './token-errors.ts';
import { refreshFamilyKey, refreshKey, refreshRevokedKey, refreshRotatedKey } from './token-keys.ts';

/** What `sl:refresh:{id}` holds. */
export interface RefreshRecord {
  uid: number;
  /** The login this token descends from; all its tokens are revoked together. */
  family: string;
  /** The token this one replaced (null for the first). */
  parent: string | null;
  created: number;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Opaque refresh tokens kept in the store (`sl:refresh:{id}`), rotated on every use: the used one is
 * deleted and remembered in `sl:refresh_rotated:{id}`, so presenting it again is recognised as reuse
 * and revokes the whole family (`sl:refresh_family:{family}`).
 */
export class RefreshTokens {
  readonly #store: KeyStore;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(store: KeyStore, ttlMs: number, now: () => number) {
    this.#store = store;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** A new refresh token: 256 random bits, in a new family unless `family` continues one. */
  async issue(uid: number, family: string = randomUUID(), parent: string | null = null): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const record: RefreshRecord = { uid, family, parent, created: this.#now() };
    await this.#store.multi([
      { op: 'set', key: refreshKey(id), value: JSON.stringify(record), px: this.#ttlMs },
      { op: 'sadd', key: refreshFamilyKey(family), members: [id] },
      { op: 'pexpire', key: refreshFamilyKey(family), ms: this.#ttlMs },
    ]);
    return id;
  }

  /**
   * Exchanges a refresh token for the next one of its family; reuse revokes the family (401
   * REFRESH_REUSED). The old token's deletion, its rotated marker and the new token are one MULTI, so
   * of two simultaneous uses exactly one wins, and the loser's revocation sees the winner's new token.
   */
  async rotate(id: string): Promise<{ token: string; record: RefreshRecord }> {
    if (!ID_PATTERN.test(id)) throw new RefreshInvalidError('That is not a refresh token of this server');
    const raw = await this.#store.get(refreshKey(id));
    if (raw === null) {
      const family = await this.#store.get(refreshRotatedKey(id));
      if (family === null) throw new RefreshInvalidError('Unknown or expired refresh token');
      await this.revokeFamily(family);
      throw new RefreshReusedError('This refresh token was already used: every token of its login is now revoked');
    }
    const record = JSON.parse(raw) as RefreshRecord;
    const next = randomBytes(32).toString('base64url');
    const nextRecord: RefreshRecord = { uid: record.uid, family: record.family, parent: id, created: this.#now() };
    const family = refreshFamilyKey(record.family);
    const results = await this.#store.multi([
      { op: 'del', key: refreshKey(id) },
      { op: 'srem', key: family, members: [id] },
      { op: 'set', key: refreshRotatedKey(id), value: record.family, px: this.#ttlMs },
      { op: 'set', key: refreshKey(next), value: JSON.stringify(nextRecord), px: this.#ttlMs },
      { op: 'sadd', key: family, members: [next] },
      { op: 'pexpire', key: family, ms: this.#ttlMs },
      // Whether the family was already revoked, read in the same MULTI (PEXPIRE XX touches only a marker that
      // exists): a revocation after it reads the members after this MULTI, so it takes the new token with it.
      { op: 'pexpire', key: refreshRevokedKey(record.family), ms: this.#ttlMs, when: 'XX' },
    ]);
    const [removed] = results;
    const revokedBefore = results[6] === true;
    // DEL answered 0: another use of the same token won; this one is reuse. A family revoked before this MULTI
    // must not keep the new token either.
    if (removed !== 1 || revokedBefore) {
      await this.revokeFamily(record.family);
      throw new RefreshReusedError('This refresh token was used twice: every token of its login is now revoked');
    }
    return { token: next, record: nextRecord };
  }

  /** Deletes every live token of a family, marking it revoked first so a rotation under way cannot slip a new one in. */
  async revokeFamily(family: string): Promise<number> {
    await this.#store.set(refreshRevokedKey(family), '1', { px: this.#ttlMs });
    const ids = await this.#store.smembers(refreshFamilyKey(family));
    await this.#store.multi([...ids.map((id) => ({ op: 'del' as const, key: refreshKey(id) })), { op: 'del', key: refreshFamilyKey(family) }]);
    return ids.length;
  }
}
