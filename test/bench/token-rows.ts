import { measureHttp, type BenchRow } from './http-rows.ts';

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

/** `GET /api/v1/token/data` with a Bearer token, 50 connections: HS256 with and without the denylist, ES256, EdDSA. */
export async function tokenRows(
  label: string,
  appUrl: string,
  seconds: number,
  algorithms = true,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const url = `${appUrl}/api/v1/token/data`;
  const admin = await tokenLogin(appUrl, 'admin');
  const hs = await tokenLogin(appUrl);
  await setTokenSettings(appUrl, admin, { denylist: 'on' });
  rows.push(
    await measureHttp(
      `${label}: JWT HS256 + denylist (EXISTS of its jti and of its family's revocation, in parallel), GET /api/v1/token/data`,
      url,
      seconds,
      50,
      { Authorization: `Bearer ${hs}` },
    ),
  );
  await setTokenSettings(appUrl, admin, { denylist: 'off' });
  rows.push(
    await measureHttp(`${label}: JWT HS256, GET /api/v1/token/data`, url, seconds, 50, {
      Authorization: `Bearer ${hs}`,
    }),
  );
  if (algorithms) {
    for (const algorithm of ['ES256', 'EdDSA']) {
      await setTokenSettings(appUrl, admin, { algorithm });
      const token = await tokenLogin(appUrl);
      rows.push(
        await measureHttp(`${label}: JWT ${algorithm}, GET /api/v1/token/data`, url, seconds, 50, {
          Authorization: `Bearer ${token}`,
        }),
      );
    }
  }
  await setTokenSettings(appUrl, admin, { algorithm: 'HS256', denylist: 'on' });
  return rows;
}

/** The reference: stock jose on Koa, verifying HS256 with a Uint8Array secret. */
export function stockJwtRow(stockJwtUrl: string, token: string, seconds: number): Promise<BenchRow> {
  return measureHttp('reference: Koa + jose jwtVerify (Uint8Array secret)', stockJwtUrl, seconds, 50, {
    Authorization: `Bearer ${token}`,
  });
}
