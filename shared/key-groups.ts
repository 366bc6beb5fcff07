/**
 * The key tree's grouping: every key under `sl:` belongs to the group of its kind, the part between `sl:` and the
 * next `:` (`sl:sess:abc` → `sl:sess:`). On a Redis Cluster a key is stored with a hash tag after `sl:` (its user's,
 * `sl:{u1a2}:sess:abc`, or its kind's); it belongs to the group of its logical name. Used by the server, which counts the groups,
 * and by the renderer, which follows them live.
 */

const ROOT = 'sl:';
/** A cluster's hash tag right after `sl:` (see server/store/cluster-keys.ts). */
const TAG = /^sl:\{[^{}]*\}:/;

/** The group a key belongs to: `sl:<kind>:`, or the key itself when it has no second `:` (`sl:flag`). */
export function keyGroupOf(key: string): string {
  const logical = TAG.test(key) ? ROOT + key.slice(key.indexOf('}:') + 2) : key;
  if (!logical.startsWith(ROOT)) return logical;
  const end = logical.indexOf(':', ROOT.length);
  return end < 0 ? logical : logical.slice(0, end + 1);
}

/** A group's name as the tree shows it under `sl:`: `sess` of `sl:sess:`. */
export function groupLabel(prefix: string): string {
  const rest = prefix.startsWith(ROOT) ? prefix.slice(ROOT.length) : prefix;
  return rest.endsWith(':') ? rest.slice(0, -1) : rest;
}

/** The SCAN MATCH pattern that lists one group's keys: `sl:sess:*`; a one-key group matches only itself. */
export function groupPattern(prefix: string): string {
  const escaped = prefix.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
  return prefix.endsWith(':') ? `${escaped}*` : escaped;
}
