import { describe, expect, it } from 'vitest';
import { readStoredRecord } from '../../../server/auth/session-record.ts';
import { totpCode } from '../../../server/auth/totp.ts';
import type { Config } from '../../../server/config.ts';
import { meResponseSchema } from '../../../shared/api/session.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useAppPerTest } from '../../support/lab-server.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

const DAY = 86_400_000;

/** The `sl_session` and `sl_session.sig` lines of an answer's Set-Cookie. */
function sessionCookies(res: { headers: Record<string, unknown> }): string[] {
  const lines = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return lines.filter((line) => /^sl_session(\.sig)?=[^;]/.test(line));
}

/** The `expires` of a Set-Cookie line as epoch ms, or null for a browser-session cookie. */
function expiresOf(line: string): number | null {
  const match = /;\s*expires=([^;]+)/i.exec(line);
  return match ? Date.parse(match[1]!) : null;
}

describe.each(BACKENDS_WITH_CLUSTER)('Remember me on $name', (backend) => {
  const app = useAppPerTest(backend);
  let now: number;

  async function start(config: Partial<Config> = {}): Promise<LabClient> {
    now = Date.now();
    return app.start({ config, now: () => now });
  }

  async function login(browser: LabClient, remember?: boolean) {
    const body = { username: 'alice', password: 'alice-lab-pass', ...(remember === undefined ? {} : { remember }) };
    const res = await browser.post('/api/v1/session/login', body);
    expect(res.status).toBe(200);
    browser.csrf = res.body.session.csrfToken;
    return res;
  }

  const raw = async (sid: string) => (await app.t.store.get(`sl:sess:${sid}`))!;
  const record = async (sid: string) => readStoredRecord(await raw(sid))!.record;

  it('unticked (or left out): a browser-session cookie and the idle and absolute lifetimes', async () => {
    const browser = await start();
    for (const remember of [undefined, false]) {
      const res = await login(browser, remember);
      const cookies = sessionCookies(res);
      expect(cookies).toHaveLength(2);
      for (const line of cookies) expect(line).not.toMatch(/expires=|max-age=/i);
      expect(res.body.session.remembered).toBe(false);
      const sid = browser.sid()!;
      const stored = await record(sid);
      expect(stored.remember).toBe(false);
      // Stored compact, the default left out: no `r`.
      expect(JSON.parse(await raw(sid))).not.toHaveProperty('r');
      expect(stored.until - stored.created).toBe(app.t.config.sessionAbsoluteTtlMs);
      expect(await app.t.store.pttl(`sl:sess:${sid}`)).toBeLessThanOrEqual(app.t.config.sessionIdleTtlMs);
    }
  });

  it('ticked: a persistent cookie and a key that both live --remember-me-ttl (7 days), with no idle timeout', async () => {
    const browser = await start();
    const res = await login(browser, true);
    const cookies = sessionCookies(res);
    expect(cookies).toHaveLength(2);
    for (const line of cookies) {
      expect(line).toMatch(/; httponly/i);
      // Koa dates the cookie from the real clock; the header has whole seconds.
      expect(Math.abs(expiresOf(line)! - (Date.now() + 7 * DAY))).toBeLessThan(5_000);
    }
    expect(meResponseSchema.parse(res.body).session).toMatchObject({ remembered: true, state: 'active' });
    expect(res.body.session.absoluteExpiresAt - res.body.session.createdAt).toBe(7 * DAY);
    // No idle timeout: the key (and the panel's idle expiry) run to the end.
    expect(res.body.session.idleExpiresAt).toBe(res.body.session.absoluteExpiresAt);
    const sid = browser.sid()!;
    const stored = await record(sid);
    expect(stored.remember).toBe(true);
    expect(stored.until - stored.created).toBe(app.t.config.rememberMeTtlMs);
    expect(JSON.parse(await raw(sid))).toMatchObject({ r: 1, e: app.t.config.rememberMeTtlMs });
    // The index outlives its member (read first: both count down meanwhile, from the same expiry).
    const indexTtl = await app.t.store.pttl(`sl:user_sessions:${stored.uid}`);
    const ttl = await app.t.store.pttl(`sl:sess:${sid}`);
    expect(ttl).toBeGreaterThan(7 * DAY - 5_000);
    expect(ttl).toBeLessThanOrEqual(7 * DAY);
    expect(indexTtl).toBeGreaterThanOrEqual(ttl);
  });

  it('renewal keeps the kind: a remembered session is sent its persistent cookie again, a browser one its session cookie', async () => {
    const browser = await start({ rememberMeTtlMs: 3 * DAY });
    await login(browser, true);
    const sid = browser.sid()!;
    now += 2 * 3_600_000;
    const renewed = await browser.get('/api/v1/session/me');
    expect(renewed.status).toBe(200);
    expect(renewed.body.session.remembered).toBe(true);
    const stored = await record(sid);
    expect(stored).toMatchObject({ remember: true, seen: now });
    const cookies = sessionCookies(renewed);
    expect(cookies).toHaveLength(2);
    // The cookie still ends when the session does (3 days after the login), not 3 days after the renewal.
    for (const line of cookies)
      expect(Math.abs(expiresOf(line)! - (Date.now() + stored.until - now))).toBeLessThan(5_000);
    const ttl = await app.t.store.pttl(`sl:sess:${sid}`);
    expect(ttl).toBeGreaterThan(stored.until - now - 5_000);
    expect(ttl).toBeLessThanOrEqual(stored.until - now);

    const other = new LabClient(app.served.url);
    await login(other, false);
    now += 2 * 3_600_000;
    const plain = await other.get('/api/v1/session/me');
    expect(plain.status).toBe(200);
    expect(plain.body.session.remembered).toBe(false);
    const plainCookies = sessionCookies(plain);
    expect(plainCookies).toHaveLength(2);
    for (const line of plainCookies) expect(line).not.toMatch(/expires=|max-age=/i);
  });

  it('the MFA step keeps the kind under the new session id', async () => {
    const browser = await start();
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    app.t.accounts.update(app.t.accounts.findByUsername('alice')!.id, { totpSecret: secret });
    const pending = await login(browser, true);
    expect(pending.body.session).toMatchObject({ state: 'mfa_pending', remembered: true });
    const verified = await browser.post('/api/v1/mfa/verify', { code: totpCode(secret, now) });
    expect(verified.status).toBe(200);
    expect(verified.body.session).toMatchObject({ state: 'active', remembered: true });
    for (const line of sessionCookies(verified)) expect(expiresOf(line)).not.toBeNull();
    expect((await record(browser.sid()!)).remember).toBe(true);
  });

  it('the absolute lifetime still ends a remembered session, however active', async () => {
    const browser = await start({ rememberMeTtlMs: DAY });
    await login(browser, true);
    const sid = browser.sid()!;
    now += DAY - 1_000;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
    now += 1_000;
    const ended = await browser.get('/api/v1/session/me');
    expect(ended.status).toBe(401);
    expect(ended.body.error.code).toBe('SESSION_EXPIRED');
    expect(await app.t.store.exists(`sl:sess:${sid}`)).toBe(false);
    const audit = app.t.accounts.db.prepare("SELECT detail FROM audit_events WHERE event = 'expired'").all();
    expect(audit).toEqual([{ detail: 'absolute lifetime reached' }]);
  });

  it('refuses a remember that is not a boolean, 400 with its code', async () => {
    const browser = await start();
    for (const remember of ['yes', 1, null, {}]) {
      const res = await browser.post('/api/v1/session/login', {
        username: 'alice',
        password: 'alice-lab-pass',
        remember,
      });
      expect(res.status, JSON.stringify(remember)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(browser.sid()).toBeUndefined();
  });
});
