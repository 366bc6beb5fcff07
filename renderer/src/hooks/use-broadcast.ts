import { useEffect, useRef } from 'react';

/** What one window tells the others. */
export interface SyncMessage {
  half: 'cookie' | 'token';
  change: 'login' | 'logout' | 'refresh' | 'mfa' | 'revoke';
}

const CHANNEL = 'session-lab';

/** Tells every other window and tab of this app (BroadcastChannel; where there is none, nobody hears). */
export function broadcast(message: SyncMessage): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(message);
  channel.close();
}

/** Calls `onMessage` when another window changes `half`'s credential. */
export function useBroadcast(half: SyncMessage['half'], onMessage: (message: SyncMessage) => void): void {
  const handler = useRef(onMessage);
  handler.current = onMessage;
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<SyncMessage>) => {
      if (event.data?.half === half) handler.current(event.data);
    };
    return () => channel.close();
  }, [half]);
}
