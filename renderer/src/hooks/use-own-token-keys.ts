import { useEffect, useMemo, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { decodeSegmentJson, splitToken } from '../debugger/jwt-parts.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import { nextExpiry, ownTokenKeys, type OwnKeyState, type OwnTokenKeys } from '../panels/token-store-words.ts';
import type { HeldToken } from './use-token-session.ts';

/** The access token's claims, when the page can read it (body delivery). */
function claimsOf(access: string | null): Record<string, unknown> | null {
  if (!access) return null;
  const parts = splitToken(access);
  if (!parts.ok) return null;
  const payload = decodeSegmentJson(parts.value.payload);
  return payload.ok ? payload.value : null;
}

const GONE_OPS = new Set(['del', 'expired', 'evicted']);

/**
 * The store keys of this window's token (its denylist entry, its refresh token, its login's family and revocation
 * marker) and what the store says about each. They are read through the inspector (the lab key; its reads are not
 * the learner's exchanges) when the token changes, whenever the inspector sees a key event about one of them, and
 * when an observed TTL runs out: a countdown comes from the TTL the store gave, and a key is "gone" only once the
 * store says it is. Null without the lab key.
 */
export function useOwnTokenKeys(
  held: HeldToken | null,
  labKey: string | null,
): { keys: OwnTokenKeys; states: ReadonlyMap<string, OwnKeyState> } | null {
  const { commands } = useInspector();
  // With cookie delivery the page cannot read the token: the family comes from the refresh token's record.
  const [familyOfRefresh, setFamilyOfRefresh] = useState<{ refresh: string; family: string } | null>(null);
  const [states, setStates] = useState<ReadonlyMap<string, OwnKeyState>>(new Map());
  const [tick, setTick] = useState(0);
  const access = held?.access ?? null;
  const refresh = held?.refresh ?? null;
  const keys = useMemo(
    () =>
      refresh === null
        ? null
        : ownTokenKeys(claimsOf(access), refresh, familyOfRefresh?.refresh === refresh ? familyOfRefresh.family : null),
    [access, refresh, familyOfRefresh],
  );
  const names = keys ? [keys.denylist, keys.refresh, keys.family, keys.revoked].filter((key) => key !== null) : [];
  const about = commands.filter((command) => names.includes(command.key));
  // The newest event about one of them: each new one reads them again.
  const trigger = about[0]?.seq ?? 0;
  const lastOp = new Map<string, string>();
  for (const command of [...about].reverse()) lastOp.set(command.key, command.op);
  const namesKey = names.join('\n');
  const lastOps = JSON.stringify([...lastOp]);

  useEffect(() => {
    if (!labKey || !keys || namesKey === '') return;
    let live = true;
    const ops = new Map<string, string>(JSON.parse(lastOps) as [string, string][]);
    void Promise.all(
      namesKey.split('\n').map(async (key): Promise<[string, OwnKeyState]> => {
        try {
          const detail = await api.inspector.key(labKey, key);
          if (key === keys.refresh && keys.family === null && typeof detail.value === 'string') {
            const family = (JSON.parse(detail.value) as { family?: unknown }).family;
            if (typeof family === 'string' && live) setFamilyOfRefresh({ refresh: refresh!, family });
          }
          return [key, { state: 'live', pttl: detail.pttl, observedAt: Date.now() }];
        } catch (caught) {
          if ((caught as ApiError).status !== 404) return [key, { state: 'unknown' }];
          const op = ops.get(key);
          return [key, { state: 'absent', by: op && GONE_OPS.has(op) ? (op as 'del' | 'expired' | 'evicted') : null }];
        }
      }),
    ).then((read) => {
      if (live) setStates(new Map(read));
    });
    return () => {
      live = false;
    };
  }, [labKey, keys, namesKey, trigger, lastOps, tick, refresh]);

  // A TTL that runs out: read again just after (the store announces the expiry, or answers that the key is gone).
  useEffect(() => {
    const at = nextExpiry(states);
    if (at === null) return;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.max(0, at - Date.now()) + 300);
    return () => clearTimeout(timer);
  }, [states]);

  return labKey && keys ? { keys, states } : null;
}
