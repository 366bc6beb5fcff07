import type { HttpRowSpec } from './http-rows.ts';
import { REFERENCE, type BenchServer } from './session-rows.ts';

async function tokenLogin(appUrl: string, username = 'alice'): Promise<string> {
  const res = await fetch(`${appUrl}/api/v1/token/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: `${username}-lab-pass` }),
  });
  if (res.status !== 200) throw new Error(`bench token login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function setTokenSettings(appUrl: string, token: string, settings: object): Promise<void> {
  const res = await fetch(`${appUrl}/api/v1/lab/token-settings`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(settings),
  });
  if (res.status !== 200) throw new Error(`bench settings failed: ${res.status}`);
}

/**
 * `GET /api/v1/token/data` with a Bearer token, 50 connections: HS256 with and without the denylist (their CPU
 * compared with jose + EXISTS and with jose), then ES256 and EdDSA (no reference). The tokens are made first (the
 * signing algorithm switched for each); a token verifies by its kid whatever the server signs with now, so in the
 * rounds only the denylist is switched, around each run.
 */
export async function tokenRows(label: string, server: BenchServer, algorithms = true): Promise<HttpRowSpec[]> {
  const { appUrl, cpu } = server;
  const url = `${appUrl}/api/v1/token/data`;
  const admin = await tokenLogin(appUrl, 'admin');
  const hs = await tokenLogin(appUrl);
  const others: [string, string][] = [];
  if (algorithms) {
    for (const algorithm of ['ES256', 'EdDSA']) {
      await setTokenSettings(appUrl, admin, { algorithm });
      others.push([algorithm, await tokenLogin(appUrl)]);
    }
  }
  await setTokenSettings(appUrl, admin, { algorithm: 'HS256', denylist: 'on' });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const denylist = (on: boolean) => async () => {
    await setTokenSettings(appUrl, admin, { denylist: on ? 'on' : 'off' });
    return () => setTokenSettings(appUrl, admin, { denylist: 'on' });
  };
  return [
    {
      name: `${label}: JWT HS256 + denylist (EXISTS of its jti and of its family's revocation, in parallel), GET /api/v1/token/data (× ref CPU: jose + EXISTS)`,
      url,
      options: { connections: 50, headers: bearer(hs), cpu, compareWith: REFERENCE.joseExists },
    },
    {
      name: `${label}: JWT HS256, GET /api/v1/token/data (× ref CPU: jose)`,
      url,
      options: { connections: 50, headers: bearer(hs), cpu, compareWith: REFERENCE.jose },
      around: denylist(false),
    },
    ...others.map(([algorithm, token]) => ({
      name: `${label}: JWT ${algorithm}, GET /api/v1/token/data`,
      url,
      options: { connections: 50, headers: bearer(token), cpu },
      around: denylist(false),
    })),
  ];
}

/** The token reference: stock jose `jwtVerify` HS256 on Koa, the key imported once, a token shaped like the app's. */
export function stockJwtRow(server: BenchServer): HttpRowSpec {
  return {
    name: 'reference: Koa + jose jwtVerify HS256 (key imported once)',
    url: server.stockJwtUrl,
    options: {
      connections: 50,
      headers: { Authorization: `Bearer ${server.stockToken}` },
      cpu: server.cpu,
      id: REFERENCE.jose,
    },
  };
}

/** The denylist reference (Redis): the same jose verify plus one Redis `EXISTS` of the token's jti. */
export function joseExistsRow(server: BenchServer): HttpRowSpec {
  return {
    name: 'reference: Koa + jose jwtVerify HS256 + Redis EXISTS of the jti (ioredis, auto-pipelining)',
    url: server.joseExistsUrl!,
    options: {
      connections: 50,
      headers: { Authorization: `Bearer ${server.joseExistsToken}` },
      cpu: server.cpu,
      id: REFERENCE.joseExists,
    },
  };
}
