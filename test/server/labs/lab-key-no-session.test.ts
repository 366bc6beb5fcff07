import { describe, expect, it } from 'vitest';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

describe.each(BACKENDS_WITH_CLUSTER)("the window's lab calls and the cookie session on $name", (backend) => {
  // A clock the test moves: past the touch interval, any read of the session would renew it (a SET).
  let clock = Date.now();
  const lab = useLabServer(backend, { now: () => clock });
  const asWindow = { 'X-Lab-Key': TEST_LAB_KEY };

  /** The store commands about the cookie sessions (reads and writes) while `run` runs. */
  async function sessionCommands(run: () => Promise<void>): Promise<string[]> {
    const seen: string[] = [];
    const about = (key: string) => key.includes('sess:') || key.includes('user_sessions');
    const stopReads = lab.t.store.onRead((read) => void (about(read.key) && seen.push(read.command)));
    const stopChanges = lab.t.store.onChange((change) => void (about(change.key) && seen.push(change.command)));
    try {
      await run();
    } finally {
      stopReads();
      stopChanges();
    }
    return seen;
  }

  it('GET and PUT token-settings, session-settings and the CSRF switches with the lab key read no session and renew none, cookie or not', async () => {
    const browser = new LabClient(lab.served.url);
    expect((await browser.login('alice', 'alice-lab-pass')).status).toBe(200);
    const sid = browser.sid()!;
    const ttlBefore = await lab.t.store.pttl(`sl:sess:${sid}`);
    clock += lab.t.config.sessionTouchMs + 1_000;
    // The browser's agent: its session cookie goes with every call, as the window's fetch would send it.
    const window = browser.agent;
    const seen = await sessionCommands(async () => {
      const answers = [
        await window.get('/api/v1/lab/token-settings').set(asWindow),
        await window.put('/api/v1/lab/token-settings').set(asWindow).send({ denylist: 'off' }),
        await window.put('/api/v1/lab/token-settings').set(asWindow).send({ denylist: 'on' }),
        await window.get('/api/v1/lab/session-settings').set(asWindow),
        await window.put('/api/v1/lab/session-settings').set(asWindow).send({ touchMs: 4_000 }),
        await window.delete('/api/v1/lab/session-settings').set(asWindow),
        await window.put('/api/v1/lab/csrf/defences').set(asWindow).send({ originCheck: false }),
        await window.delete('/api/v1/lab/csrf/defences').set(asWindow),
      ];
      expect(answers.map((res) => res.status)).toEqual(answers.map(() => 200));
    });
    expect(seen).toEqual([]);
    // Not renewed: its TTL only ran down.
    expect(await lab.t.store.pttl(`sl:sess:${sid}`)).toBeLessThanOrEqual(ttlBefore);
  });

  it('without the lab key, a signed-in caller of GET token-settings is known by its session (read then, and only then)', async () => {
    const browser = new LabClient(lab.served.url);
    expect((await browser.login('bob', 'bob-lab-pass')).status).toBe(200);
    const sid = browser.sid()!;
    const seen = await sessionCommands(async () => {
      expect((await browser.get('/api/v1/lab/token-settings')).status).toBe(200);
    });
    expect(seen).toContainEqual(expect.stringMatching(new RegExp(`^GET \\S*sess:${sid}$`)));
    // A change still needs the CSRF token of the session it read.
    const refused = await browser.agent.put('/api/v1/lab/token-settings').send({ denylist: 'off' });
    expect(refused.status).toBe(403);
  });
});
