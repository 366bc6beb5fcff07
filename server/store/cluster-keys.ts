import calculateSlot from 'cluster-key-slot';

/**
 * Redis Cluster puts each key in one of 16,384 slots by a hash of its name, or of the part between its first `{`
 * and `}` (its hash tag). A MULTI may only touch keys of one slot. Session Lab's atomic writes stay within one user's
 * keys (a session with its user's index; a refresh token with its family, its rotated marker, its revocation and its
 * user's list of families), so in a cluster each user's keys get one hash tag, `{u…}` with the user's tag (three hex
 * digits worked out from the user id, {@link userTag}). A key named by a user id carries it from the id; a session id,
 * a refresh token id and a refresh family id begin with it (they are made so, session-keys.ts and refresh-tokens.ts),
 * so a request's check finds its key's slot from the credential alone, with no lookup. Users spread over the
 * cluster's slots, and so over every master:
 *
 * | logical key | in the cluster |
 * |---|---|
 * | `sl:sess:{sid}`, `sl:user_sessions:{uid}` | `sl:{u<tag>}:sess:…`, `sl:{u<tag>}:user_sessions:…` |
 * | `sl:refresh:…`, `sl:refresh_family:…`, `sl:refresh_rotated:…`, `sl:refresh_revoked:…`, `sl:user_refresh:…` | `sl:{u<tag>}:refresh:…`, … |
 * | `sl:throttle:…`, `sl:denylist:{jti}`, `sl:totp_used:…` (each counter and entry written alone) | unchanged: spread over every master |
 * | an id without a user's tag (a planted id, one made by hand) | `sl:{untagged}:sess:…`, … (keys an earlier version wrote under `{sessions}` or `{refresh}` are not read) |
 * | any other `sl:{kind}:…` or `sl:{kind}` | `sl:{kind}:kind:…` (the kind in braces, then the key as it was): one slot per kind |
 *
 * A username's and an address's login counters are two keys in two slots: counted in one call, but not atomically
 * (a crash between them leaves one attempt counted on one of them only; the limits hold either way).
 *
 * The app, the inspector and the labs use the logical names; the store translates at its edge and announces the
 * command it really sent (with the tag).
 */

/** The 4,096 user tags (three hex digits), in the order of the hash slots of their `{u…}` tags; made at first use. */
let tagsBySlot: string[] | undefined;

function tagsInSlotOrder(): string[] {
  return (tagsBySlot ??= Array.from({ length: 4_096 }, (_, n) => n.toString(16).padStart(3, '0'))
    .map((tag) => ({ tag, slot: calculateSlot(`{u${tag}}`) }))
    .sort((a, b) => a.slot - b.slot || a.tag.localeCompare(b.tag))
    .map(({ tag }) => tag));
}

/** The golden ratio's fraction: n × it, modulo 1, spreads any run of consecutive n evenly over [0, 1). */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * A user's tag: three lower-case hex digits (4,096 values), stable across servers. The tags are taken in the order of
 * their hash slots at golden-ratio steps of the user id, so any run of users (ids come one after another) spreads
 * evenly over the slot range, and so over the masters, each of which serves a range of slots: twelve users on three
 * masters are four on each, give or take one, rather than what a hash's luck gives.
 */
export function userTag(uid: number): string {
  const tags = tagsInSlotOrder();
  return tags[Math.floor(((uid * GOLDEN) % 1) * tags.length)]!;
}

/** How long a user's tag is, at the start of the ids that carry it. */
export const USER_TAG_LENGTH = 3;

const TAG_AT_START = /^[0-9a-f]{3}/;
const USER_ID = /^(0|[1-9]\d{0,15})$/;

/** Kinds written only one key at a time: no tag, so their keys spread over every master. */
const UNTAGGED = new Set(['denylist', 'totp_used', 'throttle']);
/** Kinds whose id begins with its user's tag, and kinds named by the user id. */
const TAGGED_ID = new Set(['sess', 'refresh', 'refresh_family', 'refresh_rotated', 'refresh_revoked']);
const BY_USER_ID = new Set(['user_sessions', 'user-sessions', 'user_refresh']);
/** Either: a user's kinds of key. */
const PER_USER = new Set([...TAGGED_ID, ...BY_USER_ID]);
/**
 * The tag of a user's kind of key whose id carries no user's tag (a planted id in the fixation lab, an id made by
 * hand): one slot for all of them. Not the `{sessions}` and `{refresh}` an earlier version used, so its keys are never
 * read as live: an old refresh token refreshes nothing, and an old family cannot be half revoked across two slots.
 */
const NO_USER_TAG = 'untagged';

const PREFIX = 'sl:';
const TAGGED = /^sl:\{[^{}]*\}:/;

/** The kind of a logical key: `sess` of `sl:sess:abc`, `k` of `sl:k`; null outside `sl:` or already tagged. */
function kindOf(key: string): string | null {
  if (!key.startsWith(PREFIX) || TAGGED.test(key)) return null;
  const rest = key.slice(PREFIX.length);
  const end = rest.indexOf(':');
  return end < 0 ? rest : rest.slice(0, end);
}

/** The user's tag a key carries (from its id, or from the user id that names it), or null. */
function tagOf(kind: string, key: string): string | null {
  const id = key.slice(PREFIX.length + kind.length + 1);
  if (TAGGED_ID.has(kind)) return TAG_AT_START.exec(id)?.[0] ?? null;
  if (BY_USER_ID.has(kind) && USER_ID.test(id)) return userTag(Number(id));
  return null;
}

/** The key as the cluster stores it. */
export function clusterKey(key: string): string {
  const kind = kindOf(key);
  if (kind === null || kind === '' || UNTAGGED.has(kind) || /[{}]/.test(kind)) return key;
  const tag = tagOf(kind, key);
  const group = tag !== null ? `u${tag}` : PER_USER.has(kind) ? NO_USER_TAG : kind;
  return `${PREFIX}{${group}}:${key.slice(PREFIX.length)}`;
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
 * that kind's keys only, under any tag for a kind tagged per user; any other scans every key (the store filters by
 * the logical pattern after).
 */
export function clusterPattern(pattern: string): string {
  const kind = kindOf(pattern);
  if (kind === null || /[*?[\]\\]/.test(kind) || !pattern.slice(PREFIX.length).includes(':')) return '*';
  if (PER_USER.has(kind)) return `${PREFIX}{*}:${pattern.slice(PREFIX.length)}`;
  return clusterKey(pattern);
}
