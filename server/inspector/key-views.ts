import { placementOf, type KeyStore, type ScoredMember } from '../store/types.ts';
import type { KeyDetail, KeyRow, ServerSees } from '../../shared/api/inspector.ts';
import { ZRANGE_ALL, formatCommand } from '../store/redis-cli.ts';
import { formatScore } from './console-sorted-set.ts';

/** At most this many characters of a value in a key page. */
export const PREVIEW_LENGTH = 200;

/** A sorted set's members as `member (score)`, lowest score first, each score as redis-cli prints it (the console's). */
function scoredLines(entries: ScoredMember[]): string[] {
  return entries.map(({ member, score }) => `${member} (${formatScore(score)})`);
}

/** On a cluster, the key's slot and master (`{}` elsewhere, and the master left out while the slot table is empty). */
function placementFields(store: KeyStore, key: string): { slot?: number; node?: string } {
  const placement = placementOf(store)?.placementOf(key);
  if (!placement) return {};
  return placement.node === null ? { slot: placement.slot } : { slot: placement.slot, node: placement.node };
}

/** A row for a key, or null when it vanished between the SCAN and the read. */
export async function keyRow(store: KeyStore, key: string): Promise<KeyRow | null> {
  const [type, pttl, size] = await Promise.all([store.type(key), store.pttl(key), store.size(key)]);
  if (type === 'none') return null;
  const value =
    type === 'set'
      ? (await store.smembers(key)).join(', ')
      : type === 'zset'
        ? scoredLines(await store.zrange(key)).join(', ')
        : ((await store.get(key)) ?? '');
  return {
    key,
    type,
    pttl,
    size,
    preview: value.length > PREVIEW_LENGTH ? `${value.slice(0, PREVIEW_LENGTH - 1)}…` : value,
    ...placementFields(store, key),
  };
}

/** The full view of one key: its value, TTL, the redis-cli commands that read it, and what it means. */
export async function keyDetail(
  store: KeyStore,
  key: string,
  decode: (key: string, value: string) => KeyDetail['decoded'],
  reveal?: (key: string, value: string) => ServerSees | null,
): Promise<KeyDetail | null> {
  const type = await store.type(key);
  if (type === 'none') return null;
  const pttl = await store.pttl(key);
  const size = await store.size(key);
  // The commands a learner would type: with the name as stored (on a cluster, with its hash tag).
  const stored = store.storedKey?.(key) ?? key;
  const placement = placementFields(store, key);
  // On a cluster, the command that answers which slot the name hashes to (the master serving it holds the key).
  const where = placement.slot === undefined ? [] : [formatCommand('CLUSTER', 'KEYSLOT', stored)];
  if (type === 'zset') {
    return {
      key,
      type,
      pttl,
      size,
      value: scoredLines(await store.zrange(key)),
      commands: [formatCommand('ZRANGE', stored, ...ZRANGE_ALL), formatCommand('PTTL', stored), ...where],
      decoded: null,
      ...placement,
    };
  }
  if (type === 'set') {
    return {
      key,
      type,
      pttl,
      size,
      value: await store.smembers(key),
      commands: [formatCommand('SMEMBERS', stored), formatCommand('PTTL', stored), ...where],
      decoded: null,
      ...placement,
    };
  }
  const raw = (await store.get(key)) ?? '';
  let pretty = raw;
  try {
    pretty = JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    // Not JSON: shown as it is.
  }
  const sees = reveal?.(key, raw) ?? null;
  return {
    key,
    type,
    pttl,
    size,
    value: pretty,
    commands: [formatCommand('GET', stored), formatCommand('PTTL', stored), ...where],
    decoded: decode(key, raw),
    ...(sees ? { serverSees: sees } : {}),
    ...placement,
  };
}
