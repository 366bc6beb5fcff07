/** The one prefix of every API route. */
export const API_PREFIX = '/api/v1';

/** API paths shared by the server's router and the renderer's client. */
export const API_PATHS = {
  health: `${API_PREFIX}/health`,
} as const;
