import { exchangeOrigin } from '../../../shared/exchange-origin.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';

/** Headers curl sets itself, or that describe one connection: left out of the command. */
const SKIPPED = new Set(['host', 'content-length', 'connection', 'accept-encoding']);

/** A value quoted for a POSIX shell. */
function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The exchange as a curl command line (DevTools' "Copy as cURL"). Bodies the recorder redacted or cut
 * are copied as recorded, so the command says so instead of replaying a secret.
 */
export function curlCommand(exchange: HttpEvent, origin: string): string {
  // Lab 9's instance B and the lab 5 site answered on their own loopback ports.
  const base = exchangeOrigin(exchange, origin);
  const parts = [`curl ${quote(base + exchange.path)}`];
  if (exchange.method !== 'GET') parts.push(`-X ${exchange.method}`);
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    if (SKIPPED.has(name.toLowerCase())) continue;
    for (const one of Array.isArray(value) ? value : [value]) parts.push(`-H ${quote(`${name}: ${one}`)}`);
  }
  if (exchange.requestBody !== null) parts.push(`--data-raw ${quote(exchange.requestBody)}`);
  return parts.join(' \\\n  ');
}
