import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { broadcast, useBroadcast, type SyncMessage } from './use-broadcast.ts';
import type { TokenData, TokenResponse } from '../../../shared/api/tokens.ts';
import { ACCESS_TOKEN_STORAGE_KEY } from '../../../shared/storage-keys.ts';

/** Where the token half keeps its credentials: localStorage, readable by any script on the page (that is the lesson). */
export const STORAGE_KEYS = {
  access: ACCESS_TOKEN_STORAGE_KEY,
  refresh: 'sessionlab:refresh_token',
  meta: 'sessionlab:token_meta',
} as const;

/** The credentials the page holds. With cookie delivery the access token is in an HttpOnly cookie instead. */
export interface HeldToken {
  access: string | null;
  refresh: string;
  delivery: 'body' | 'cookie';
  /** With cookie delivery: the CSRF token to send on changes. */
  csrf: string | null;
  /** Epoch ms of the access token's expiry, as the login answer said. */
  expiresAt: number;
}

function read(): HeldToken | null {
  const refresh = localStorage.getItem(STORAGE_KEYS.refresh);
  if (!refresh) return null;
  try {
    const meta = JSON.parse(localStorage.getItem(STORAGE_KEYS.meta) ?? '{}') as Partial<HeldToken>;
    return {
      access: localStorage.getItem(STORAGE_KEYS.access),
      refresh,
      delivery: meta.delivery ?? 'body',
      csrf: meta.csrf ?? null,
      expiresAt: meta.expiresAt ?? 0,
    };
  } catch {
    return null;
  }
}

function write(answer: TokenResponse): HeldToken {
  const held: HeldToken = {
    access: answer.access_token ?? null,
    refresh: answer.refresh_token,
    delivery: answer.delivery,
    csrf: answer.csrf_token ?? null,
    expiresAt: Date.now() + answer.expires_in * 1_000,
  };
  if (held.access) localStorage.setItem(STORAGE_KEYS.access, held.access);
  else localStorage.removeItem(STORAGE_KEYS.access);
  localStorage.setItem(STORAGE_KEYS.refresh, held.refresh);
  localStorage.setItem(
    STORAGE_KEYS.meta,
    JSON.stringify({ delivery: held.delivery, csrf: held.csrf, expiresAt: held.expiresAt }),
  );
  return held;
}

function clear(): void {
  for (const key of Object.values(STORAGE_KEYS)) localStorage.removeItem(key);
}

/** The token half: login, the protected call, refresh and logout, with the token in localStorage. */
export function useTokenSession() {
  const [held, setHeld] = useState<HeldToken | null>(read);
  const [error, setError] = useState<ApiError | null>(null);
  const [data, setData] = useState<TokenData | null>(null);
  const [needsTotp, setNeedsTotp] = useState(false);
  /** Why the panel went back to its login form (the code of the 401), if it did. */
  const [signedOutBy, setSignedOutBy] = useState<string | null>(null);

  // Another window changed the token: what this one fetched with the old one is no longer shown.
  const sync = useCallback(() => {
    setHeld(read());
    setData(null);
    setError(null);
  }, []);
  useBroadcast('token', sync);
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === null || Object.values<string | null>(STORAGE_KEYS).includes(event.key)) sync();
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [sync]);

  const dropToken = useCallback((code: string | null, change: SyncMessage['change'] = 'logout') => {
    clear();
    setHeld(null);
    setData(null);
    setSignedOutBy(code);
    broadcast({ half: 'token', change });
  }, []);

  const fail = useCallback(
    (caught: unknown) => {
      const failure = caught as ApiError;
      setError(failure);
      // A refused token is worthless: the page forgets it and shows the login form with the reason.
      if (failure.status === 401) dropToken(failure.code);
    },
    [dropToken],
  );

  const take = (answer: TokenResponse, change: SyncMessage['change']) => {
    setHeld(write(answer));
    setError(null);
    setSignedOutBy(null);
    setNeedsTotp(false);
    broadcast({ half: 'token', change });
  };

  return {
    held,
    error,
    data,
    needsTotp,
    signedOutBy,
    login: async (username: string, password: string, totp?: string) => {
      try {
        take(await api.token.login(username, password, totp), 'login');
      } catch (caught) {
        const failure = caught as ApiError;
        if (failure.code === 'MFA_REQUIRED') setNeedsTotp(true);
        setError(failure);
      }
    },
    fetchData: async () => {
      try {
        setData(await api.token.data(held?.access ?? undefined));
        setError(null);
      } catch (caught) {
        fail(caught);
      }
    },
    refresh: async () => {
      if (!held) return;
      try {
        take(await api.token.refresh(held.refresh), 'refresh');
      } catch (caught) {
        fail(caught);
      }
    },
    logout: async () => {
      if (!held) return;
      try {
        await api.token.logout(held.access ? { bearer: held.access } : { csrf: held.csrf ?? undefined });
        setError(null);
      } catch (caught) {
        setError(caught as ApiError);
      }
      dropToken(null);
    },
  };
}

/** What useTokenSession returns. */
export type TokenSession = ReturnType<typeof useTokenSession>;
