import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import calculateSlot from 'cluster-key-slot';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.ts';
import { throttleKey } from '../../server/auth/session-keys.ts';
import { clusterKey } from '../../server/store/cluster-keys.ts';
import { cookieLogin, startChildServer, type ChildServer } from '../support/child-server.ts';
import { REDIS_CLI_BIN, REDIS_SERVER_BIN } from '../support/requirements.ts';
import { startTestCluster, type TestCluster } from '../support/redis-cluster.ts';

/** CLUSTER SLOTS' answer: each range of slots with its master first. */
type SlotRanges = Awaited<ReturnType<Redis['cluster']>> & [number, number, ...[string, number, ...unknown[]][]][];

/** The master serving a slot, from CLUSTER SLOTS. */
function masterOf(ranges: SlotRanges, slot: number): string {
  const [, , master] = ranges.find(([from, to]) => slot >= from && slot <= to)!;
  return `${master![0]}:${master![1]}`;
}

// Issue 22: on a cluster a login attempt's two counters (the username's, the address's) are in two slots, so two
// MULTIs. Kill the server between them, for real: the address's master holds its writes (CLIENT PAUSE WRITE) while
// the username's MULTI has run; SIGKILL; the held transaction dies with its connection. The state left is harmless.
describe.runIf(REDIS_SERVER_BIN && REDIS_CLI_BIN)('a server killed between the two login counters on a cluster', () => {
  let cluster: TestCluster;
  let dir: string;
  beforeAll(async () => {
    cluster = await startTestCluster(REDIS_SERVER_BIN!, REDIS_CLI_BIN!);
    dir = mkdtempSync(path.join(os.tmpdir(), 'sl-cluster-kill-'));
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the username counted (with its TTL) and the address not, and the limits hold after a restart', async () => {
    const nodes = new Map(cluster.nodes.map((node) => [`${node.host}:${node.port}`, new Redis(node)]));
    let server: ChildServer | undefined;
    try {
      const any = [...nodes.values()][0]!;
      const ranges = (await any.cluster('SLOTS')) as SlotRanges;
      const ipKey = clusterKey(throttleKey('ip', '127.0.0.1'));
      const ipMaster = masterOf(ranges, calculateSlot(ipKey));
      // A username whose counter another master serves (the counters are counted before the password is checked).
      const username = Array.from({ length: 50 }, (_, n) => `crash${n}`).find(
        (name) => masterOf(ranges, calculateSlot(clusterKey(throttleKey('user', name)))) !== ipMaster,
      )!;
      const userKey = clusterKey(throttleKey('user', username));
      const userNode = nodes.get(masterOf(ranges, calculateSlot(userKey)))!;
      const ipNode = nodes.get(ipMaster)!;
      const config = { dataDir: path.join(dir, 'app'), store: 'redis', redisCluster: cluster.seeds };
      const { loginMaxFailures: limit } = parseConfig({ ...config, port: 0 });
      server = await startChildServer(config);

      await ipNode.call('CLIENT', 'PAUSE', '20000', 'WRITE');
      const attempt = cookieLogin(server.url, username, 'wrong-password-1').catch(() => null);
      let counted: string | null = null;
      for (let i = 0; i < 400 && counted === null; i++) {
        counted = await userNode.get(userKey);
        if (counted === null) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(counted).toBe('1');
      await server.kill();
      server = undefined;
      await ipNode.call('CLIENT', 'UNPAUSE');
      await attempt;

      // What the crash left: one attempt on the username (with its window's TTL), none on the address.
      expect(await userNode.get(userKey)).toBe('1');
      expect(await userNode.pttl(userKey)).toBeGreaterThan(0);
      expect(await ipNode.exists(ipKey)).toBe(0);

      // A new server on the same cluster: the limit holds, one attempt sooner for the username, never later.
      server = await startChildServer(config);
      const statuses: number[] = [];
      for (let n = 0; n < limit; n++)
        statuses.push((await cookieLogin(server.url, username, 'wrong-password-1')).status);
      expect(statuses).toEqual([...Array<number>(limit - 1).fill(401), 429]);
      expect(await ipNode.pttl(ipKey)).toBeGreaterThan(0);
      expect((await cookieLogin(server.url, 'alice', 'alice-lab-pass')).status).toBe(200);
    } finally {
      await server?.kill();
      for (const node of nodes.values()) node.disconnect();
    }
  }, 60_000);
});
