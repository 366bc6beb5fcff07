import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { REPLAY_HEADER, type ReplayRequest, type ReplayResponse } from '../../shared/api/lab.ts';

/** The replayed answer's body is read up to this many bytes; a longer one is answered cut, as text. */
export const REPLAY_BODY_LIMIT = 16_384;
/** A replayed request with no answer after this long fails. */
export const REPLAY_TIMEOUT_MS = 5_000;

function send(port: number, replay: ReplayRequest): Promise<IncomingMessage> {
  // The replay says what it is: the exchange log shows it, and the panels' "what the browser sent" skip it.
  const headers: OutgoingHttpHeaders = { [REPLAY_HEADER]: '1' };
  if (replay.cookie !== undefined) headers.cookie = replay.cookie;
  if (replay.authorization !== undefined) headers.authorization = replay.authorization;
  return new Promise((resolve, reject) => {
    // Host is set by node:http to 127.0.0.1:<port>, which the Host guard accepts; no agent: nothing stays open.
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: replay.method,
        path: replay.path,
        headers,
        agent: false,
        timeout: REPLAY_TIMEOUT_MS,
      },
      resolve,
    );
    outgoing.on('timeout', () =>
      outgoing.destroy(
        new Error(`the replayed ${replay.method} ${replay.path} had no answer within ${REPLAY_TIMEOUT_MS} ms`),
      ),
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function readCapped(answer: IncomingMessage): Promise<{ text: string; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // Leaving the loop destroys the stream: the rest is never read.
    if (size > REPLAY_BODY_LIMIT) break;
  }
  const bytes = Buffer.concat(chunks);
  return size > REPLAY_BODY_LIMIT
    ? { text: `${bytes.subarray(0, REPLAY_BODY_LIMIT).toString('utf8')}…`, cut: true }
    : { text: bytes.toString('utf8'), cut: false };
}

/**
 * Sends one request to this server's own loopback port with exactly the headers given (a copied
 * cookie, a copied token), as a real HTTP request: it goes through every middleware and the inspector
 * records it like any other. Answers its status and body (JSON parsed, else text; cut past
 * {@link REPLAY_BODY_LIMIT}).
 */
export async function replayOnLoopback(port: number, replay: ReplayRequest): Promise<ReplayResponse> {
  const answer = await send(port, replay);
  const { text, cut } = await readCapped(answer);
  const status = answer.statusCode ?? 0;
  if (!cut && /\bjson\b/i.test(answer.headers['content-type'] ?? '')) {
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch {
      // A body that claims JSON and is not: shown as the text it is.
    }
  }
  return { status, body: text };
}
