/**
 * Redis Cluster puts each key in one of 16,384 slots by a hash of its name, or of the part between its first `{`
 * and `}` (its hash tag). A MULTI may only touch keys of one slot. Session Lab's atomic writes stay within one
 * family of keys (a session with its user's index; a refresh token with its family, its rotated marker, its
 * revocation and its user's list of families; a username's throttle counter with the address's), so in a cluster each family gets one hash tag:
 *
 * | logical key | in the cluster |
 * |---|---|
 * | `sl:sess:{sid}`, `sl:user_sessions:{uid}` | `sl:{sessions}:sess:…`, `sl:{sessions}:user_sessions:…` |
 * | `sl:refresh:…`, `sl:refresh_family:…`, `sl:refresh_rotated:…`, `sl:refresh_revoked:…`, `sl:user_refresh:…` | `sl:{refresh}:refresh:…`, … |
 * | `sl:throttle:…` | `sl:{throttle}:throttle:…` |
 * | `sl:denylist:{jti}`, `sl:totp_used:…` (never written with another key) | unchanged: spread over every master |
 * | any other `sl:{kind}:…` or `sl:{kind}` | `sl:{kind}:kind:…` (the kind in braces, then the key as it was): one slot per kind |
 *
 * The app, the inspector and the labs use the logical names; the store translates at its edge and announces the
 * command it really sent (with the tag).
 */

/** Kinds written only one key at a time: no tag, so their keys spread over every master. */
const UNTAGGED = new Set(['denylist', 'totp_used']);
/** Kinds written together in one MULTI share their family's tag. */
const FAMILY: Record<string, string> = {
  sess: 'sessions',
  user_sessions: 'sessions',
  'user-sessions': 'sessions',
  refresh: 'refresh',
  refresh_family: 'refresh',
  refresh_rotated: 'refresh',
  refresh_revoked: 'refresh',
  user_refresh: 'refresh',
};

const PREFIX = 'sl:';
const TAGGED = /^sl:\{[^{}]*\}:/;

/** The kind of a logical key: `sess` of `sl:sess:abc`, `k` of `sl:k`; null outside `sl:` or already tagged. */
function kindOf(key: string): string | null {
  if (!key.startsWith(PREFIX) || TAGGED.test(key)) return null;
  const rest = key.slice(PREFIX.length);
  const end = rest.indexOf(':');
  return end < 0 ? rest : rest.slice(0, end);
}

/** The key as the cluster stores it. */
export function clusterKey(key: string): string {
  const kind = kindOf(key);
  if (kind === null || kind === '' || UNTAGGED.has(kind) || /[{}]/.test(kind)) return key;
  return `${PREFIX}{${FAMILY[kind] ?? kind}}:${key.slice(PREFIX.length)}`;
}

/** The logical key of a key read from the cluster (the inverse of {@link clusterKey}). */
export function logicalKey(key: string): string {
  return TAGGED.test(key) ? PREFIX + key.slice(key.indexOf('}:') + 2) : key;
}

/** What keys must go into one MULTI together: keys with the same hash tag are in one slot. */
export function slotGroup(physicalKey: string): string {
  const open = physicalKey.indexOf('{');
  const close = open < 0 ? -1 : physicalKey.indexOf('}', open + 1);
  return close > open + 1 ? physicalKey.slice(open + 1, close) : physicalKey;
}

/**
 * The MATCH pattern to scan the cluster with for a logical pattern: a pattern naming its kind (`sl:sess:*`) scans
 * that family's tagged keys only; any other scans every key (the store filters by the logical pattern after).
 */
export function clusterPattern(pattern: string): string {
  const kind = kindOf(pattern);
  if (kind === null || /[*?[\]\\]/.test(kind) || !pattern.slice(PREFIX.length).includes(':')) return '*';
  return clusterKey(pattern);
}
