import { describe, expect, it } from 'vitest';
import { totpCode } from '../../../server/auth/totp.ts';
import { mfaSetupResponseSchema } from '../../../shared/api/mfa.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { scanAll } from '../../support/scan-all.ts';
import { openSse } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

describe.each(BACKENDS_WITH_CLUSTER)('TOTP MFA on $name', (backend) => {
  let now = Date.now();
  const lab = useLabServer(backend, { now: () => now });

  it('sets MFA up with a QR code, gates the next login until a code is verified, rotates the id and refuses a replayed code', async () => {
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const setup = await browser.post('/api/v1/mfa/setup');
    expect(setup.status).toBe(200);
    expect(mfaSetupResponseSchema.parse(setup.body)).toEqual(setup.body);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Session%20Lab:alice\?/);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = setup.body.secret as string;

    const wrong = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now - 300_000) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_MFA_CODE');
    const enabled = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now) });
    expect(enabled.status).toBe(200);
    expect(enabled.body.user.mfaEnabled).toBe(true);
    expect((await browser.post('/api/v1/session/logout')).status).toBe(204);

    const pending = await browser.login('alice', 'alice-lab-pass');
    expect(pending.status).toBe(200);
    expect(pending.body.session.state).toBe('mfa_pending');
    const pendingSid = browser.sid()!;
    for (const path of ['/api/v1/session/me', '/api/v1/session/list', '/api/v1/audit']) {
      const gated = await browser.get(path);
      expect(gated.status, path).toBe(403);
      expect(gated.body.error.code).toBe('MFA_PENDING');
    }
    const replay = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now) });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/already used/);
    const usedKeys = await scanAll(lab.t.store, 'sl:totp_used:*');
    expect(usedKeys).toHaveLength(1);
    expect(await lab.t.store.pttl(usedKeys[0]!)).toBeGreaterThan(60_000);

    now += 30_000;
    const verified = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now) });
    expect(verified.status).toBe(200);
    expect(verified.body.session).toMatchObject({ state: 'active', mfaVerified: true });
    expect(browser.sid()).not.toBe(pendingSid);
    expect(await lab.t.store.exists(`sl:sess:${pendingSid}`)).toBe(false);
    browser.csrf = verified.body.session.csrfToken;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    const events = (await browser.get('/api/v1/audit')).body.events.map((e: { event: string }) => e.event);
    expect(events).toEqual(expect.arrayContaining(['mfa_verified', 'rotated']));
  });

  it('keeps the secret being set up out of every stored value, change event and key view: sealed in the session record', async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events`, { 'X-Lab-Key': TEST_LAB_KEY });
    try {
      const browser = new LabClient(lab.served.url);
      await browser.login('admin', 'admin-lab-pass');
      const setup = await browser.post('/api/v1/mfa/setup');
      const secret = setup.body.secret as string;
      const key = `sl:sess:${browser.sid()}`;
      const raw = (await lab.t.store.get(key))!;
      expect(raw).not.toContain(secret);
      expect(JSON.parse(raw).totpSetup).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      const detail = await browser.agent
        .get(`/api/v1/inspector/keys/${encodeURIComponent(key)}`)
        .set('X-Lab-Key', TEST_LAB_KEY);
      expect(detail.status).toBe(200);
      expect(JSON.stringify(detail.body)).not.toContain(secret);
      await waitFor('the setup’s SET on the stream', () =>
        stream.events.find((event) => event.type === 'key' && JSON.stringify(event.data).includes('totpSetup')),
      );
      expect(JSON.stringify(stream.events)).not.toContain(secret);
      // The sealed secret still verifies: MFA turns on, and the record no longer holds it.
      const enabled = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now) });
      expect(enabled.status).toBe(200);
      expect(JSON.parse((await lab.t.store.get(key))!)).not.toHaveProperty('totpSetup');
      const har = await browser.agent.get('/api/v1/inspector/har').set('X-Lab-Key', TEST_LAB_KEY);
      expect(JSON.stringify(har.body)).not.toContain(secret);
    } finally {
      stream.close();
    }
  });

  it('lets a session that waits for MFA log out', async () => {
    const browser = new LabClient(lab.served.url);
    const pending = await browser.login('alice', 'alice-lab-pass');
    expect(pending.body.session.state).toBe('mfa_pending');
    const sid = browser.sid()!;
    expect((await browser.post('/api/v1/session/logout')).status).toBe(204);
    expect(await lab.t.store.exists(`sl:sess:${sid}`)).toBe(false);
  });

  it('ends a pending login after too many wrong codes', async () => {
    const browser = new LabClient(lab.served.url);
    const pending = await browser.login('alice', 'alice-lab-pass');
    expect(pending.body.session.state).toBe('mfa_pending');
    const sid = browser.sid()!;
    const answers: number[] = [];
    for (let i = 0; i < 7; i++)
      answers.push((await browser.post('/api/v1/mfa/verify', { code: String(100_000 + i) })).status);
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers[5]).toBe(429);
    expect(await lab.t.store.exists(`sl:sess:${sid}`)).toBe(false);
    expect(await lab.t.store.get(`sl:throttle:mfa:${pending.body.user.id}`)).toBe('6');
    await lab.t.store.del(`sl:throttle:mfa:${pending.body.user.id}`);
  });

  it('asks for a current code before MFA that is on can be replaced', async () => {
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    const secret = lab.t.accounts.findByUsername('alice')!.totpSecret!;
    now += 30_000;
    const verified = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now) });
    browser.csrf = verified.body.session.csrfToken;
    const bare = await browser.post('/api/v1/mfa/setup');
    expect(bare.status).toBe(401);
    expect(bare.body.error.code).toBe('INVALID_MFA_CODE');
    now += 30_000;
    const replaced = await browser.post('/api/v1/mfa/setup', { code: totpCode(secret, now) });
    expect(replaced.status).toBe(200);
    expect(replaced.body.secret).not.toBe(secret);
  });

  it('refuses to verify without a setup, and a malformed code', async () => {
    const browser = new LabClient(lab.served.url);
    await browser.login('bob', 'bob-lab-pass');
    const none = await browser.post('/api/v1/mfa/verify', { code: '123456' });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('MFA_NOT_SET_UP');
    const malformed = await browser.post('/api/v1/mfa/verify', { code: '12ab' });
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
  });
});
