import { useCallback, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { TokenData, TokenInspectionView } from '../../../shared/api/tokens.ts';

/** One call about one token: under way, answered, or refused with an error answer. */
export type CheckOutcome<T> =
  | { token: string; status: 'pending' }
  | { token: string; status: 'done'; value: T }
  | { token: string; status: 'error'; error: ApiError };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'UNEXPECTED', (error as Error).message);
}

/** Runs `call` for a token and keeps the outcome of the latest run only (an earlier, slower answer is dropped). */
function useLatestCall<T>(call: (token: string) => Promise<T>) {
  const [outcome, setOutcome] = useState<CheckOutcome<T> | null>(null);
  const latest = useRef(0);
  const run = useCallback(
    async (token: string) => {
      const id = ++latest.current;
      setOutcome({ token, status: 'pending' });
      try {
        const value = await call(token);
        if (id === latest.current) setOutcome({ token, status: 'done', value });
      } catch (error) {
        if (id === latest.current) setOutcome({ token, status: 'error', error: asApiError(error) });
      }
    },
    [call],
  );
  return [outcome, run] as const;
}

const inspectCall = (token: string) => api.jwt.inspect(token);
const sendCall = (token: string) => api.token.data(token);

/** The debugger's two questions to the server: what `POST /api/v1/jwt/inspect` says, and what `GET /api/v1/token/data` answers. */
export function useServerCheck() {
  const [inspection, inspect] = useLatestCall<TokenInspectionView>(inspectCall);
  const [sent, send] = useLatestCall<TokenData>(sendCall);
  return { inspection, inspect, sent, send };
}
