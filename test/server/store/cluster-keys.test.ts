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
  userRefreshFamiliesKey,
} from '../../../server/tokens/token-keys.ts';
import { newFamilyId, newRefreshId } from '../../../server/tokens/refresh-tokens.ts';
import { SID_PATTERN, newSid, sessionKey, throttleKey, userSessionsKey } from '../../../server/auth/session-keys.ts';
import { clusterKey, clusterPattern, logicalKey, slotGroup, userTag } from '../../../server/store/cluster-keys.ts';
import { REDIS_CLI_BIN, REDIS_SERVER_BIN } from '../../support/requirements.ts';
import { startTestCluster, type TestCluster } from '../../support/redis-cluster.ts';

/** The keys Session Lab writes in one MULTI for user `uid`, as the app names them (with ids made as the app makes them). */
function userFamilies(uid: number): Record<string, string[]> {
  const family = newFamilyId(uid);
  return {
    'a session and its user index': [sessionKey(newSid(uid)), sessionKey(newSid(uid)), userSessionsKey(uid)],
    'a refresh token, its family, its rotated marker, its revocation, its user list': [
      refreshKey(newRefreshId(uid)),
      refreshKey(newRefreshId(uid)),
      refreshFamilyKey(family),
      refreshRotatedKey(newRefreshId(uid)),
      refreshRevokedKey(family),
      userRefreshFamiliesKey(uid),
    ],
  };
}

describe('cluster key names', () => {
  it("tag each user's keys alike, from the ids alone, leave one-key kinds untagged, and translate back exactly", () => {
    for (const uid of [1, 2, 7, 1_000_003]) {
      const groups = Object.values(userFamilies(uid));
      const tags = new Set(groups.flat().map((key) => slotGroup(clusterKey(key))));
      expect([uid, [...tags]]).toEqual([uid, [`u${userTag(uid)}`]]);
      for (const key of groups.flat()) expect(logicalKey(clusterKey(key))).toBe(key);
    }
    // Ids as the app makes them: a session id and a refresh id keep their shapes, a family stays a UUID.
    expect(newSid(7)).toMatch(SID_PATTERN);
    expect(newSid(7).startsWith(userTag(7))).toBe(true);
    expect(newRefreshId(7)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newFamilyId(7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Users get different tags (4,096 of them): the first hundred ids use at least 90.
    expect(new Set(Array.from({ length: 100 }, (_, i) => userTag(i + 1))).size).toBeGreaterThanOrEqual(90);
    // An id without a user's tag (a planted one, or made by hand): one slot of its own, never the old `{sessions}`.
    expect(clusterKey('sl:sess:XYZ_not-tagged-123456')).toBe('sl:{untagged}:sess:XYZ_not-tagged-123456');
    expect(clusterKey('sl:refresh:XYZ')).toBe('sl:{untagged}:refresh:XYZ');
    expect(clusterKey('sl:user_sessions:not-a-number')).toBe('sl:{untagged}:user_sessions:not-a-number');
    // Written one key at a time: no tag, spread over every master.
    expect(clusterKey('sl:denylist:jti-1')).toBe('sl:denylist:jti-1');
    expect(clusterKey(throttleKey('user', 'alice'))).toBe('sl:throttle:user:alice');
    expect(clusterKey(throttleKey('ip', '127.0.0.1'))).toBe('sl:throttle:ip:127.0.0.1');
    expect(clusterKey('sl:k')).toBe('sl:{k}:k');
    expect(clusterKey('other:key')).toBe('other:key');
    expect(logicalKey('sl:denylist:jti-1')).toBe('sl:denylist:jti-1');
    expect(clusterPattern('sl:sess:*')).toBe('sl:{*}:sess:*');
    expect(clusterPattern('sl:user_refresh:7')).toBe('sl:{*}:user_refresh:7');
    expect(clusterPattern('sl:throttle:*')).toBe('sl:throttle:*');
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

  it("put each user's keys in one slot (CLUSTER KEYSLOT), and twelve users' on more than one master", async () => {
    const node = new Redis(cluster.nodes[0]!);
    try {
      const slots: number[] = [];
      for (let uid = 1; uid <= 12; uid++)
        for (const [family, keys] of Object.entries(userFamilies(uid))) {
          const inFamily = new Set(
            await Promise.all(keys.map(async (key) => Number(await node.cluster('KEYSLOT', clusterKey(key))))),
          );
          expect([uid, family, inFamily.size]).toEqual([uid, family, 1]);
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
      const tag = `{u${sid.slice(0, 3)}}`;
      expect(JSON.parse((await client.get(`sl:${tag}:sess:${sid}`))!)).toMatchObject({
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
        commands: expect.arrayContaining([`GET sl:${tag}:sess:${sid}`, `PTTL sl:${tag}:sess:${sid}`]),
      });
    } finally {
      client.disconnect();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
