import { useEffect, useState } from 'react';
import { useInspector } from '../inspector/inspector-context.ts';
import { howKeyLeft } from '../inspector/gone-words.ts';
import type { CookieSession } from './use-cookie-session.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';
import type { MeResponse } from '../../../shared/api/session.ts';

/** The first 16 hex digits of SHA-256 of a session id: how /session/me names the session (never by its id). */
async function sidHash(sid: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(sid));
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, 16);
}

const hashes = new Map<string, Promise<string>>();

/**
 * The store key of this window's own session, found among the session keys the inspector has seen by the hash
 * /session/me gives (the page never reads the HttpOnly cookie); null until seen.
 */
export function useOwnSessionKey(sessionHash: string | null): string | null {
  const { keys, commands } = useInspector();
  const [own, setOwn] = useState<string | null>(null);
  const candidates = [...new Set([...keys.map((entry) => entry.key), ...commands.map((command) => command.key)])]
    .filter((key) => key.startsWith(KEY_PREFIXES.session))
    .join('\n');
  useEffect(() => {
    if (!sessionHash) return setOwn(null);
    let live = true;
    void (async () => {
      for (const key of candidates.split('\n').filter(Boolean)) {
        const sid = key.slice(KEY_PREFIXES.session.length);
        if (!hashes.has(sid)) hashes.set(sid, sidHash(sid));
        if ((await hashes.get(sid)!) === sessionHash) {
          if (live) setOwn(key);
          return;
        }
      }
      if (live) setOwn(null);
    })();
    return () => {
      live = false;
    };
  }, [sessionHash, candidates]);
  return own;
}

/**
 * The window's own signed-in session as the store shows it: its key, and when it ends if left idle (from the TTL the
 * store last gave it: a renewal moves it); when the key is gone (expired, deleted, evicted), the cookie session is told
 * how (`noteEndedInStore`) and asked again (`reload`), so whatever shows it follows the store.
 */
export function useFollowedSession(
  me: MeResponse,
  session: Pick<CookieSession, 'reload' | 'noteEndedInStore'>,
): { ownKey: string | null; idleExpiresAt: number } {
  const { reload, noteEndedInStore } = session;
  const ownKey = useOwnSessionKey(me.session.id);
  const { commands } = useInspector();
  const latest = ownKey ? commands.find((command) => command.key === ownKey) : undefined;
  const gone = latest !== undefined && ['expired', 'del', 'evicted'].includes(latest.op);
  useEffect(() => {
    if (!gone || !latest) return;
    noteEndedInStore(`its key ${howKeyLeft(latest.op, latest.cause)}`);
    void reload();
    // `latest` is read for its words only (its seq says it is another removal); noteEndedInStore is a state setter.
  }, [gone, latest?.seq, reload]);
  const renewed = ownKey
    ? commands.find((command) => command.key === ownKey && command.pttl !== undefined && command.pttl > 0)
    : undefined;
  return { ownKey, idleExpiresAt: renewed ? renewed.at + renewed.pttl! : me.session.idleExpiresAt };
}
