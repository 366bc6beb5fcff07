import { useCallback, useEffect, useState } from 'react';
import { type ApiError, api } from '../api/client.ts';
import type { TokenSettingsBody } from '../../../shared/api/tokens.ts';

/** The token switches (algorithm, delivery, denylist, lifetime), read and flipped with the lab key. */
export function useTokenSettings(labKey: string | null) {
  const [settings, setSettings] = useState<TokenSettingsBody | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!labKey) return;
    api.token.settings(labKey).then(setSettings, (caught: ApiError) => setError(caught));
  }, [labKey]);
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
