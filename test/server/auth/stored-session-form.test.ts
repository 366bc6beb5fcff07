import { describe, expect, it } from 'vitest';
import { CookieSigner } from '../../../server/auth/cookie-signer.ts';
import { loadSecrets } from '../../../server/auth/secrets.ts';
import { newSid } from '../../../server/auth/session-keys.ts';
import { readStoredRecord, storedJson, type SessionRecord } from '../../../server/auth/session-record.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useAppPerTest } from '../../support/lab-server.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

const T0 = Date.UTC(2026, 11, 5, 17, 0, 0);
const full: SessionRecord = {
  uid: 7,
  acct: 'p0Vx3Sk1Gq8yZbHn4TtW2A',
  state: 'mfa_pending',
  created: T0,
  seen: T0 + 12_345,
  until: T0 + 604_800_000,
  mfa: true,
  ua: 'Firefox 133 on Windows',
  ip: '::1',
  remember: true,
  fp: 'Zm9vYmFyYmF6cXV4cXV1eA',
  totpSetup: 'v1.aXY.Y3Q',
};

describe('the stored form of a session record', () => {
  it('is compact: short names, times after the creation as offsets, defaults left out', () => {
    const plain: SessionRecord = { ...full, state: 'active', mfa: false, remember: false };
    delete plain.fp;
    delete plain.totpSetup;
    expect(storedJson(plain)).toBe(
      `{"v":2,"u":7,"a":"${full.acct}","c":${T0},"l":12345,"e":604800000,"ua":"Firefox 133 on Windows","ip":"::1"}`,
    );
    expect(JSON.parse(storedJson(full))).toEqual({
      v: 2,
      u: 7,
      a: full.acct,
      s: 'mfa_pending',
      c: T0,
      l: 12_345,
      e: 604_800_000,
      m: 1,
      r: 1,
      ua: full.ua,
      ip: full.ip,
      fp: full.fp,
      totpSetup: full.totpSetup,
    });
  });

  it('reads back every field it was written with, and leaves out koa-session’s bookkeeping', () => {
    expect(readStoredRecord(storedJson(full))).toEqual({ record: full, format: 2 });
    const plain: SessionRecord = { ...full, state: 'active', mfa: false, remember: false };
    delete plain.fp;
    delete plain.totpSetup;
    expect(readStoredRecord(storedJson(plain))).toEqual({ record: plain, format: 2 });
    const withBookkeeping = { ...plain, _expire: T0 + 1, _maxAge: 1_800_000 } as SessionRecord;
    expect(storedJson(withBookkeeping)).toBe(storedJson(plain));
  });

  it('still reads the long form written before version 2', () => {
    const long = `{"uid":2,"acct":"k","state":"active","created":${T0},"seen":${T0 + 5},"until":${T0 + 9},"mfa":false,"ua":"Node.js","ip":"127.0.0.1"}`;
    expect(readStoredRecord(long)).toEqual({ record: JSON.parse(long), format: 1 });
  });

  it('refuses what is not a session record it wrote: another version, a missing or wrong field, not JSON', () => {
    const good = JSON.parse(storedJson(full)) as Record<string, unknown>;
    for (const bad of [
      { ...good, v: 3 },
      { ...good, u: '7' },
      { ...good, a: undefined },
      { ...good, s: 'active' },
      { ...good, c: undefined },
      { ...good, l: '0' },
      { ...good, e: null },
      { uid: 2, state: 'signed_in', created: 1, seen: 1, until: 2 },
    ])
      expect(readStoredRecord(JSON.stringify(bad)), JSON.stringify(bad)).toBeNull();
    for (const raw of ['not json', '42', 'null', '[]']) expect(readStoredRecord(raw), raw).toBeNull();
  });
});

describe.each(BACKENDS_WITH_CLUSTER)('a session stored in the long form on $name', (backend) => {
  const app = useAppPerTest(backend);

  /** A browser holding a signed cookie for a session written in the long form (as a server before version 2 did). */
  async function longFormSession(now: () => number): Promise<{ browser: LabClient; sid: string; created: number }> {
    await app.start({ config: { sessionTouchMs: 5_000 }, now });
    const { t, served } = app;
    const alice = t.accounts.findByUsername('alice')!;
    const sid = newSid();
    const created = now() - 60_000;
    const long = {
      uid: alice.id,
      acct: alice.accountKey,
      state: 'active',
      created,
      seen: created,
      until: created + t.config.sessionAbsoluteTtlMs,
      mfa: false,
      ua: 'Old 1.0',
      ip: '127.0.0.1',
    };
    await t.store.multi([
      { op: 'set', key: `sl:sess:${sid}`, value: JSON.stringify(long), px: 600_000 },
      { op: 'sadd', key: `sl:user_sessions:${alice.id}`, members: [sid] },
      { op: 'pexpire', key: `sl:user_sessions:${alice.id}`, ms: 600_000 },
    ]);
    const signer = new CookieSigner(loadSecrets(t.dataDir).cookieKeys);
    const browser = new LabClient(served.url);
    browser.agent.jar.setCookies(
      [`sl_session=${sid}; Path=/`, `sl_session.sig=${signer.sign(`sl_session=${sid}`)}; Path=/`],
      '127.0.0.1',
      '/',
    );
    return { browser, sid, created };
  }

  it('still opens, keeps its times, and is stored compact at its next write', async () => {
    let now = Date.now();
    const { browser, sid, created } = await longFormSession(() => now);
    const me = await browser.get('/api/v1/session/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('alice');
    expect(me.body.session).toMatchObject({
      state: 'active',
      createdAt: created,
      absoluteExpiresAt: created + app.t.config.sessionAbsoluteTtlMs,
    });
    // Used within the touch interval of its last renewal? No: 60 s ago. So this request renewed it, compact.
    const raw = (await app.t.store.get(`sl:sess:${sid}`))!;
    expect(JSON.parse(raw)).toMatchObject({ v: 2, c: created, l: now - created, e: app.t.config.sessionAbsoluteTtlMs });
    expect(readStoredRecord(raw)!.record).toMatchObject({ ua: 'Old 1.0', state: 'active', seen: now });
    now += 1_000;
    expect((await browser.get('/api/v1/session/me')).status).toBe(200);
  });

  it('is listed, and found by sign-out-everywhere through the index', async () => {
    const { browser, sid, created } = await longFormSession(() => Date.now());
    const indexKey = `sl:user_sessions:${app.t.accounts.findByUsername('alice')!.id}`;
    const ttlBefore = await app.t.store.pttl(indexKey);
    // Another login of alice's, in the compact form, signs the long-form one out. Its index was a set (as written
    // before the sorted set): the login's ZADD meets WRONGTYPE, the set becomes a sorted set by login time, and it
    // runs again.
    const laptop = new LabClient(app.served.url, 'Laptop');
    await laptop.login('alice', 'alice-lab-pass');
    expect(await app.t.store.type(indexKey)).toBe('zset');
    const index = await app.t.store.zrange(indexKey);
    expect(index).toHaveLength(2);
    expect(index[0]).toEqual({ member: sid, score: created });
    // Raised (never lowered) to the new login's absolute expiry, as for any index.
    expect(await app.t.store.pttl(indexKey)).toBeGreaterThan(ttlBefore);
    const list = await laptop.get('/api/v1/session/list');
    expect(list.body.sessions.map((s: { userAgent: string }) => s.userAgent)).toEqual(['Old 1.0', 'Laptop']);
    expect((await laptop.post('/api/v1/session/revoke-others')).body).toEqual({ revoked: 1 });
    expect(await app.t.store.exists(`sl:sess:${sid}`)).toBe(false);
    expect((await browser.get('/api/v1/session/me')).status).toBe(401);
  });
});
