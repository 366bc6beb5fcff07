/**
 * The wordlist cracker, off the page's thread: fetches the wordlist (with the lab key), then tries each candidate's
 * HMAC against the token's signature, posting its progress and the hit (crack-progress.ts has the messages).
 */
import { LAB_KEY_HEADER } from '../../../shared/lab-key.ts';
import { crack, crackTarget, parseWordlist } from './crack.ts';
import type { CrackMessage, CrackRequest } from './crack-progress.ts';

// A dedicated worker's global scope (the DOM typings the renderer compiles with only know Window's postMessage).
const scope = self as unknown as {
  postMessage(message: CrackMessage): void;
  onmessage: ((event: MessageEvent<CrackRequest>) => void) | null;
};
const post = (message: CrackMessage) => scope.postMessage(message);

async function run({ token, url, labKey }: CrackRequest): Promise<void> {
  const target = crackTarget(token);
  if (!target.ok) return post({ type: 'failed', error: target.error });
  const res = await fetch(url, { headers: labKey ? { [LAB_KEY_HEADER]: labKey } : {} });
  if (!res.ok) return post({ type: 'failed', error: `the wordlist did not come: HTTP ${res.status}` });
  const words = parseWordlist(await res.text());
  post({ type: 'loaded', total: words.length });
  const started = performance.now();
  const secret = await crack(target.value, words, (tried, current) => post({ type: 'progress', tried, current }));
  const ms = performance.now() - started;
  post(
    secret === null
      ? { type: 'exhausted', tried: words.length, ms }
      : { type: 'found', tried: words.indexOf(secret) + 1, secret, ms },
  );
}

scope.onmessage = (event) => {
  run(event.data).catch((error: unknown) => post({ type: 'failed', error: (error as Error).message }));
};
