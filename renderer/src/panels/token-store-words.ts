import { formatTtl } from '../inspector/key-entry.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

/** The store keys that speak about this window's token (the names server/tokens/token-keys.ts writes). */
export interface OwnTokenKeys {
  /** `sl:denylist:{jti}`: there once the token is logged out (null: the token is not readable, cookie delivery). */
  denylist: string | null;
  /** `sl:refresh:{id}`: the refresh token the page holds. */
  refresh: string;
  /** `sl:refresh_family:{fam}`: this login's live refresh tokens (null until the family is known). */
  family: string | null;
  /** `sl:refresh_revoked:{fam}`: there once this login was revoked (logout, reuse, an account change). */
  revoked: string | null;
}

/** What the store said about one key when last read: not yet read, there with a TTL, or not there (and why). */
export type OwnKeyState =
  | { state: 'unknown' }
  | { state: 'live'; pttl: number; observedAt: number }
  | { state: 'absent'; by: 'del' | 'expired' | 'evicted' | null };

/** One line of the panel's "In the store": which key, its state in two words, and what that means. */
export interface StoreLine {
  id: 'denylist' | 'refresh' | 'family';
  label: string;
  key: string;
  state: OwnKeyState['state'];
  status: string;
  meaning: string;
  tone: 'ok' | 'bad' | 'muted';
}

/** The keys for a token: its `jti` and `fam` claims (when the page can read it) and the refresh token it holds. */
export function ownTokenKeys(
  claims: { jti?: unknown; fam?: unknown } | null,
  refresh: string,
  family: string | null,
): OwnTokenKeys {
  const fam = typeof claims?.fam === 'string' ? claims.fam : family;
  return {
    denylist: typeof claims?.jti === 'string' ? `${KEY_PREFIXES.denylist}${claims.jti}` : null,
    refresh: `${KEY_PREFIXES.refresh}${refresh}`,
    family: fam ? `sl:refresh_family:${fam}` : null,
    revoked: fam ? `sl:refresh_revoked:${fam}` : null,
  };
}

const UNKNOWN: OwnKeyState = { state: 'unknown' };

/** Time left on a live key at `now`, from when its TTL was observed ("expiring…" at 0: gone only once it is gone). */
function left(state: Extract<OwnKeyState, { state: 'live' }>, now: number): string {
  if (state.pttl < 0) return 'no TTL';
  return formatTtl(Math.max(0, state.pttl - (now - state.observedAt)));
}

/** "7 s left", or "expiring…" while the store has not yet said the key is gone. */
function leftStatus(state: Extract<OwnKeyState, { state: 'live' }>, now: number): string {
  const text = left(state, now);
  return text === 'expiring…' || text === 'no TTL' ? text : `${text} left`;
}

const goneWord = (by: Extract<OwnKeyState, { state: 'absent' }>['by']) =>
  by === 'del' ? 'deleted' : by === 'expired' ? 'expired' : by === 'evicted' ? 'evicted' : 'not in the store';

/**
 * What the store says about the window's token, in words: whether it is on the denylist (and whether the server looks),
 * whether its login was revoked, and whether its refresh token and family are still there, with the time left from
 * the TTLs observed. `denylistOn` is the server's switch (null: not known).
 */
export function tokenStoreLines(
  keys: OwnTokenKeys,
  states: ReadonlyMap<string, OwnKeyState>,
  denylistOn: boolean | null,
  now: number,
): StoreLine[] {
  const lines: StoreLine[] = [];
  const stateOf = (key: string | null) => (key ? (states.get(key) ?? UNKNOWN) : UNKNOWN);
  const denylist = stateOf(keys.denylist);
  const revoked = stateOf(keys.revoked);
  const looks = denylistOn !== false;
  if (keys.denylist) {
    const base = { id: 'denylist' as const, label: 'Denylist', key: keys.denylist, state: denylist.state };
    if (denylist.state === 'live')
      lines.push({
        ...base,
        status: 'revoked: on the denylist',
        meaning: looks
          ? `the server refuses this token (401 TOKEN_REVOKED) though its exp has not passed; the entry stays ${left(denylist, now)} more`
          : 'but the denylist check is off: the server does not look, so it still accepts the token',
        tone: looks ? 'bad' : 'muted',
      });
    else if (revoked.state === 'live' && keys.revoked)
      lines.push({
        ...base,
        key: keys.revoked,
        state: 'live',
        status: 'revoked with its login',
        meaning: looks
          ? "its refresh family was revoked: the server refuses this login's access tokens (401 TOKEN_REVOKED)"
          : 'its refresh family was revoked, but the denylist check is off: the server still accepts the token until exp',
        tone: looks ? 'bad' : 'muted',
      });
    else if (denylist.state === 'absent')
      lines.push({
        ...base,
        status: 'not on the denylist',
        meaning:
          denylist.by === null
            ? 'nothing in the store stops this token before its exp'
            : `its entry was ${goneWord(denylist.by)}: nothing in the store stops this token before its exp`,
        tone: 'ok',
      });
    else lines.push({ ...base, status: 'reading the store…', meaning: '', tone: 'muted' });
  }
  const refresh = stateOf(keys.refresh);
  const refreshBase = { id: 'refresh' as const, label: 'Refresh token', key: keys.refresh, state: refresh.state };
  if (refresh.state === 'live')
    lines.push({
      ...refreshBase,
      status: leftStatus(refresh, now),
      meaning: 'Refresh trades it for a new pair',
      tone: 'ok',
    });
  else if (refresh.state === 'absent')
    lines.push({
      ...refreshBase,
      status: `gone (${goneWord(refresh.by)})`,
      meaning: 'the server no longer knows this refresh token, so Refresh will be refused',
      tone: 'bad',
    });
  else lines.push({ ...refreshBase, status: 'reading the store…', meaning: '', tone: 'muted' });
  if (keys.family) {
    const family = stateOf(keys.family);
    const base = { id: 'family' as const, label: 'Refresh family', key: keys.family, state: family.state };
    if (family.state === 'live')
      lines.push({
        ...base,
        status: leftStatus(family, now),
        meaning: "this login's refresh tokens, revoked together",
        tone: 'ok',
      });
    else if (family.state === 'absent')
      lines.push({
        ...base,
        status: `gone (${goneWord(family.by)})`,
        meaning: "the store no longer lists this login's refresh tokens",
        tone: 'bad',
      });
    else lines.push({ ...base, status: 'reading the store…', meaning: '', tone: 'muted' });
  }
  return lines;
}

/** When a live key's observed TTL runs out next (epoch ms), to read it again then; null when none will. */
export function nextExpiry(states: ReadonlyMap<string, OwnKeyState>): number | null {
  let next: number | null = null;
  for (const state of states.values()) {
    if (state.state !== 'live' || state.pttl < 0) continue;
    const at = state.observedAt + state.pttl;
    if (next === null || at < next) next = at;
  }
  return next;
}
