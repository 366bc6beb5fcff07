import { randomBytes } from 'node:crypto';
import { KEY_PREFIXES } from '../../shared/key-names.ts';
import { USER_TAG_LENGTH, userTag } from '../store/cluster-keys.ts';

/** The prefix of every session record's key. */
export const SESSION_KEY_PREFIX = KEY_PREFIXES.session;
/** The session record: JSON, TTL = the idle timeout (never past the absolute one). */
export const sessionKey = (sid: string): string => `${SESSION_KEY_PREFIX}${sid}`;
/** The sorted set of a user's session ids (scored by login time); its TTL covers its longest-lived member. */
export const userSessionsKey = (uid: number): string => `${KEY_PREFIXES.userSessions}${uid}`;
/** Attempts counted for the throttling window: logins per username or address, TOTP codes per user. */
export const throttleKey = (kind: 'user' | 'ip' | 'mfa', id: string): string => `sl:throttle:${kind}:${id}`;
/** A TOTP step already used by a user, kept until the code could no longer be valid. */
export const totpUsedKey = (uid: number, step: number): string => `sl:totp_used:${uid}:${step}`;

/**
 * A session id: 22 base64url characters. A user's session begins with the user's tag (three hex digits, so a Redis
 * Cluster keeps it in its user's slot: cluster-keys.ts) followed by 19 random characters (114 bits; OWASP asks at
 * least 64); an id made for no user yet is 16 random bytes (128 bits).
 */
export const SID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A new, unguessable session id; for `uid`'s session, beginning with its tag. */
export function newSid(uid?: number): string {
  const random = randomBytes(16).toString('base64url');
  return uid === undefined ? random : userTag(uid) + random.slice(0, 22 - USER_TAG_LENGTH);
}
