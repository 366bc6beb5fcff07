import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openApp, useE2eApp } from '../support/e2e.ts';
import { seriousViolations } from './axe.ts';
import { hasChromium } from '../support/requirements.ts';
import { expectVerified, giveRealApiItsKid, loadAsAdmin, sendBoth } from './jwt-lab-flows.ts';
import { expectProved, expectSolved, isProved, openLab, resetLab, runStep } from './lab-support.ts';

describe.runIf(hasChromium())('labs 15–18: the JWT attacks (Chromium)', () => {
  const e2e = useE2eApp('sqlite');
  const switches = async () => {
    const res = await fetch(`${e2e.app.server.url}/api/v1/lab/jwt-attacks`, {
      headers: { 'X-Lab-Key': e2e.app.server.labKey },
    });
    return res.json();
  };

  it('lab 15: the secret cracked in a Web Worker signs an admin token the naive target takes and the real API refuses', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'jwt-weak-key');
    await runStep(page, 'naive-on');
    expect(await switches()).toEqual({ naiveVerifier: true, weakSecret: true });
    await runStep(page, 'target-token');
    expect(await expectProved(page, 'weak-token')).toMatch(
      /POST \/api\/v1\/lab\/jwt-attacks\/token → 200: a token for alice, alg HS256/,
    );

    const crack = page.getByTestId('jwt-crack');
    await crack.getByTestId('jwt-crack-start').click();
    await expect.poll(() => crack.getAttribute('data-status'), { timeout: 15_000 }).toBe('found');
    const words = (await crack.getByTestId('jwt-crack-words').textContent()) ?? '';
    expect(words).toMatch(/^Found it after [\d,]+ of [\d,]+ candidates in \d+\.\d\d s: the secret is “.+”\.$/);
    expect(await crack.getByTestId('jwt-crack-bar').getAttribute('value')).not.toBe('0');
    expect(await seriousViolations(page)).toEqual([]);

    const bench = await loadAsAdmin(page);
    // Before the secret: an empty field is no mistake, so a quiet hint and no other lab's trick (AA==), nothing red.
    expect(await bench.getByTestId('jwt-sign-key-error').getAttribute('class')).toBe('jwt-hint');
    expect(await bench.getByTestId('jwt-sign-key-error').textContent()).toMatch(/^No secret yet/);
    expect(await bench.getByTestId('jwt-tampered-no-key').count()).toBe(1);
    expect(await bench.locator('.jwt-error').count()).toBe(0);
    expect(await bench.getByTestId('jwt-sign-key-error').textContent()).not.toContain('AA==');
    await bench.getByTestId('jwt-sign-offer-cracked').click();
    await expectVerified(bench);
    expect(await isProved(page, 'forged-accepted')).toBe(false);
    expect(await sendBoth(bench)).toEqual({ target: '200', real: '401', code: expect.stringMatching(/^TOKEN_/) });
    expect(await bench.getByTestId('jwt-both-target').textContent()).toMatch(
      /Accepted by the naive verifier: it .*admin: true/,
    );
    expect(await bench.getByTestId('jwt-both-real').textContent()).toMatch(
      /Refused by the real verifier: .+GET \/api\/v1\/token\/data → 401 TOKEN_\w+$/,
    );
    expect(await expectProved(page, 'forged-accepted')).toMatch(
      /GET \/api\/v1\/lab\/jwt-target → 200, admin: true: the naive verifier/,
    );
    expect(await expectProved(page, 'real-refuses')).toMatch(
      /GET \/api\/v1\/token\/data → 401 TOKEN_\w+, for the token the naive target accepted/,
    );
    // Without a kid the real API stops at its first gate, and the card says that this is not its real defence.
    expect(await bench.getByTestId('jwt-both-real').textContent()).toMatch(
      /only its first gate.*401 TOKEN_KID_UNKNOWN$/s,
    );
    expect(await isProved(page, 'real-defence')).toBe(false);
    // Its best chance: its own kid, the same secret. It checks the signature and refuses, in words that say why.
    expect(await giveRealApiItsKid(page, bench, 'real-kid', 'real-kid')).toEqual({
      target: '401',
      real: '401',
      code: 'TOKEN_SIGNATURE_INVALID',
    });
    expect(await bench.getByTestId('jwt-both-real').textContent()).toMatch(
      /its real defence: its HS256 secret is 256 random bits/,
    );
    expect(await expectProved(page, 'real-defence')).toMatch(
      /GET \/api\/v1\/token\/data → 401 TOKEN_SIGNATURE_INVALID, for an admin token under its own kid “.+”/,
    );
    await expectSolved(page, 'jwt-weak-key');

    await resetLab(page);
    await expect.poll(switches).toEqual({ naiveVerifier: false, weakSecret: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 16: a key pair made in the page, its public key in the jwk header, then behind a jku on the evil origin', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    await openLab(page, 'jwt-key-injection');
    await runStep(page, 'naive-on');
    await runStep(page, 'target-token');
    const bench = await loadAsAdmin(page);
    await bench.getByTestId('jwt-sign-alg').selectOption('ES256');
    await bench.getByTestId('jwt-sign-generate').click();
    await expect.poll(() => bench.getByTestId('jwt-sign-private-key').inputValue()).toContain('"d"');
    await bench.getByTestId('jwt-sign-embed-jwk').click();
    expect(await bench.getByTestId('jwt-header-json').inputValue()).toMatch(
      /"alg": "ES256"[\s\S]*"jwk": \{[\s\S]*"kty": "EC"/,
    );
    expect(await bench.getByTestId('jwt-header-json').inputValue()).not.toContain('"d"');
    await expectVerified(bench);
    expect(await sendBoth(bench)).toEqual({ target: '200', real: '401', code: expect.stringMatching(/^TOKEN_/) });
    expect(await expectProved(page, 'jwk-accepted')).toMatch(
      /the naive verifier took the key from the token's own jwk header/,
    );
    expect(await isProved(page, 'jku-accepted')).toBe(false);

    await bench.getByTestId('jwt-sign-embed-jwk').click();
    expect(await bench.getByTestId('jwt-header-json').inputValue()).not.toContain('"jwk"');
    await bench.getByTestId('jwt-sign-publish-jku').click();
    await expect
      .poll(() => bench.getByTestId('jwt-header-jku').inputValue())
      .toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+\/jwks\.json$/);
    // What the evil origin serves, in view: its URL (the one in the header) and the key set, public members only.
    const published = bench.getByTestId('jwt-published-jwks');
    expect(await published.getByTestId('jwt-published-url').textContent()).toBe(
      await bench.getByTestId('jwt-header-jku').inputValue(),
    );
    expect(await published.locator('pre').textContent()).toMatch(/"keys": \[[\s\S]*"kty": "EC"/);
    expect(await published.locator('pre').textContent()).not.toContain('"d"');
    await expectVerified(bench);
    expect(await sendBoth(bench)).toEqual({ target: '200', real: '401', code: expect.stringMatching(/^TOKEN_/) });
    expect(await expectProved(page, 'jku-accepted')).toMatch(
      /fetched the key set from the jku URL http:\/\/(127\.0\.0\.1|localhost):\d+\/jwks\.json/,
    );
    expect(await expectProved(page, 'real-refuses')).toMatch(/→ 401 TOKEN_/);
    await expectSolved(page, 'jwt-key-injection');
    // The key area, both answers and the solved checks in view: nothing a screen reader or the keyboard would trip on.
    expect(await seriousViolations(page)).toEqual([]);
    await resetLab(page);
    await expect.poll(switches).toEqual({ naiveVerifier: false, weakSecret: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 17: kid walks to /dev/null, and an HS256 token signed with one zero byte (AA==) passes the naive target', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'jwt-kid');
    await runStep(page, 'naive-on');
    await runStep(page, 'target-token');
    const bench = await loadAsAdmin(page);
    // The target's token is ES256; the key area starts at HS256 and offers to make the header say so. Until then a
    // signature that matches the key is not called verified: the header would have it checked as ES256.
    await bench.getByTestId('jwt-sign-encoding-base64').check();
    await bench.getByTestId('jwt-sign-secret').fill('AA==');
    await expect.poll(() => bench.getByTestId('jwt-sign-verdict').getAttribute('data-verified')).toBe('alg-mismatch');
    expect(await bench.getByTestId('jwt-sign-verdict').textContent()).toMatch(
      /header says alg "ES256".*Set the header’s alg to HS256/,
    );
    await bench.getByTestId('jwt-sign-set-alg').click();
    expect(await bench.getByTestId('jwt-header-json').inputValue()).toContain('"alg": "HS256"');
    await bench.getByTestId('jwt-header-kid').fill('../../../../dev/null');
    expect(await bench.getByTestId('jwt-header-json').inputValue()).toContain('"kid": "../../../../dev/null"');
    await bench.getByTestId('jwt-sign-encoding-base64').check();
    await bench.getByTestId('jwt-sign-secret').fill('AA==');
    await expectVerified(bench);
    expect(await sendBoth(bench)).toEqual({ target: '200', real: '401', code: expect.stringMatching(/^TOKEN_/) });
    expect(await expectProved(page, 'kid-accepted')).toMatch(/read the key from the file .*dev\/null.* an empty file/);
    await expectProved(page, 'real-refuses');
    await expectSolved(page, 'jwt-kid');
    await resetLab(page);
    await expect.poll(switches).toEqual({ naiveVerifier: false, weakSecret: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lab 18: the unpublished ES256 key recovered from two tokens, its PEM as an HS256 secret', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1440, height: 900 } });
    await openLab(page, 'jwt-confusion');
    await runStep(page, 'naive-on');
    expect(await switches()).toEqual({ naiveVerifier: true, weakSecret: false });
    await runStep(page, 'target-tokens');
    expect(await expectProved(page, 'two-tokens')).toMatch(/two tokens, alg ES256/);
    await page.getByTestId('jwt-recover').click();
    const pem = (await page.getByTestId('jwt-recovered-pem').textContent()) ?? '';
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    const bench = await loadAsAdmin(page);
    await bench.getByTestId('jwt-sign-offer-recovered-pem').click();
    expect(await bench.getByTestId('jwt-header-json').inputValue()).toContain('"alg": "HS256"');
    expect(await bench.getByTestId('jwt-sign-secret').inputValue()).toBe(pem);
    expect(await bench.getByTestId('jwt-sign-pem-newline').count()).toBe(0);
    // Pasted as a mouse selection gives it, without the final newline: the key area warns and puts it back.
    await bench.getByTestId('jwt-sign-secret').fill(pem.trimEnd());
    await bench.getByTestId('jwt-sign-pem-add-newline').click();
    expect(await bench.getByTestId('jwt-sign-secret').inputValue()).toBe(pem);
    expect(await bench.getByTestId('jwt-sign-pem-newline').count()).toBe(0);
    await expectVerified(bench);
    expect(await sendBoth(bench)).toEqual({ target: '200', real: '401', code: expect.stringMatching(/^TOKEN_/) });
    expect(await expectProved(page, 'confusion-accepted')).toMatch(/used its ES256 public key as an HS256 secret/);
    await expectProved(page, 'real-refuses');
    expect(await isProved(page, 'real-defence')).toBe(false);
    expect(await giveRealApiItsKid(page, bench, 'real-jwks', 'real-pem')).toEqual({
      target: '401',
      real: '401',
      code: 'TOKEN_ALG_NOT_ALLOWED',
    });
    expect(await bench.getByTestId('jwt-both-real').textContent()).toMatch(
      /its real defence: each of its keys fixes its algorithm/,
    );
    expect(await expectProved(page, 'real-defence')).toMatch(
      /401 TOKEN_ALG_NOT_ALLOWED, for an admin token under its own kid/,
    );
    await expectSolved(page, 'jwt-confusion');
    expect(await seriousViolations(page)).toEqual([]);
    await resetLab(page);
    await expect.poll(switches).toEqual({ naiveVerifier: false, weakSecret: false });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the JWT debugger tab re-signs in the page: verified or not with the typed secret, a generated ES256 key, the alg it warns about', async () => {
    const { page, errors } = await openApp(e2e.browser, e2e.app.url, { viewport: { width: 1280, height: 720 } });
    await page.getByRole('tab', { name: 'JWT debugger' }).click();
    const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"1","role":"user"}').toString('base64url')}`;
    const token = `${input}.${createHmac('sha256', 'secret1').update(input).digest('base64url')}`;
    await page.getByTestId('jwt-input').fill(token);
    const verdict = page.getByTestId('jwt-sign-verdict');
    expect(await verdict.getAttribute('data-verified')).toBeNull();
    await page.getByTestId('jwt-sign-secret').fill('secret2');
    await expect.poll(() => verdict.getAttribute('data-verified')).toBe('false');
    expect(await verdict.textContent()).toMatch(/Not verified with this key/);
    await page.getByTestId('jwt-sign-secret').fill('secret1');
    await expect.poll(() => verdict.getAttribute('data-verified')).toBe('true');

    // Edited, the old signature no longer checks out; re-signed with the same secret, it does again.
    const payload = page.getByTestId('jwt-payload-json');
    await payload.fill((await payload.inputValue()).replace('"role": "user"', '"role": "admin"'));
    await expect.poll(() => verdict.getAttribute('data-verified')).toBe('false');
    await page.getByTestId('jwt-signature-sign').check();
    await expect.poll(() => verdict.getAttribute('data-verified')).toBe('true');
    const signed = (await page.getByTestId('jwt-tampered').textContent()) ?? '';
    const [header, body, mac] = signed.split('.');
    expect(mac).toBe(createHmac('sha256', 'secret1').update(`${header}.${body}`).digest('base64url'));

    // A key pair: choosing ES256 sets the header's alg too; with no key yet the area says quietly what to paste.
    await page.getByTestId('jwt-sign-alg').selectOption('ES256');
    expect(await page.getByTestId('jwt-header-json').inputValue()).toContain('"alg": "ES256"');
    expect(await page.getByTestId('jwt-sign-key-error').getAttribute('class')).toBe('jwt-hint');
    await page.getByTestId('jwt-sign-generate').click();
    await expect.poll(() => verdict.getAttribute('data-verified')).toBe('true');
    await page.getByTestId('jwt-header-kid').fill('mine');
    expect(await page.getByTestId('jwt-header-json').inputValue()).toContain('"kid": "mine"');
    await page.getByTestId('jwt-header-kid').fill('');
    expect(await page.getByTestId('jwt-header-json').inputValue()).not.toContain('"kid"');
    await page.getByTestId('jwt-sign-private-key').fill('{"kty":"EC"}');
    await expect
      .poll(() => page.getByTestId('jwt-sign-key-error').textContent())
      .toMatch(/public key \(it has no "d"\)/);
    expect(await page.getByTestId('jwt-sign-key-error').getAttribute('class')).toBe('jwt-error');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
