import { describe, expect, it } from 'vitest';
import { StoreTime } from '../../../server/inspector/store-time.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { openSse, type ReceivedEvent } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';

interface Figures {
  ms: number;
  commands: number;
  reads: number;
  writes: number;
}

describe.each(BACKENDS_WITH_CLUSTER)('the store time of an exchange on $name', (backend) => {
  const lab = useLabServer(backend, { ringSize: 200 });
  const withKey = { 'X-Lab-Key': TEST_LAB_KEY };

  it('a session check carries its time waiting for the store and its one GET; a token call without the denylist none', async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events?labKey=${TEST_LAB_KEY}`);
    const browser = new LabClient(lab.served.url);
    await browser.login('alice', 'alice-lab-pass');
    expect((await browser.agent.get('/api/v1/session/me')).status).toBe(200);
    const http = (path: string) => (event: ReceivedEvent) => event.type === 'http' && event.data.path === path;
    const me = await waitFor('the session check', () => stream.events.find(http('/api/v1/session/me')));
    const meTime = me.data.storeTime as Figures;
    const reads = me.data.reads as { command: string }[];
    // The session check reads its session: one GET, and writes nothing.
    expect(reads.map((read) => read.command)).toEqual([backend.command(`GET sl:sess:${browser.sid()!}`)]);
    expect(meTime).toMatchObject({ commands: 1, reads: 1, writes: 0 });
    expect(meTime.ms).toBeGreaterThan(0);
    expect(meTime.ms).toBeLessThanOrEqual(me.data.duration as number);

    // The login wrote its session (and its user's index) in one MULTI: each write counts.
    const login = stream.events.find(http('/api/v1/session/login'))!;
    expect((login.data.storeTime as Figures).writes).toBeGreaterThanOrEqual(2);
    expect((login.data.storeTime as Figures).ms).toBeGreaterThan(0);
    // The recorder keeps Set-Cookie whole (the window's cookie table is built from it): the id and its signature.
    const setCookie = (login.data.responseHeaders as Record<string, string[]>)['set-cookie']!;
    expect(setCookie.some((line) => line.startsWith(`sl_session=${browser.sid()!};`))).toBe(true);
    expect(setCookie.some((line) => /^sl_session\.sig=[\w-]+;/.test(line))).toBe(true);

    const token = (await browser.agent.post('/api/v1/token/login').send({ username: 'bob', password: 'bob-lab-pass' }))
      .body.access_token as string;
    const data = () =>
      new LabClient(lab.served.url).agent.get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);
    const switchDenylist = (denylist: 'on' | 'off') =>
      new LabClient(lab.served.url).agent.put('/api/v1/lab/token-settings').set(withKey).send({ denylist });
    await switchDenylist('off');
    expect((await data()).status).toBe(200);
    await switchDenylist('on');
    expect((await data()).status).toBe(200);
    const calls = await waitFor('both token checks', () => {
      const found = stream.events.filter(http('/api/v1/token/data'));
      return found.length >= 2 ? found : undefined;
    });
    expect(calls[0]!.data.storeTime).toEqual({ ms: 0, commands: 0, reads: 0, writes: 0 });
    const withDenylist = calls[1]!.data.storeTime as Figures;
    expect(withDenylist.reads).toBe((calls[1]!.data.reads as unknown[]).length);
    expect(withDenylist.commands).toBeGreaterThanOrEqual(2);
    expect(withDenylist.ms).toBeGreaterThan(0);
    stream.close();
  });
});

describe('StoreTime', () => {
  it('counts calls side by side once, and each command of a multi', () => {
    const time = new StoreTime();
    time.begin(10);
    time.begin(11);
    time.end(13, 1, false);
    time.end(14, 3, true);
    time.begin(20);
    time.end(20.5, 1, false);
    expect(time.figures(30)).toEqual({ ms: 4.5, commands: 5, reads: 2, writes: 3 });
  });

  it('counts a call still under way up to now', () => {
    const time = new StoreTime();
    time.begin(5);
    expect(time.figures(7.25)).toEqual({ ms: 2.25, commands: 0, reads: 0, writes: 0 });
  });
});
