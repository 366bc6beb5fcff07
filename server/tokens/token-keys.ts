import { KEY_PREFIXES } from '../../shared/key-names.ts';

/** A logged-out access token's id; TTL = the token's remaining lifetime. */
export const denylistKey = (jti: string): string => `${KEY_PREFIXES.denylist}${jti}`;
/** A live refresh token: JSON {uid, family, parent, created}; TTL = the refresh lifetime. */
export const refreshKey = (id: string): string => `${KEY_PREFIXES.refresh}${id}`;
/** A refresh token already exchanged: its family, kept so a second use is recognised as reuse. */
export const refreshRotatedKey = (id: string): string => `sl:refresh_rotated:${id}`;
/** A revoked family: a rotation that finds it deletes the token it just made. */
export const refreshRevokedKey = (family: string): string => `sl:refresh_revoked:${family}`;
/** The live refresh tokens of one login (a family), to revoke them together. */
export const refreshFamilyKey = (family: string): string => `sl:refresh_family:${family}`;
/** The refresh families (logins) of one user, so an account change can revoke them all; TTL = the newest family's end. */
export const userRefreshFamiliesKey = (uid: number): string => `sl:user_refresh:${uid}`;
