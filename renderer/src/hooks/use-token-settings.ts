import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import { useInspector } from '../inspector/inspector-context.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import type { TokenSettingsBody } from '../../../shared/api/tokens.ts';

/**
 * The token switches (algorithm, delivery, denylist, lifetime), read and flipped with the lab key. They are
 * read again whenever the exchange log shows them changed (by a lab, another window or an admin), so the
 * switches never show a stale value.
 */
export function useTokenSettings(labKey: string | null) {
  const [settings, setSettings] = useState<TokenSettingsBody | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { exchanges } = useInspector();
  const lastChange =
    exchanges.find(
      (exchange) => exchange.method === 'PUT' && exchange.path === API_PATHS.tokenSettings && exchange.status === 200,
    )?.id ?? 0;
  useEffect(() => {
    if (!labKey) return;
    api.token.settings(labKey).then(setSettings, (caught: ApiError) => setError(caught));
  }, [labKey, lastChange]);
  const change = useCallback(
    async (update: Partial<TokenSettingsBody>) => {
      try {
        setSettings(await api.token.changeSettings(labKey, update));
        setError(null);
      } catch (caught) {
        setError(caught as ApiError);
      }
    },
    [labKey],
  );
  return { settings, error, change };
}
