import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { placementOf } from '../../../server/store/types.ts';
import { keyDetailSchema, keyPageSchema, type KeyRow } from '../../../shared/api/inspector.ts';
import { BACKENDS_WITH_CLUSTER } from '../../support/backends.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

const asWindow = { 'X-Lab-Key': TEST_LAB_KEY };

/** A plain connection to one node (no cluster client: it answers for its own keys only, or MOVED). */
async function onNode<T>(address: string, run: (node: Redis) => Promise<T>): Promise<T> {
  const [host, port] = address.split(':');
  const node = new Redis({ host: host!, port: Number(port), lazyConnect: true });
  try {
    await node.connect();
    return await run(node);
  } finally {
    node.disconnect();
  }
}

/** `host:port` of every master, as the cluster itself lists them (CLUSTER SLOTS). */
async function masters(seed: string): Promise<string[]> {
  const ranges = await onNode(seed, (node) => node.cluster('SLOTS'));
  return [...new Set(ranges.map(([, , master]) => `${master![0]}:${master![1]}`))].sort();
}

describe.each(BACKENDS_WITH_CLUSTER)('where each key lives (slot and master) on $name', (backend) => {
  const lab = useLabServer(backend);
  const window = () => new LabClient(lab.served.url).agent;
  const stored = (key: string) => lab.t.store.storedKey?.(key) ?? key;
  const cluster = backend.name === 'redis-cluster';

  /** Keys of every family the app writes: two cookie sessions (sessions, user indexes), a token login (refresh), a
   * failed login (throttle counters), and denylist entries (one key each, spread by name). */
  const seedKeys = async (): Promise<KeyRow[]> => {
    for (const [user, password] of [
      ['alice', 'alice-lab-pass'],
      ['bob', 'bob-lab-pass'],
    ] as const)
      expect((await new LabClient(lab.served.url).login(user, password)).status).toBe(200);
    const token = await window().post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' });
    expect(token.status).toBe(200);
    expect((await new LabClient(lab.served.url).login('carol', 'not-her-password')).status).toBe(401);
    for (let i = 0; i < 12; i++) await lab.t.store.set(`sl:denylist:placement-${i}`, '1', { px: 60_000 });
    // One page holds the whole small keyspace, on a cluster too: a master walked to its end hands over to the next
    // within the page (else the learner would see one master's keys and "more in the store").
    const res = await window().get('/api/v1/inspector/keys?match=sl:*&count=1000').set(asWindow);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { cursor, keys: rows } = keyPageSchema.parse(res.body);
    expect(cursor).toBe('0');
    return rows;
  };

  it('answers each key row and the key detail with its slot and master on a cluster only', async () => {
    const rows = await seedKeys();
    const families = new Set(rows.map((row) => row.key.split(':')[1]));
    for (const family of ['sess', 'user_sessions', 'refresh', 'throttle', 'denylist'])
      expect([...families], family).toContain(family);
    if (!cluster) {
      expect(placementOf(lab.t.store)).toBeNull();
      expect(rows.filter((row) => 'slot' in row || 'node' in row)).toEqual([]);
      const session = rows.find((row) => row.key.startsWith('sl:sess:'))!;
      const detail = await window()
        .get(`/api/v1/inspector/keys/${encodeURIComponent(session.key)}`)
        .set(asWindow);
      expect(detail.status).toBe(200);
      expect(detail.body).not.toHaveProperty('slot');
      expect(detail.body).not.toHaveProperty('node');
      expect(detail.body.commands.filter((line: string) => line.startsWith('CLUSTER'))).toEqual([]);
      return;
    }
    const all = await masters(rows.find((row) => row.node)!.node!);
    expect(all).toHaveLength(3);
    for (const row of rows) {
      const name = stored(row.key);
      // The slot is the cluster's own answer for the name as stored, whatever the tag scheme.
      const slot = await onNode(all[0]!, (node) => node.cluster('KEYSLOT', name));
      expect([row.key, row.slot]).toEqual([row.key, Number(slot)]);
      expect(all, row.key).toContain(row.node);
      // The named master holds it (asked on its own connection, no redirect); every other one sends us there.
      for (const master of all) {
        const exists = onNode(master, (node) => node.exists(name));
        if (master === row.node) expect([row.key, await exists]).toEqual([row.key, 1]);
        else await expect(exists, row.key).rejects.toThrow(`MOVED ${row.slot} ${row.node}`);
      }
      expect(placementOf(lab.t.store)!.placementOf(row.key)).toEqual({ slot: row.slot, node: row.node });
    }
    // Denylist entries are keyed by name alone, so twelve of them are not all on one master.
    expect(new Set(rows.filter((row) => row.key.startsWith('sl:denylist:')).map((row) => row.node)).size).toBe(
      all.length,
    );
    for (const prefix of ['sl:sess:', 'sl:user_sessions:', 'sl:refresh:']) {
      const row = rows.find((candidate) => candidate.key.startsWith(prefix))!;
      const res = await window()
        .get(`/api/v1/inspector/keys/${encodeURIComponent(row.key)}`)
        .set(asWindow);
      expect(res.status, prefix).toBe(200);
      const detail = keyDetailSchema.parse(res.body);
      expect({ slot: detail.slot, node: detail.node }).toEqual({ slot: row.slot, node: row.node });
      expect(detail.commands).toContain(`CLUSTER KEYSLOT ${stored(row.key)}`);
    }
  });
});
