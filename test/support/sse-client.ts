import http from 'node:http';

/** One Server-Sent Event as received. */
export interface ReceivedEvent {
  id: number;
  type: string;
  data: Record<string, unknown>;
}

/** A live SSE connection that collects every event it receives. */
export interface SseClient {
  events: ReceivedEvent[];
  status: number;
  close(): void;
}

/** Opens an SSE stream (like EventSource, but with headers) and collects its events. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const events: ReceivedEvent[] = [];
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            frame
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.data !== undefined)
            events.push({ id: Number(fields.id), type: fields.event ?? 'message', data: JSON.parse(fields.data) });
        }
      });
      resolve({ events, status: res.statusCode!, close: () => req.destroy() });
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
  });
}
