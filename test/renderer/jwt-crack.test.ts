import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crack, crackTarget, parseWordlist } from '../../renderer/src/jwt-attacks/crack.ts';
import {
  IDLE_CRACK,
  STARTING_CRACK,
  crackFraction,
  crackWords,
  nextCrackState,
  type CrackMessage,
} from '../../renderer/src/jwt-attacks/crack-progress.ts';

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function hsToken(secret: string, alg = 'HS256'): string {
  const input = `${segment({ alg, typ: 'JWT' })}.${segment({ sub: '1', role: 'user' })}`;
  return `${input}.${createHmac(`sha${alg.slice(2)}`, secret)
    .update(input)
    .digest('base64url')}`;
}

describe('the wordlist crack', () => {
  it('finds the secret node:crypto signed with, reporting progress as it goes', async () => {
    const words = Array.from({ length: 230 }, (_, i) => `word${i}`);
    words[180] = 'secret1';
    const target = crackTarget(hsToken('secret1'));
    if (!target.ok) throw new Error(target.error);
    const reports: [number, string][] = [];
    expect(await crack(target.value, words, (tried, current) => reports.push([tried, current]), 50)).toBe('secret1');
    expect(reports).toEqual([
      [50, 'word49'],
      [100, 'word99'],
      [150, 'word149'],
      [181, 'secret1'],
    ]);
  });

  it.each(['HS384', 'HS512'])('cracks %s too', async (alg) => {
    const target = crackTarget(hsToken('changeme', alg));
    if (!target.ok) throw new Error(target.error);
    expect(await crack(target.value, ['a', 'b', 'changeme'], () => {})).toBe('changeme');
  });

  it('answers null when the secret is not in the list, after reporting every word tried', async () => {
    const target = crackTarget(hsToken('not-in-the-list'));
    if (!target.ok) throw new Error(target.error);
    const reports: number[] = [];
    expect(await crack(target.value, ['a', 'b', 'c'], (tried) => reports.push(tried), 2)).toBeNull();
    expect(reports).toEqual([2, 3]);
  });

  it('refuses, in words, a token that is not HMAC-signed or has no signature', () => {
    expect(crackTarget(`${segment({ alg: 'ES256' })}.${segment({})}.AAAA`)).toEqual({
      ok: false,
      error: expect.stringMatching(/ES256: a wordlist cracks only a shared secret/),
    });
    expect(crackTarget(`${segment({ alg: 'HS256' })}.${segment({})}.`)).toEqual({
      ok: false,
      error: 'The token carries no signature to test',
    });
    expect(crackTarget('nope').ok).toBe(false);
  });

  it('reads a wordlist one word a line: CRLF, empty lines and repeats handled, spaces kept', () => {
    expect(parseWordlist('secret\r\n\nsecret1\nsecret\n with space\n')).toEqual(['secret', 'secret1', ' with space']);
  });
});

describe('the crack progress model', () => {
  const fold = (messages: CrackMessage[]) => messages.reduce(nextCrackState, STARTING_CRACK);

  it('says where the run is: fetching, tried N of M with the current word, found, exhausted, failed', () => {
    expect(crackWords(IDLE_CRACK)).toBe('Not started.');
    expect(crackWords(STARTING_CRACK)).toBe('Fetching the wordlist…');
    const running = fold([
      { type: 'loaded', total: 3000 },
      { type: 'progress', tried: 1200, current: 'hunter2' },
    ]);
    expect(crackFraction(running)).toBe(0.4);
    expect(crackWords(running)).toBe('Tried 1,200 of 3,000 candidates (40%): now at “hunter2”');
    const found = nextCrackState(running, { type: 'found', tried: 1201, secret: 'secret1', ms: 183 });
    expect(found).toMatchObject({ status: 'found', secret: 'secret1', tried: 1201, ms: 183 });
    expect(crackWords(found)).toBe('Found it after 1,201 of 3,000 candidates in 0.18 s: the secret is “secret1”.');
    expect(
      crackWords(
        fold([
          { type: 'loaded', total: 3 },
          { type: 'exhausted', tried: 3, ms: 12_500 },
        ]),
      ),
    ).toMatch(/None of the 3 candidates/);
    expect(crackWords(fold([{ type: 'failed', error: 'the wordlist did not come: HTTP 401' }]))).toBe(
      'The crack stopped: the wordlist did not come: HTTP 401',
    );
  });

  it('never goes backwards, and a finished run ignores late messages', () => {
    const state = fold([
      { type: 'loaded', total: 100 },
      { type: 'progress', tried: 60, current: 'x' },
      { type: 'progress', tried: 50, current: 'y' },
    ]);
    expect(state.tried).toBe(60);
    const found = nextCrackState(state, { type: 'found', tried: 61, secret: 's', ms: 1 });
    expect(nextCrackState(found, { type: 'progress', tried: 99, current: 'z' })).toBe(found);
    expect(crackFraction(IDLE_CRACK)).toBe(0);
  });
});

describe("the page's CSP and the worker", () => {
  it('lets the cracker run as a Web Worker from the page’s own origin, in the browser and in the desktop window', async () => {
    const { contentSecurityPolicy } = await import('../../shared/content-security-policy.ts');
    for (const connectSrc of ["'self'", 'http://127.0.0.1:41234'])
      expect(contentSecurityPolicy(connectSrc).split('; ')).toContain("worker-src 'self'");
  });
});
