import { useEffect, useRef } from 'react';

/** What one window tells the others. */
export interface SyncMessage {
  half: 'cookie' | 'token';
  change: 'login' | 'logout' | 'refresh' | 'mfa' | 'revoke';
}

const CHANNEL = 'session-lab';

// One channel object per page for sending and listening: a channel never receives its own messages, so
// the page does not react to its own changes (every other page and tab does).
let channel: BroadcastChannel | null | undefined;
function pageChannel(): BroadcastChannel | null {
  if (channel === undefined) channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  return channel;
}

/** Tells every other window and tab of this app (BroadcastChannel; where there is none, nobody hears). */
export function broadcast(message: SyncMessage): void {
  pageChannel()?.postMessage(message);
}

/** Calls `onMessage` when another window changes `half`'s credential. */
export function useBroadcast(half: SyncMessage['half'], onMessage: (message: SyncMessage) => void): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    const shared = pageChannel();
    if (!shared) return;
    const listener = (event: MessageEvent<SyncMessage>) => {
      if (event.data?.half === half) handler.current(event.data);
    };
    shared.addEventListener('message', listener);
    return () => shared.removeEventListener('message', listener);
  }, [half]);
}
