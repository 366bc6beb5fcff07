/** The one prefix of every API route. */
export const API_PREFIX = '/api/v1';

/** Whether a path belongs to the API (`/api` itself included), which answers JSON only. */
export function isApiPath(path: string): boolean {
  const lower = path.toLowerCase();
  return lower === '/api' || lower.startsWith('/api/');
}

/** API paths shared by the server's router and the renderer's client. */
export const API_PATHS = {
  health: `${API_PREFIX}/health`,
  demoAccounts: `${API_PREFIX}/demo-accounts`,
} as const;
