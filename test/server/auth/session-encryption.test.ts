import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../server/config.ts';
import { SESSION_KEYS_FILE } from '../../../server/auth/session-key-file.ts';
import { keyDetailSchema, tamperResponseSchema } from '../../../shared/api/inspector.ts';
import { sessionEncryptionSchema } from '../../../shared/api/lab-session-encryption.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useAppPerTest } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

const SWITCH = '/api/v1/lab/session-encryption';
const ME = '/api/v1/session/me';
const keyPath = (key: string) => `/api/v1/inspector/keys/${encodeURIComponent(key)}`;

interface Envelope {
  enc: string;
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

describe.each(BACKENDS_WITH_CLUSTER)('session records encrypted at rest on $name', (backend) => {
  const app = useAppPerTest(backend);
  let now = Date.now();

  async function start(config: Partial<Config> = { encryptSessions: 'on' }): Promise<LabClient> {
    now = Date.now();
    return app.start({ config, now: () => now });
  }
  const window = () => new LabClient(app.served.url);
  const stored = async (sid: string) => (await app.t.store.get(`sl:sess:${sid}`))!;
  const envelope = async (sid: string) => JSON.parse(await stored(sid)) as Envelope;

  it('stores ciphertext with no plaintext in it, a fresh nonce per write, and reads it back', async () => {
    // Off at launch, no key file is made; on at launch, it is made (or checked) at the start.
    await start({ encryptSessions: 'off' });
    expect(existsSync(path.join(app.t.dataDir, SESSION_KEYS_FILE))).toBe(false);
    await app.close();
    const browser = await start();
    expect(existsSync(path.join(app.t.dataDir, SESSION_KEYS_FILE))).toBe(true);
    const commands: string[] = [];
    app.t.store.onChange((change) => commands.push(change.command));
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    const raw = await stored(sid);
    // The command log (the change feed) and the console show the value exactly as stored.
    const set = commands.find((command) => command.startsWith(`${backend.command(`SET sl:sess:${sid}`)} `))!;
    expect(set).toContain(raw);
    const console = await window()
      .post('/api/v1/inspector/console', { command: `GET sl:sess:${sid}` })
      .set('X-Lab-Key', TEST_LAB_KEY);
    expect(console.body.output).toContain('A256GCM');
    expect(console.body.output).not.toContain('"ua"');
    expect(raw).toMatch(/^\{"enc":"A256GCM","kid":"k1","iv":"[\w-]{16}","ct":"[\w-]+","tag":"[\w-]{22}"\}$/);
    for (const plain of ['"u"', '"ua"', '"ip"', 'LabClient', '127.0.0.1', 'alice']) expect(raw).not.toContain(plain);
    // The keys sit with the other secrets, readable by the owner alone.
    expect(statSync(path.join(app.t.dataDir, SESSION_KEYS_FILE)).mode & 0o777).toBe(0o600);

    const me = await browser.get(ME);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('alice');
    // A later write of the same session (the idle TTL renewed) uses a new nonce.
    now += 60_000;
    expect((await browser.get(ME)).status).toBe(200);
    const second = await envelope(sid);
    expect(second.iv).not.toBe(JSON.parse(raw).iv);
    expect(second.ct).not.toBe(JSON.parse(raw).ct);
  });

  it("shows the ciphertext as stored and, to the app's window alone, what the server sees", async () => {
    const browser = await start();
    await browser.login('alice', 'alice-lab-pass');
    const key = `sl:sess:${browser.sid()!}`;
    const refused = await window().get(keyPath(key));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('LAB_KEY_REQUIRED');
    const detail = keyDetailSchema.parse((await window().get(keyPath(key)).set('X-Lab-Key', TEST_LAB_KEY)).body);
    expect(detail.value).toContain('"enc": "A256GCM"');
    expect(detail.value).not.toContain('"ua"');
    expect(detail.serverSees).toMatchObject({ kid: 'k1', error: null });
    expect(JSON.parse(detail.serverSees!.value!)).toMatchObject({
      v: 2,
      u: expect.any(Number),
      ua: expect.any(String),
    });
    expect(detail.decoded).toMatchObject({ kind: 'session', user: { username: 'alice' }, state: 'active' });
  });

  it('answers 401 SESSION_UNREADABLE for a record copied under another id, and never trusts it', async () => {
    const alice = await start();
    await alice.login('alice', 'alice-lab-pass');
    const bob = new LabClient(app.served.url);
    await bob.login('bob', 'bob-lab-pass');
    // The attacker with write access to the store puts alice's record under bob's session id.
    await app.t.store.set(`sl:sess:${bob.sid()!}`, await stored(alice.sid()!), { keepTtl: true, xx: true });
    const copied = await bob.get(ME);
    expect(copied.status).toBe(401);
    expect(copied.body.error.code).toBe('SESSION_UNREADABLE');
    // Kept to its TTL, never trusted: the same cookie gets the same answer.
    expect(await app.t.store.exists(`sl:sess:${bob.sid()!}`)).toBe(true);
    expect((await bob.get(ME)).body.error.code).toBe('SESSION_UNREADABLE');
    expect((await alice.get(ME)).status).toBe(200);
  });

  it('flips one byte of the ciphertext from the key detail (window only, TTL kept): the session answers 401 SESSION_UNREADABLE, never a 500', async () => {
    const browser = await start();
    await browser.login('alice', 'alice-lab-pass');
    const key = `sl:sess:${browser.sid()!}`;
    const before = await envelope(browser.sid()!);
    const pttl = await app.t.store.pttl(key);
    const refused = await browser.post(`${keyPath(key)}/tamper`);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('LAB_KEY_REQUIRED');
    const tampered = await window()
      .post(`${keyPath(key)}/tamper`)
      .set('X-Lab-Key', TEST_LAB_KEY);
    expect(tampered.status).toBe(200);
    const answer = tamperResponseSchema.parse(tampered.body);
    const after = await envelope(browser.sid()!);
    expect({ ...after, ct: before.ct }).toEqual(before);
    const [a, b] = [Buffer.from(before.ct, 'base64url'), Buffer.from(after.ct, 'base64url')];
    expect(a.length).toBe(b.length);
    expect([...a].filter((byte, i) => byte !== b[i])).toHaveLength(1);
    expect(a[answer.byte.index]! ^ b[answer.byte.index]!).toBe(1);
    expect(answer.pttl).toBeGreaterThan(0);
    expect(answer.pttl).toBeLessThanOrEqual(pttl);
    expect(await app.t.store.pttl(key)).toBeGreaterThan(0);

    const detail = keyDetailSchema.parse((await window().get(keyPath(key)).set('X-Lab-Key', TEST_LAB_KEY)).body);
    expect(detail.serverSees).toMatchObject({ kid: 'k1', value: null, error: { code: 'SESSION_UNREADABLE' } });
    const refusedSession = await browser.get(ME);
    expect(refusedSession.status).toBe(401);
    expect(refusedSession.body.error.code).toBe('SESSION_UNREADABLE');
    // Left to its TTL, never trusted: every request with the cookie answers the same until a new login replaces it.
    expect(await app.t.store.pttl(key)).toBeGreaterThan(0);
    const again = await browser.get(ME);
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('SESSION_UNREADABLE');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await browser.login('alice', 'alice-lab-pass')).status).toBe(200);
    expect(browser.sid()).not.toBe(key.slice('sl:sess:'.length));
    expect((await browser.get(ME)).status).toBe(200);
  });

  it('answers 401 SESSION_KEY_UNKNOWN for a key id the server does not hold', async () => {
    const browser = await start();
    await browser.login('alice', 'alice-lab-pass');
    const sid = browser.sid()!;
    await app.t.store.set(`sl:sess:${sid}`, JSON.stringify({ ...(await envelope(sid)), kid: 'k9' }), { keepTtl: true });
    const answer = await browser.get(ME);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('SESSION_KEY_UNKNOWN');
  });

  it('refuses tampering with what is not ciphertext', async () => {
    const browser = await start({ encryptSessions: 'off' });
    await browser.login('alice', 'alice-lab-pass');
    const tamper = (key: string) =>
      window()
        .post(`${keyPath(key)}/tamper`)
        .set('X-Lab-Key', TEST_LAB_KEY);
    const plain = await tamper(`sl:sess:${browser.sid()!}`);
    expect(plain.status).toBe(400);
    expect(plain.body.error.code).toBe('BAD_REQUEST');
    expect((await tamper(`sl:user_sessions:1`)).status).toBe(400);
    expect((await tamper('sl:sess:nope')).status).toBe(404);
    expect((await browser.get(ME)).status).toBe(200);
  });

  it('rotates keys: new writes use the new key, records under the old one still decrypt', async () => {
    const alice = await start();
    await alice.login('alice', 'alice-lab-pass');
    expect((await window().post(`${SWITCH}/rotate`)).status).toBe(401);
    const rotated = await window().post(`${SWITCH}/rotate`).set('X-Lab-Key', TEST_LAB_KEY);
    expect(sessionEncryptionSchema.parse(rotated.body)).toEqual({
      enabled: true,
      atLaunch: true,
      currentKid: 'k2',
      kids: ['k1', 'k2'],
    });
    expect((await envelope(alice.sid()!)).kid).toBe('k1');
    expect((await alice.get(ME)).status).toBe(200);
    const bob = new LabClient(app.served.url);
    await bob.login('bob', 'bob-lab-pass');
    expect((await envelope(bob.sid()!)).kid).toBe('k2');
    // Alice's next write re-encrypts her record under the current key.
    now += 60_000;
    expect((await alice.get(ME)).status).toBe(200);
    expect((await envelope(alice.sid()!)).kid).toBe('k2');
    expect(statSync(path.join(app.t.dataDir, SESSION_KEYS_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reads both forms whichever way the switch stands; DELETE /lab/switches puts it back as launched', async () => {
    const plainFirst = await start({ encryptSessions: 'off' });
    await plainFirst.login('alice', 'alice-lab-pass');
    expect(JSON.parse(await stored(plainFirst.sid()!))).toMatchObject({ v: 2, u: expect.any(Number) });
    expect((await window().put(SWITCH, { enabled: true })).status).toBe(401);
    const on = await window().put(SWITCH, { enabled: true }).set('X-Lab-Key', TEST_LAB_KEY);
    expect(on.body).toMatchObject({ enabled: true, atLaunch: false });
    expect((await plainFirst.get(ME)).status).toBe(200);
    const encrypted = new LabClient(app.served.url);
    await encrypted.login('bob', 'bob-lab-pass');
    expect((await envelope(encrypted.sid()!)).enc).toBe('A256GCM');
    const switches = await window().get('/api/v1/lab/switches').set('X-Lab-Key', TEST_LAB_KEY);
    expect(switches.body.changed).toContainEqual({
      group: 'session-encryption',
      name: 'session encryption at rest',
      now: 'on',
      launch: 'off',
    });
    const restored = await window().delete('/api/v1/lab/switches').set('X-Lab-Key', TEST_LAB_KEY);
    expect(restored.status).toBe(200);
    expect(restored.body.changed.filter((c: { group: string }) => c.group === 'session-encryption')).toEqual([]);
    expect((await window().get(SWITCH).set('X-Lab-Key', TEST_LAB_KEY)).body.enabled).toBe(false);
    // Off again: the encrypted record still opens; new writes are plain.
    expect((await encrypted.get(ME)).status).toBe(200);
    const later = new LabClient(app.served.url);
    await later.login('admin', 'admin-lab-pass');
    expect(JSON.parse(await stored(later.sid()!))).toMatchObject({ v: 2, u: expect.any(Number) });
    const bad = await window().put(SWITCH, { enabled: 'yes' }).set('X-Lab-Key', TEST_LAB_KEY);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
