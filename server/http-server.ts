import http from 'node:http';
import type Koa from 'koa';
import type { Socket } from 'node:net';
import { StartupError } from './errors.ts';

/** The loopback address the server binds; it never listens anywhere else. */
export const LOOPBACK_HOST = '127.0.0.1';

/** The HTTP server around an app (or a listener in front of one): a request timeout, and JSON answers to requests Node's parser refuses. */
export function createHttpServer(app: Koa | http.RequestListener): http.Server {
  const server = http.createServer({ requestTimeout: 30_000 }, typeof app === 'function' ? app : app.callback());
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
  return server;
}

/**
 * Stops accepting and resolves once every connection is gone: a keep-alive connection is closed as soon as it
 * turns idle (its last response sent), not at its timeout; whatever is still busy after `graceMs` is cut.
 */
export async function closeHttpServer(server: http.Server, graceMs: number): Promise<void> {
  const drained = new Promise<void>((resolve) => server.close(() => resolve()));
  const sweep = setInterval(() => server.closeIdleConnections(), 25);
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await drained;
  clearInterval(sweep);
  clearTimeout(timer);
}

/** Listens on 127.0.0.1:`port` (0: any free port); a port in use or refused is a {@link StartupError}. */
export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE')
        reject(
          new StartupError(
            `port ${port} on ${LOOPBACK_HOST} is already in use; pick another with --port or use --port 0`,
          ),
        );
      else if (error.code === 'EACCES')
        reject(new StartupError(`not allowed to listen on port ${port} of ${LOOPBACK_HOST}`));
      else reject(error);
    };
    server.once('error', onError);
    server.listen(port, LOOPBACK_HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Requests Node's parser rejects (bad header syntax, headers too large) still get the JSON error shape. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'BAD_REQUEST', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
