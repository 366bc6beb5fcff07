import { randomBytes } from 'node:crypto';
import { KEY_PREFIXES } from '../../shared/key-names.ts';

/** The prefix of every session record's key. */
export const SESSION_KEY_PREFIX = KEY_PREFIXES.session;
/** The session record: JSON, TTL = the idle timeout (never past the absolute one). */
export const sessionKey = (sid: string): string => `${SESSION_KEY_PREFIX}${sid}`;
/** The set of a user's session ids; its TTL covers its longest-lived member. */
export const userSessionsKey = (uid: number): string => `${KEY_PREFIXES.userSessions}${uid}`;
/** Attempts counted for the throttling window: logins per username or address, TOTP codes per user. */
export const throttleKey = (kind: 'user' | 'ip' | 'mfa', id: string): string => `sl:throttle:${kind}:${id}`;
/** A TOTP step already used by a user, kept until the code could no longer be valid. */
export const totpUsedKey = (uid: number, step: number): string => `sl:totp_used:${uid}:${step}`;

/** A session id: 16 random bytes (128 bits, OWASP asks at least 64), base64url: 22 characters. */
export const SID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A new, unguessable session id. */
export function newSid(): string {
  return randomBytes(16).toString('base64url');
}
