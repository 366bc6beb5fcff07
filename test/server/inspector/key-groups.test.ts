import { describe, expect, it } from 'vitest';
import { countKeyGroups } from '../../../server/inspector/key-groups.ts';
import { outageOf } from '../../../server/store/types.ts';
import { keyGroupsSchema, type KeyGroups } from '../../../shared/api/key-groups.ts';
import { keyGroupOf } from '../../../shared/key-groups.ts';
import { BACKENDS, BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { scanAll } from '../../support/scan-all.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

const PATH = '/api/v1/inspector/key-groups';
const asWindow = { 'X-Lab-Key': TEST_LAB_KEY };

/** Keys seeded for the large case: 100k, and half that on the cluster (its 100k took 3.5 s, close to the 5 s bound). */
const LARGE: Record<string, number> = { sqlite: 100_000, redis: 100_000, 'redis-cluster': 50_000 };

describe.each(BACKENDS_WITH_CLUSTER)('the key tree (GET /api/v1/inspector/key-groups) on $name', (backend) => {
  const lab = useLabServer(backend);
  const window = () => new LabClient(lab.served.url).agent;
  const groups = async (query = '') => {
    const res = await window().get(`${PATH}${query}`).set(asWindow);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return keyGroupsSchema.parse(res.body);
  };
  const group = (answer: KeyGroups, prefix: string) => answer.groups.find((g) => g.prefix === prefix);

  it("is for the app's own window only, and refuses bad input with 400 and the error body", async () => {
    const anonymous = await window().get(PATH);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('LAB_KEY_REQUIRED');
    expect((await window().get(`${PATH}?labKey=${TEST_LAB_KEY}`)).status).toBe(401);
    for (const query of [
      '?match=*',
      '?match=other:*',
      `?match=sl:${'x'.repeat(300)}`,
      '?match=sl:*&match=sl:x',
      '?count=5',
    ]) {
      const res = await window().get(`${PATH}${query}`).set(asWindow);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    }
    expect((await window().post(PATH).set(asWindow).set('Origin', lab.served.url).send({})).status).toBe(405);
  });

  it('counts every key by its group (a cluster by logical names), with the bytes summed and small groups named', async () => {
    const alice = new LabClient(lab.served.url);
    expect((await alice.login('alice', 'alice-lab-pass')).status).toBe(200);
    const bob = new LabClient(lab.served.url);
    expect((await bob.login('bob', 'bob-lab-pass')).status).toBe(200);
    const token = await window().post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' });
    expect(token.status).toBe(200);
    const answer = await groups();
    expect(answer.complete).toBe(true);
    expect(answer.measure).toBe(backend.name === 'sqlite' ? 'value-bytes' : 'memory-usage');
    // The truth: a whole SCAN, grouped.
    const all = await scanAll(lab.t.store, 'sl:*');
    expect(answer.scanned).toBe(all.length);
    const expected = new Map<string, string[]>();
    for (const key of all) expected.set(keyGroupOf(key), [...(expected.get(keyGroupOf(key)) ?? []), key]);
    expect(answer.groups.map((g) => g.prefix)).toEqual([...expected.keys()].sort());
    for (const g of answer.groups) {
      expect(g.count, g.prefix).toBe(expected.get(g.prefix)!.length);
      expect(g.keys, g.prefix).toEqual(expected.get(g.prefix)!.sort());
      expect(g.bytes, g.prefix).toBeGreaterThan(0);
    }
    expect(group(answer, 'sl:sess:')?.count).toBe(2);
    expect(group(answer, 'sl:user_sessions:')?.count).toBe(2);
    expect(group(answer, 'sl:refresh:')?.count).toBe(1);
    // No group carries a cluster's hash tag.
    expect(answer.groups.every((g) => !g.prefix.includes('{'))).toBe(true);
    // A session's bytes: its JSON on the embedded store; more than that on Redis (MEMORY USAGE counts its overhead).
    const [sid] = expected.get('sl:sess:')!;
    const valueBytes = await lab.t.store.size(sid!);
    const sessBytes = group(answer, 'sl:sess:')!.bytes!;
    if (backend.name === 'sqlite')
      expect(sessBytes).toBe(valueBytes + (await lab.t.store.size(expected.get('sl:sess:')![1]!)));
    else expect(sessBytes).toBeGreaterThan(valueBytes);
    // MATCH narrows it, to one group.
    const sessions = await groups('?match=sl:sess:*');
    expect(sessions.groups.map((g) => [g.prefix, g.count])).toEqual([['sl:sess:', 2]]);
    // A logout: one session and its index entry fewer.
    expect((await alice.post('/api/v1/session/logout')).status).toBe(204);
    const after = await groups();
    expect(group(after, 'sl:sess:')?.count).toBe(1);
  });

  it('stops at its bound and says so (complete: false)', async () => {
    const answer = await countKeyGroups(lab.t.store, 'sl:*', { batch: 1, maxKeys: 2, budgetMs: 60_000 });
    expect(answer.complete).toBe(false);
    expect(answer.scanned).toBeGreaterThanOrEqual(2);
    expect(answer.scanned).toBeLessThan((await scanAll(lab.t.store, 'sl:*')).length);
    const timed = await countKeyGroups(lab.t.store, 'sl:*', { batch: 1, maxKeys: 1_000, budgetMs: 0 });
    expect(timed.complete).toBe(false);
  });

  it(`counts a large keyspace (${LARGE[backend.name]} keys) and prints the time`, { timeout: 120_000 }, async () => {
    const n = LARGE[backend.name]!;
    const seeded = performance.now();
    for (let from = 0; from < n; from += 1_000) {
      const ops = [];
      for (let i = from; i < Math.min(n, from + 1_000); i++)
        ops.push({
          op: 'set' as const,
          key: `sl:bulk:${i}`,
          value: `{"n":${i},"pad":"${'x'.repeat(40)}"}`,
          px: 600_000,
        });
      await lab.t.store.multi(ops);
    }
    const seedMs = performance.now() - seeded;
    const started = performance.now();
    const answer = await groups();
    const roundTrip = performance.now() - started;
    expect(group(answer, 'sl:bulk:')?.count).toBe(n);
    expect(group(answer, 'sl:bulk:')?.keys).toBeUndefined();
    expect(answer.complete).toBe(true);
    expect(group(answer, 'sl:sess:')?.count).toBe(1);
    console.info(
      `key-groups on ${backend.name}: ${answer.scanned} keys counted in ${answer.ms} ms on the server (${Math.round(roundTrip)} ms round trip; seeding ${Math.round(seedMs)} ms)`,
    );
  });
});

// Only a single redis-server can be taken away (the embedded store cannot; the cluster's outage is not this test's).
describe.each(BACKENDS.filter((backend) => backend.name === 'redis'))(
  'the key tree during an outage of $name',
  (backend) => {
    const lab = useLabServer(backend);
    const window = () => new LabClient(lab.served.url).agent;
    it('answers 503 STORE_UNAVAILABLE while the store is away', async () => {
      const statuses: string[] = [];
      const off = lab.t.store.onStatus((change) => statuses.push(change.event));
      await outageOf(lab.t.store)!.interrupt(1_500);
      await waitFor('the outage', () => statuses.includes('outage'));
      const res = await window().get(PATH).set(asWindow);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('STORE_UNAVAILABLE');
      await waitFor('the recovery', () => statuses.includes('recovered'), 10_000);
      off();
    });
  },
);
