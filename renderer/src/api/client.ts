import { API_PATHS } from '../../../shared/api/paths.ts';
import { demoAccountsSchema, type DemoAccounts } from '../../../shared/api/demo.ts';
import { errorBodySchema } from '../../../shared/api/error.ts';
import { healthResponseSchema, type HealthResponse } from '../../../shared/api/health.ts';

/** An error answer from the server, with its stable code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function getJson<T>(path: string, parse: (value: unknown) => T, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  const body: unknown = await res.json();
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(body);
    throw parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message)
      : new ApiError(res.status, 'BAD_RESPONSE', `HTTP ${res.status}`);
  }
  return parse(body);
}

/** The typed API client: every answer is checked against the shared schema. */
export const api = {
  health: (signal?: AbortSignal): Promise<HealthResponse> => getJson(API_PATHS.health, (v) => healthResponseSchema.parse(v), signal),
  demoAccounts: (signal?: AbortSignal): Promise<DemoAccounts> => getJson(API_PATHS.demoAccounts, (v) => demoAccountsSchema.parse(v), signal),
};
