/** True for a `redis://` or `rediss://` URL with a host (the forms ioredis accepts). */
export function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The message a rejected Redis URL gets, on the command line and in the settings dialog alike. */
export const REDIS_URL_HINT = 'expected a redis:// or rediss:// URL such as redis://127.0.0.1:6379';

/** A Redis URL with its password hidden, for logs, /health and messages. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
