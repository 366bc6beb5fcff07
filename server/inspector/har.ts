import http from 'node:http';
import { exchangeOrigin } from '../../shared/exchange-origin.ts';
import type { HttpEvent } from '../../shared/inspector-events.ts';

interface HarHeader {
  name: string;
  value: string;
}

function headerList(headers: Record<string, string | string[]>): HarHeader[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v })),
  );
}

function mimeOf(headers: Record<string, string | string[]>): string {
  const type = headers['content-type'];
  return (Array.isArray(type) ? type[0] : type) ?? 'application/octet-stream';
}

/** The URL a recorded path was asked at; a request target no URL parser takes (`GET http://x:99999/`) is kept percent-encoded under the origin. */
function urlOf(path: string, origin: string): URL {
  try {
    return new URL(path, origin);
  } catch {
    return new URL(`/${encodeURIComponent(path)}`, origin);
  }
}

/**
 * The recorded exchanges as HAR 1.2, which Chrome DevTools' Network panel opens. Bodies are as the
 * inspector keeps them: passwords and TOTP codes redacted, cut at 2 KiB.
 */
export function toHar(exchanges: readonly HttpEvent[], origin: string, version: string) {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Session Lab', version },
      pages: [],
      entries: exchanges.map((exchange) => {
        // Lab 9's instance B and the lab 5 site answered on their own loopback ports: the URL names the port asked.
        const url = urlOf(exchange.path, exchangeOrigin(exchange, origin));
        const requestMime = mimeOf(exchange.requestHeaders);
        return {
          startedDateTime: new Date(exchange.startedAt).toISOString(),
          time: exchange.duration,
          request: {
            method: exchange.method,
            url: url.toString(),
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headerList(exchange.requestHeaders),
            queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
            ...(exchange.requestBody !== null
              ? { postData: { mimeType: requestMime, text: exchange.requestBody } }
              : {}),
            headersSize: -1,
            bodySize: exchange.requestBody === null ? 0 : Buffer.byteLength(exchange.requestBody),
          },
          response: {
            status: exchange.status,
            statusText: http.STATUS_CODES[exchange.status] ?? '',
            httpVersion: 'HTTP/1.1',
            cookies: [],
            headers: headerList(exchange.responseHeaders),
            content: {
              size: exchange.responseBody === null ? 0 : Buffer.byteLength(exchange.responseBody),
              mimeType: mimeOf(exchange.responseHeaders),
              ...(exchange.responseBody !== null ? { text: exchange.responseBody } : {}),
            },
            redirectURL: '',
            headersSize: -1,
            bodySize: -1,
          },
          cache: {},
          timings: { send: 0, wait: exchange.duration, receive: 0 },
          // HAR's custom fields begin with an underscore.
          ...(exchange.instance ? { _instance: exchange.instance } : {}),
          // Sent by another page (a lab's attacker or partner page, or any web page): which, when the browser said.
          ...(exchange.from ? { _from: exchange.from } : {}),
        };
      }),
    },
  };
}
