// The bench's cluster figure (issue 22): how the keys of a dozen users' logins spread over a Redis Cluster's masters.
// Counted on each master's own connection (SCAN MATCH on that node alone), so the figure is where the keys really
// are, whatever hash tags the store gives them.
import { Redis } from 'ioredis';
import type { Figure } from './report.ts';

const USERS = 12;
const COOKIE_LOGINS = 2;
const TOKEN_LOGINS = 1;

/** What a login answers that the next request needs: the Cookie header, and the CSRF token of a cookie session. */
async function login(appUrl: string, path: 'session' | 'token', username: string, password: string) {
  const res = await fetch(`${appUrl}/api/v1/${path}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: appUrl },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`bench ${path} login of ${username}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { session?: { csrfToken: string } };
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, csrf: body.session?.csrfToken ?? '' };
}

/** Creates `USERS` accounts through the admin API (the demo admin's cookie session), as an operator would. */
async function createUsers(appUrl: string): Promise<{ username: string; password: string }[]> {
  const admin = await login(appUrl, 'session', 'admin', 'admin-lab-pass');
  const users = Array.from({ length: USERS }, (_, i) => ({
    username: `bench-user-${String(i + 1).padStart(2, '0')}`,
    password: `bench-spread-pass-${i + 1}`,
  }));
  for (const user of users) {
    const res = await fetch(`${appUrl}/api/v1/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: appUrl, Cookie: admin.cookie, 'X-CSRF-Token': admin.csrf },
      body: JSON.stringify({ ...user, email: `${user.username}@example.test` }),
    });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`bench could not create ${user.username}: ${res.status} ${await res.text()}`);
  }
  return users;
}

/** Every key matching `pattern` on this node alone (a master answers SCAN for its own slots only). */
async function countOn(node: Redis, pattern: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    count += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return count;
}

/** Deletes the keys matching `pattern` on one master (the rows' own logins), so only the dozen users are counted. */
async function clearOn(node: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1_000);
    // One key per DEL: keys of different slots may not share one command on a cluster node.
    for (const key of keys) await node.del(key);
    cursor = next;
  } while (cursor !== '0');
}

/** "41 % / 33 % / 26 %": each master's share, largest first (ports change from run to run); and the largest. */
function shares(unsorted: number[]): { text: string; largest: number } {
  const counts = [...unsorted].sort((a, b) => b - a);
  const total = counts.reduce((sum, n) => sum + n, 0);
  const percent = counts.map((n) => (total === 0 ? 0 : Math.round((100 * n) / total)));
  return {
    text: `${percent.map((p) => `${p} %`).join(' / ')} (${counts.join(' / ')} of ${total} keys)`,
    largest: Math.max(...percent),
  };
}

const FAMILIES = {
  session: ['*sess:*', '*user_sessions:*'],
  refresh: ['*refresh*'],
} as const;
const NAMES: Record<keyof typeof FAMILIES, string> = {
  session: 'sl:sess:* and sl:user_sessions:*',
  refresh: 'every sl:*refresh* kind',
};

/**
 * Logs `USERS` new users in `COOKIE_LOGINS` times with a cookie and `TOKEN_LOGINS` time with a token on the cluster
 * server at `appUrl`, then counts on each master the session keys (`sl:sess:`, `sl:user_sessions:`) and the refresh
 * keys (every `refresh` kind) it holds: two figures, each master's share, largest first.
 */
export async function clusterShareFigures(
  appUrl: string,
  masters: { host: string; port: number }[],
  label: string,
): Promise<Figure[]> {
  const users = await createUsers(appUrl);
  const sorted = [...masters].sort((a, b) => `${a.host}:${a.port}`.localeCompare(`${b.host}:${b.port}`));
  const nodes = sorted.map(({ host, port }) => new Redis({ host, port }));
  try {
    for (const node of nodes)
      for (const pattern of [...FAMILIES.session, ...FAMILIES.refresh]) await clearOn(node, pattern);
    for (const { username, password } of users) {
      for (let i = 0; i < COOKIE_LOGINS; i++) await login(appUrl, 'session', username, password);
      for (let i = 0; i < TOKEN_LOGINS; i++) await login(appUrl, 'token', username, password);
    }
    const figures: Figure[] = [];
    for (const [family, patterns] of Object.entries(FAMILIES)) {
      const counts = await Promise.all(
        nodes.map(async (node) => {
          let n = 0;
          for (const pattern of patterns) n += await countOn(node, pattern);
          return n;
        }),
      );
      const { text, largest } = shares(counts);
      figures.push({
        name: `${label}: share of ${family} keys per master (${NAMES[family as keyof typeof FAMILIES]}; ${USERS} users × ${COOKIE_LOGINS} cookie logins + ${TOKEN_LOGINS} token login; largest first; number: the largest share)`,
        value: text,
        number: largest,
        unit: '%',
      });
    }
    return figures;
  } finally {
    for (const node of nodes) node.disconnect();
  }
}
