import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Cluster, Redis } from 'ioredis';
import { parseConfig } from '../../../server/config.ts';
import { startServer } from '../../../server/server.ts';
import { TEST_PASSWORDS } from '../../support/test-app.ts';
import { cookieLogin, sessionMe } from '../../support/child-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  refreshFamilyKey,
  refreshKey,
  refreshRevokedKey,
  refreshRotatedKey,
} from '../../../server/tokens/token-keys.ts';
import { sessionKey, throttleKey, userSessionsKey } from '../../../server/auth/session-keys.ts';
import { clusterKey, clusterPattern, logicalKey, slotGroup } from '../../../server/store/cluster-keys.ts';
import { REDIS_CLI_BIN, REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { startTestCluster, type TestCluster } from '../../support/redis-cluster.ts';

/** Each family of keys Session Lab writes in one MULTI, as the app names them. */
const FAMILIES = {
  'a session and its user index': [sessionKey('Ab3_x'), userSessionsKey(7)],
  'a refresh token, its family, its rotated marker, its revocation': [
    refreshKey('tok'),
    refreshFamilyKey('fam'),
    refreshRotatedKey('old'),
    refreshRevokedKey('fam'),
  ],
  'a username counter and an address counter': [throttleKey('user', 'alice'), throttleKey('ip', '127.0.0.1')],
};

describe('cluster key names', () => {
  it('tag each family of keys alike, leave one-key kinds untagged, and translate back exactly', () => {
    for (const keys of Object.values(FAMILIES)) {
      const tags = new Set(keys.map((key) => slotGroup(clusterKey(key))));
      expect(tags.size).toBe(1);
      for (const key of keys) expect(logicalKey(clusterKey(key))).toBe(key);
    }
    expect(clusterKey('sl:sess:abc')).toBe('sl:{sessions}:sess:abc');
    expect(clusterKey('sl:denylist:jti-1')).toBe('sl:denylist:jti-1');
    expect(clusterKey('sl:k')).toBe('sl:{k}:k');
    expect(clusterKey('other:key')).toBe('other:key');
    expect(logicalKey('sl:denylist:jti-1')).toBe('sl:denylist:jti-1');
    expect(clusterPattern('sl:sess:*')).toBe('sl:{sessions}:sess:*');
    expect(clusterPattern('sl:*')).toBe('*');
    expect(clusterPattern('sl:se*:x')).toBe('*');
  });
});

describe.runIf(REDIS_SERVER_BIN && REDIS_CLI_BIN)('cluster key names on a real cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster(REDIS_SERVER_BIN!, REDIS_CLI_BIN!);
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('put every family in one slot (CLUSTER KEYSLOT), and the families on more than one master', async () => {
    const node = new Redis(cluster.nodes[0]!);
    try {
      const slots: number[] = [];
      for (const [family, keys] of Object.entries(FAMILIES)) {
        const inFamily = new Set(
          await Promise.all(keys.map(async (key) => Number(await node.cluster('KEYSLOT', clusterKey(key))))),
        );
        expect([family, inFamily.size]).toEqual([family, 1]);
        slots.push(...inFamily);
      }
      // Denylist entries spread by their jti: a hundred of them land on every master.
      const denylistSlots = await Promise.all(
        Array.from({ length: 100 }, (_, i) => node.cluster('KEYSLOT', clusterKey(`sl:denylist:jti-${i}`))),
      );
      const ranges = (await node.cluster('SLOTS')) as [number, number, ...unknown[]][];
      const masterOf = (slot: number) => ranges.findIndex(([from, to]) => slot >= from && slot <= to);
      expect(new Set(denylistSlots.map((slot) => masterOf(Number(slot)))).size).toBe(3);
      expect(new Set(slots.map(masterOf)).size).toBeGreaterThan(1);
    } finally {
      node.disconnect();
    }
  });

  it('is what the server uses when started with --redis-cluster: a login’s session is stored under its tag', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-cluster-app-'));
    const server = await startServer(
      parseConfig({ dataDir, store: 'redis', redisCluster: cluster.seeds, port: 0, logLevel: 'silent' }),
      { passwords: TEST_PASSWORDS },
    );
    const client = new Cluster(cluster.nodes);
    try {
      const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as {
        status: string;
        store: { kind: string; reason: string; expiryEvents: string };
      };
      expect(health).toMatchObject({
        status: 'ok',
        store: {
          kind: 'redis',
          reason: expect.stringContaining(`the Redis Cluster ${cluster.seeds}`),
          expiryEvents: 'ttl-polling',
        },
      });
      const login = await cookieLogin(server.url, 'alice', 'alice-lab-pass');
      expect(login.status).toBe(200);
      expect((await sessionMe(server.url, login.cookie!)).status).toBe(200);
      const sid = /sl_session=([^;]+)/.exec(login.cookie!)![1]!;
      expect(JSON.parse((await client.get(`sl:{sessions}:sess:${sid}`))!)).toMatchObject({
        v: 2,
        u: expect.any(Number),
      });
      expect(await client.get(`sl:sess:${sid}`)).toBeNull();
      // The inspector shows the logical name, and the commands to read it as stored.
      const detail = (await (
        await fetch(`${server.url}/api/v1/inspector/keys/${encodeURIComponent(`sl:sess:${sid}`)}`, {
          headers: { 'X-Lab-Key': server.labKey },
        })
      ).json()) as { key: string; commands: string[] };
      expect(detail).toMatchObject({
        key: `sl:sess:${sid}`,
        commands: [`GET sl:{sessions}:sess:${sid}`, `PTTL sl:{sessions}:sess:${sid}`],
      });
    } finally {
      client.disconnect();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
