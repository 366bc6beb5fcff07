import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import { expect } from 'vitest';
import { errorBodySchema } from '../../shared/api/error.ts';

/**
 * How big a fuzz run is: `npm test` runs scale 1 with a fixed seed (the same inputs every time); `npm run test:fuzz`
 * runs a larger one with a fresh seed, printed so a failure can be replayed (`FUZZ_SEED=… FUZZ_SCALE=…`).
 */
export const FUZZ_SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
export const FUZZ_SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : FUZZ_SCALE > 1
    ? Date.now() % 2_147_483_647
    : 20_261_124;

/** fast-check's options for a property of `runs` inputs at scale 1. */
export function fuzzOptions(runs: number): fc.Parameters<unknown> {
  // The first failure ends the run (shrinking thousands of HTTP requests would outlast the test's timeout); the seed
  // and the path fast-check prints replay it.
  return { seed: FUZZ_SEED, numRuns: runs * FUZZ_SCALE, endOnFailure: true };
}

/** One answer as the fuzz judges it. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** A request to send: anything `node:http` accepts (header values in latin-1, no CR or LF). */
export interface FuzzRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Text, or bytes that need not be UTF-8 at all. */
  body?: string | Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Closes the kept-alive connections (after the last request of a file). */
export function closeConnections(): void {
  agent.destroy();
}

/** Sends one request over a kept-alive connection and reads the whole answer. */
export function send(origin: string, request: FuzzRequest): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: {
          ...request.headers,
          ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}),
        },
        agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Sends raw bytes on a new connection (what `node:http` would refuse to write) and reads until the server closes or answers. */
export function sendRaw(origin: string, bytes: Buffer): Promise<Answer> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const head = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const contentType = /\r\ncontent-type: ([^\r\n]*)/i.exec(text)?.[1] ?? '';
      const bodyAt = text.indexOf('\r\n\r\n');
      resolve({ status: head ? Number(head[1]) : 0, contentType, text: bodyAt >= 0 ? text.slice(bodyAt + 4) : text });
    };
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer is enough: the server may keep the connection open for the next request.
      const text = Buffer.concat(chunks).toString('latin1');
      const bodyAt = text.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(text)?.[1];
      if (bodyAt >= 0 && length !== undefined && Buffer.byteLength(text.slice(bodyAt + 4), 'latin1') >= Number(length))
        socket.end();
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
    socket.end(bytes);
  });
}

/** What a stack trace or a source location looks like in a body. */
const STACK = /\n\s+at \S|node:internal|\(\/[^)]*:\d+:\d+\)|\.(ts|js):\d+:\d+/;

/**
 * The fuzz's verdict on one answer: never a 5xx, never a stack trace or a source path in the body, and every
 * JSON error is `{"error":{"code","message"}}`. `what` names the input in a failure.
 */
export function judge(answer: Answer, what: string, { head = false } = {}): void {
  expect(answer.status, `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
  expect(answer.status, `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(STACK.test(answer.text), `${what}: a stack trace in the body: ${answer.text.slice(0, 300)}`).toBe(false);
  // A HEAD answer has the headers of the GET and no body.
  if (answer.status >= 400 && /json/i.test(answer.contentType) && !head) {
    const parsed = errorBodySchema.safeParse(JSON.parse(answer.text));
    expect(parsed.success, `${what} → ${answer.status} without the error shape: ${answer.text.slice(0, 300)}`).toBe(
      true,
    );
  }
}

/** Inputs sent so far in this file, and raw ones the server answered (so were judged), for the run's summary line. */
export const tally = { inputs: 0, rawAnswered: 0 };

/** Visible ASCII, spaces and tabs, and latin-1's upper half: what `node:http` sends in a header value. */
export const headerChars = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  )
  .map((code) => String.fromCharCode(code));

/** A header value `node:http` will send, up to `maxLength` characters. */
export function headerValue(maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: headerChars, maxLength });
}

/** A base64url-looking segment: what a token's parts are made of, sometimes with a stray character. */
export const segment = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.%'.split('')),
  maxLength: 60,
});

/** JSON text of an object, as base64url: a token part that decodes to something. */
export const encodedJson = fc
  .jsonValue({ maxDepth: 3 })
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));
