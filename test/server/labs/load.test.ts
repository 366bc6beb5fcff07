import { describe, expect, it } from 'vitest';
import { LOAD_HEADER, loadEventSchema, loadStatusSchema, type LoadEvent } from '../../../shared/api/lab-load.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { openSse } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';
import { BACKENDS } from '../../support/backends.ts';
import { PasswordHasher } from '../../../server/accounts/password.ts';

/** The tests' hasher, whose next answers a test may script (each scripted `false` refuses a right password). */
class ScriptedPasswords extends PasswordHasher {
  readonly script: boolean[] = [];

  constructor() {
    super({ N: 1_024, r: 8, p: 1 });
  }

  override async verify(password: string, stored: string): Promise<boolean> {
    const ok = await super.verify(password, stored);
    return ok && (this.script.shift() ?? true);
  }
}

interface HarEntry {
  request: { url: string };
}

describe.each(BACKENDS)('the load lab route (POST/GET/DELETE /api/v1/lab/load) on $name', (backend) => {
  const passwords = new ScriptedPasswords();
  const lab = useLabServer(backend, { passwords });
  const window = () => new LabClient(lab.served.url).agent;
  const start = (body: object) => window().post('/api/v1/lab/load').set('X-Lab-Key', TEST_LAB_KEY).send(body);
  const status = async () =>
    loadStatusSchema.parse((await window().get('/api/v1/lab/load').set('X-Lab-Key', TEST_LAB_KEY)).body);
  const har = async (): Promise<HarEntry[]> =>
    (await window().get('/api/v1/inspector/har').set('X-Lab-Key', TEST_LAB_KEY)).body.log.entries as HarEntry[];

  it("is for the app's own window only, and keeps its bounds", async () => {
    for (const request of [
      window().get('/api/v1/lab/load'),
      window().post('/api/v1/lab/load').send({ users: 1, seconds: 1, target: 'session' }),
      window().delete('/api/v1/lab/load'),
    ]) {
      const answer = await request;
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    expect((await alice.post('/api/v1/lab/load', { users: 1, seconds: 1, target: 'session' })).body.error.code).toBe(
      'LAB_KEY_REQUIRED',
    );
    for (const body of [
      { users: 51, seconds: 1, target: 'session' },
      { users: 0, seconds: 1, target: 'session' },
      { users: 5, seconds: 31, target: 'session' },
      { users: 5, seconds: 0, target: 'token' },
      { users: 5, seconds: 2, target: 'health' },
      { users: 5, seconds: 2, target: 'both', port: 80 },
    ]) {
      const answer = await start(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(await status()).toEqual({ running: false, last: null });
  });

  it('runs both checks from a child process, one run at a time, publishes load events, counts (not records) its requests, and stops', async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events?labKey=${TEST_LAB_KEY}`);
    const recordedBefore = (await har()).length;
    try {
      const started = await start({ users: 5, seconds: 3, target: 'both' });
      expect(started.status).toBe(200);
      expect(loadStatusSchema.parse(started.body)).toMatchObject({
        running: true,
        last: { done: false, account: 'bob', users: 5, seconds: 3, target: 'both' },
      });
      const again = await start({ users: 1, seconds: 1, target: 'session' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('LAB_LOAD_RUNNING');

      // The server stays responsive under the load.
      const began = performance.now();
      expect((await window().get('/api/v1/health')).status).toBe(200);
      expect(performance.now() - began).toBeLessThan(1_000);

      const loads = () =>
        stream.events.filter((event) => event.type === 'load').map((event) => loadEventSchema.parse(event.data));
      const final = await waitFor('the final load event', () => loads().find((event) => event.done), 10_000);
      expect(final).toMatchObject({ endedBy: 'time', error: null, clientErrors: 0 });
      expect(final.elapsedMs).toBeLessThan(3_000 + 4_000);
      for (const target of ['session', 'token'] as const) {
        const figures = final.totals[target]!;
        expect(figures.requests, target).toBeGreaterThan(20);
        expect(figures.errors).toBe(0);
        expect(figures.p99Ms).toBeGreaterThan(0);
        expect(figures.cpuMicrosPerRequest).toBeGreaterThan(0);
      }
      // Progress once a second, the checks taking turns.
      const windows = loads()
        .filter((event) => !event.done && event.window)
        .map((event) => event.window!.target);
      expect(windows.slice(0, 2)).toEqual(['session', 'token']);
      expect((await status()).running).toBe(false);

      // Thousands of requests, yet the exchange log holds only the run's logins and logouts.
      const recorded = (await har()).slice(recordedBefore).map((entry) => new URL(entry.request.url).pathname);
      expect(recorded.filter((path) => path === '/api/v1/session/me' || path === '/api/v1/token/data')).toEqual([]);
      expect(recorded).toEqual(
        expect.arrayContaining([
          '/api/v1/session/login',
          '/api/v1/token/login',
          '/api/v1/session/logout',
          '/api/v1/token/logout',
        ]),
      );
      // The run logged its own logins out: checked, and nothing of bob's is left live.
      expect(final.cleanup).toEqual({ loggedOut: true, problem: null });
      const bob = lab.t.accounts.findByUsername('bob')!;
      expect(await lab.t.store.zrange(`sl:user_sessions:${bob.id}`)).toEqual([]);
      for (const family of await lab.t.store.smembers(`sl:user_refresh:${bob.id}`))
        expect(await lab.t.store.scard(`sl:refresh_family:${family}`)).toBe(0);
      const total = final.totals.session!.requests + final.totals.token!.requests;
      console.log(`load figures (5 users, 3 s, both; ${total} requests): ${JSON.stringify(final.totals)}`);
    } finally {
      stream.close();
    }
  }, 20_000);

  it('records and guards, as any request, a check sent during a run without its token or with a wrong one', async () => {
    expect((await start({ users: 1, seconds: 30, target: 'session' })).status).toBe(200);
    try {
      const alice = new LabClient(lab.served.url);
      await alice.login('alice', 'alice-lab-pass');
      const recordedBefore = (await har()).length;
      for (const value of [undefined, 'not-the-runs-token']) {
        const get = alice.get('/api/v1/session/me');
        const answer = await (value === undefined ? get : get.set(LOAD_HEADER, value));
        // The route's own answer (the whole session), with the app's headers.
        expect(answer.status).toBe(200);
        expect(answer.body).toHaveProperty('session');
        expect(answer.headers['content-security-policy']).toBeDefined();
        const foreign = await window().get('/api/v1/session/me').set('Host', 'evil.example').set(LOAD_HEADER, 'x');
        expect(foreign.body.error.code).toBe('FORBIDDEN_HOST');
      }
      const recorded = (await har()).slice(recordedBefore).map((entry) => new URL(entry.request.url).pathname);
      expect(recorded.filter((path) => path === '/api/v1/session/me')).toHaveLength(2);
    } finally {
      await window().delete('/api/v1/lab/load').set('X-Lab-Key', TEST_LAB_KEY);
    }
  }, 20_000);

  it('stops on DELETE, and a stopped run frees the way for the next', async () => {
    expect((await start({ users: 2, seconds: 30, target: 'token' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const stopped = loadStatusSchema.parse(
      (await window().delete('/api/v1/lab/load').set('X-Lab-Key', TEST_LAB_KEY)).body,
    );
    expect(stopped.running).toBe(false);
    const last: LoadEvent = stopped.last!;
    expect(last).toMatchObject({ done: true, endedBy: 'stopped', target: 'token' });
    expect(last.elapsedMs).toBeLessThan(10_000);
    expect(last.totals.token!.requests).toBeGreaterThan(0);
    expect(last.totals.session).toBeUndefined();
    // Nothing left running: a stop with none under way is harmless, and a new run may start.
    expect((await window().delete('/api/v1/lab/load').set('X-Lab-Key', TEST_LAB_KEY)).status).toBe(200);
    expect((await start({ users: 1, seconds: 1, target: 'session' })).status).toBe(200);
    await waitFor('the run to end', async () => ((await status()).running ? undefined : true), 8_000);
    expect((await status()).last!.cleanup).toEqual({ loggedOut: true, problem: null });
    expect(await lab.t.store.zrange(`sl:user_sessions:${lab.t.accounts.findByUsername('bob')!.id}`)).toEqual([]);
  }, 20_000);

  it('answers 409 when its token login is refused after its cookie login succeeded, and logs that cookie session out', async () => {
    // The cookie login's password check passes; the token login's is refused.
    passwords.script.push(true, false);
    const refused = await start({ users: 1, seconds: 5, target: 'both' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'LAB_LOAD_LOGIN_FAILED',
      message: "the load's token login was answered 401 INVALID_CREDENTIALS",
    });
    const last = (await status()).last!;
    expect(last).toMatchObject({ done: true, endedBy: 'failed', cleanup: { loggedOut: true, problem: null } });
    expect(await lab.t.store.zrange(`sl:user_sessions:${lab.t.accounts.findByUsername('bob')!.id}`)).toEqual([]);
  }, 20_000);

  it('says so, and logs it, when its own logins could not be logged out', async () => {
    expect((await start({ users: 1, seconds: 30, target: 'both' })).status).toBe(200);
    // An admin changes bob's password mid-run: his session and his token login end under the run.
    const admin = new LabClient(lab.served.url);
    await admin.login('admin', 'admin-lab-pass');
    const bob = lab.t.accounts.findByUsername('bob')!;
    expect((await admin.put(`/api/v1/users/${bob.id}`, { password: 'bob-changed-pass-2' })).body).toMatchObject({
      sessionsEnded: 1,
      refreshFamiliesRevoked: 1,
    });
    // The run's requests meet the real checks: its session and its token, ended under it, are refused, and counted
    // as errors in its figures.
    await waitFor(
      'errors on both checks',
      async () => {
        const { totals } = (await status()).last!;
        return (totals.session?.errors ?? 0) > 0 && (totals.token?.errors ?? 0) > 0 ? true : undefined;
      },
      8_000,
    );
    const last = loadStatusSchema.parse(
      (await window().delete('/api/v1/lab/load').set('X-Lab-Key', TEST_LAB_KEY)).body,
    ).last!;
    expect(last.totals.session!.errors).toBeGreaterThan(0);
    expect(last.totals.token!.errors).toBeGreaterThan(0);
    expect(last.cleanup?.loggedOut).toBe(false);
    expect(last.cleanup?.problem).toMatch(
      /cookie logout was answered 401 NOT_AUTHENTICATED; the load's token logout was answered 401 TOKEN_REVOKED/,
    );
    expect(
      lab.t
        .logs()
        .filter((line) => line.level === 40)
        .map((line) => line.msg),
    ).toContain("the load's cookie logout was answered 401 NOT_AUTHENTICATED");
  }, 20_000);
});
