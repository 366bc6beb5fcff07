import { describe, expect, it } from 'vitest';
import type { Config } from '../../../server/config.ts';
import { keyDetailSchema, sealResponseSchema } from '../../../shared/api/inspector.ts';
import { BACKENDS } from '../../support/backends.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useAppPerTest } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

const SWITCH = '/api/v1/lab/session-encryption';
const ME = '/api/v1/session/me';
const sealPath = (key: string) => `/api/v1/inspector/keys/${encodeURIComponent(key)}/seal`;

describe.each(BACKENDS)('"encrypt this record now" on $name', (backend) => {
  const app = useAppPerTest(backend);
  const start = (config: Partial<Config> = {}) => app.start({ config });
  const window = () => new LabClient(app.served.url);
  const seal = (key: string) => window().post(sealPath(key)).set('X-Lab-Key', TEST_LAB_KEY);

  it('rewrites a plain session record sealed at once, through the store (one SET), its TTL kept; the session goes on', async () => {
    const browser = await start({ encryptSessions: 'off' });
    await browser.login('alice', 'alice-lab-pass');
    const key = `sl:sess:${browser.sid()!}`;
    const plain = (await app.t.store.get(key))!;
    expect(plain.startsWith('{"enc":')).toBe(false);
    // Off: nothing to seal with, in words.
    const off = await seal(key);
    expect(off.status).toBe(400);
    expect(off.body.error.code).toBe('BAD_REQUEST');
    expect(off.body.error.message).toMatch(/off/);
    expect(await app.t.store.get(key)).toBe(plain);

    await window().put(SWITCH, { enabled: true }).set('X-Lab-Key', TEST_LAB_KEY);
    // Only the app's window.
    const refused = await browser.post(sealPath(key));
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('LAB_KEY_REQUIRED');
    const pttl = await app.t.store.pttl(key);
    const commands: string[] = [];
    app.t.store.onChange((change) => commands.push(change.command));
    const sealed = await seal(key);
    expect(sealed.status).toBe(200);
    const answer = sealResponseSchema.parse(sealed.body);
    expect(answer.kid).toBe('k1');
    const raw = (await app.t.store.get(key))!;
    expect(raw).toBe(answer.value);
    expect(raw.startsWith('{"enc":"A256GCM"')).toBe(true);
    expect(raw).not.toContain('alice');
    expect(answer.pttl).toBeGreaterThan(0);
    expect(answer.pttl).toBeLessThanOrEqual(pttl);
    // The command log sees the write that encrypted it, the value as stored.
    const set = commands.filter((command) => command.includes(`SET ${key}`) || command.includes(`SET "${key}"`));
    expect(set).toHaveLength(1);
    expect(set[0]).toContain('KEEPTTL');
    const detail = keyDetailSchema.parse(
      (
        await window()
          .get(`/api/v1/inspector/keys/${encodeURIComponent(key)}`)
          .set('X-Lab-Key', TEST_LAB_KEY)
      ).body,
    );
    expect(JSON.parse(detail.serverSees!.value!)).toEqual(JSON.parse(plain));
    const me = await browser.get(ME);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('alice');

    // Sealed already, not a session, or gone: 4xx in words, never 5xx.
    const again = await seal(key);
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/encrypted already/);
    expect((await seal('sl:user:1')).status).toBe(400);
    expect((await seal('sl:sess:nope')).status).toBe(404);
    expect((await seal('not-ours')).status).toBe(404);
  });
});
