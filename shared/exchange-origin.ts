import type { HttpEvent } from './inspector-events.ts';

const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost):\d{1,5}$/;

/**
 * The origin an exchange was sent to: lab 9's instance B's port, else the loopback host and port its own Host header
 * named (the Host guard let only those through: the lab 5 site's port, or the app's), else `fallback`. The HAR export
 * and "Copy as curl" name it, so a request to another port is shown at that port.
 */
export function exchangeOrigin(exchange: Pick<HttpEvent, 'instance' | 'requestHeaders'>, fallback: string): string {
  if (exchange.instance) return `http://127.0.0.1:${exchange.instance.port}`;
  const host = exchange.requestHeaders.host;
  return typeof host === 'string' && LOOPBACK_HOST.test(host.toLowerCase()) ? `http://${host.toLowerCase()}` : fallback;
}
