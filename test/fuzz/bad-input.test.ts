import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../support/lab-client.ts';
import { useLabServer } from '../support/lab-server.ts';
import { TEST_LAB_KEY } from '../support/test-app.ts';
import {
  closeConnections,
  encodedJson,
  FUZZ_SCALE,
  FUZZ_SEED,
  fuzzOptions,
  headerValue,
  judge,
  segment,
  send,
  sendRaw,
  tally,
  type FuzzRequest,
} from './fuzz-support.ts';

/** Inputs per property at scale 1: 10,500 in all. */
const RUNS = {
  cookies: 1_500,
  authorization: 1_500,
  tokens: 1_500,
  bodies: 3_000,
  rawHeaders: 500,
  paths: 2_000,
  consoleLines: 500,
  jwtTarget: 800,
};

/** The names an attacker tries first: prototype keys, and the fields the routes read. */
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'username',
  'password',
  'remember',
  'email',
  'role',
  'token',
  'refresh_token',
  'code',
  'store',
  'ms',
  'extraClaims',
  'denylist',
  'algorithm',
  'idleTtlMs',
  'method',
  'path',
  'cookie',
  'instance',
  'kinds',
];

/** JSON values with the dangerous keys, deep nesting and long strings. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue({ maxDepth: 2 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.integer(),
    fc.double(),
    fc.constantFrom(null, true, false, '', 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ unit: 'binary', maxLength: 10 })), tie('value'), {
      maxKeys: 5,
    }),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
})).value;

/**
 * Bodies: JSON of those values, text that is not JSON, bytes that are not UTF-8, nesting as deep as fits the body
 * limit (deeper ones are refused 413 before any parser sees them), and sizes past the limit.
 */
const body: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 6, arbitrary: jsonValue.map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 100_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 60_000, max: 200_000 })
      .map((size) => JSON.stringify({ username: 'x'.repeat(size), password: 'y' })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"username":"alice","password":"alice-lab-pass","__proto__":{"role":"admin"}}',
    ),
  },
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/merge-patch+json',
    ),
  },
  { weight: 1, arbitrary: headerValue(40) },
);

/** The routes that read a body, and who may reach their validation. */
const BODY_ROUTES: { method: string; path: string; as: 'anyone' | 'cookie' | 'lab' | 'admin' }[] = [
  { method: 'POST', path: '/api/v1/session/login', as: 'anyone' },
  { method: 'POST', path: '/api/v1/token/login', as: 'anyone' },
  { method: 'POST', path: '/api/v1/token/refresh', as: 'anyone' },
  { method: 'POST', path: '/api/v1/jwt/inspect', as: 'anyone' },
  { method: 'POST', path: '/api/v1/users', as: 'anyone' },
  { method: 'POST', path: '/api/v1/mfa/verify', as: 'cookie' },
  { method: 'POST', path: '/api/v1/session/revoke-others', as: 'cookie' },
  { method: 'PUT', path: '/api/v1/lab/token-settings', as: 'lab' },
  { method: 'PUT', path: '/api/v1/lab/session-settings', as: 'lab' },
  { method: 'POST', path: '/api/v1/lab/replay', as: 'lab' },
  { method: 'POST', path: '/api/v1/lab/token-size', as: 'lab' },
  { method: 'PUT', path: '/api/v1/lab/csrf/defences', as: 'lab' },
  { method: 'DELETE', path: '/api/v1/lab/switches', as: 'lab' },
  { method: 'POST', path: '/api/v1/lab/clear-keys', as: 'lab' },
  { method: 'POST', path: '/api/v1/lab/stale-claims/role', as: 'lab' },
  { method: 'PUT', path: '/api/v1/lab/cors', as: 'lab' },
  { method: 'POST', path: '/api/v1/inspector/keys/sl%3Asess%3Ax/expire', as: 'lab' },
  { method: 'POST', path: '/api/v1/inspector/keys/sl%3Asess%3Ax/tamper', as: 'lab' },
  { method: 'POST', path: '/api/v1/inspector/keys/sl%3Asess%3Ax/seal', as: 'lab' },
  { method: 'PUT', path: '/api/v1/lab/session-encryption', as: 'lab' },
  { method: 'POST', path: '/api/v1/lab/session-encryption/rotate', as: 'lab' },
  { method: 'POST', path: '/api/v1/inspector/console', as: 'lab' },
  { method: 'PUT', path: '/api/v1/lab/jwt-attacks', as: 'lab' },
  { method: 'POST', path: '/api/v1/lab/jwt-attacks/token', as: 'lab' },
  { method: 'PUT', path: '/api/v1/lab/evil-origin/jwks', as: 'lab' },
  // An admin's changes to a user made for the fuzz (`zed`): whatever a body gets through changes only zed.
  { method: 'PUT', path: '/api/v1/users/{zed}', as: 'admin' },
  { method: 'POST', path: '/api/v1/users', as: 'admin' },
];

describe(
  `fuzz: bad input never gets a 5xx, a crash or a stack trace (seed ${FUZZ_SEED}, scale ${FUZZ_SCALE})`,
  { timeout: 30_000 * FUZZ_SCALE },
  () => {
    const lab = useLabServer();
    /** alice's live cookie session and token, so the fuzz also reaches what lies behind the checks. */
    const alice = { cookie: '', csrf: '', token: '' };
    /** An admin's cookie session, and the user made for the admin routes to change. */
    const admin = { cookie: '', csrf: '', zed: 0 };
    const origin = () => lab.served.url;

    beforeAll(async () => {
      const client = new LabClient(lab.served.url);
      await client.login('alice', 'alice-lab-pass');
      alice.cookie = `sl_session=${client.sid()}; sl_session.sig=${client.cookie('sl_session.sig')}`;
      alice.csrf = client.csrf;
      const adminClient = new LabClient(lab.served.url);
      await adminClient.login('admin', 'admin-lab-pass');
      admin.cookie = `sl_session=${adminClient.sid()}; sl_session.sig=${adminClient.cookie('sl_session.sig')}`;
      admin.csrf = adminClient.csrf;
      admin.zed = (
        await adminClient.post('/api/v1/users', {
          username: 'zed',
          email: 'zed@example.test',
          password: 'zed-fuzzed-pass-1',
        })
      ).body.id as number;
      alice.token = (
        await client.agent.post('/api/v1/token/login').send({ username: 'alice', password: 'alice-lab-pass' })
      ).body.access_token as string;
    });

    afterAll(async () => {
      // Nothing was lost: alice's session and token still work, and the server logged no error of its own.
      expect(
        (await send(origin(), { method: 'GET', path: '/api/v1/session/me', headers: { cookie: alice.cookie } })).status,
      ).toBe(200);
      expect(
        (
          await send(origin(), {
            method: 'GET',
            path: '/api/v1/token/data',
            headers: { authorization: `Bearer ${alice.token}` },
          })
        ).status,
      ).toBe(200);
      expect(lab.t.logs().filter((line) => Number(line.level) >= 50)).toEqual([]);
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Object.prototype).not.toHaveProperty('role');
      closeConnections();
      console.info(
        `fuzz: ${tally.inputs} bad inputs sent (${tally.rawAnswered} of the raw ones answered; seed ${FUZZ_SEED}, scale ${FUZZ_SCALE}); the verdict is the tests’ own`,
      );
    });

    /** Sends one request, judges it, counts it. */
    const check = async (request: FuzzRequest) => {
      tally.inputs++;
      const body =
        typeof request.body === 'string'
          ? request.body.slice(0, 120)
          : request.body
            ? `<${request.body.length} bytes>`
            : '';
      const what = `${request.method} ${request.path.slice(0, 120)} ${JSON.stringify(request.headers ?? {}).slice(0, 200)} ${body}`;
      judge(await send(origin(), request), what, { head: request.method === 'HEAD' });
    };

    it('cookies', async () => {
      const pair = fc.oneof(
        fc
          .tuple(
            fc.constantFrom('sl_session', 'sl_session.sig', 'sl_access', 'sl_refresh', 'sl_csrf'),
            fc.oneof(segment, headerValue(80)),
          )
          .map(([name, value]) => `${name}=${value}`),
        fc.tuple(segment, headerValue(40)).map(([name, value]) => `${name}=${value}`),
        // alice's real id under a signature that is not its own, and her real signature under another id.
        segment.map((junk) => `${alice.cookie.split(';')[0]}; sl_session.sig=${junk}`),
        segment.map((junk) => `sl_session=${junk}; ${alice.cookie.split('; ')[1]}`),
        fc.integer({ min: 4_000, max: 12_000 }).map((size) => `sl_session=${'A'.repeat(size)}`),
      );
      const header = fc.oneof(
        headerValue(300),
        fc
          .tuple(fc.array(pair, { maxLength: 6 }), fc.constantFrom('; ', ';', ' ; ', ',', ';;'))
          .map(([pairs, separator]) => pairs.join(separator)),
      );
      const target = fc.constantFrom(
        { method: 'GET', path: '/api/v1/session/me' },
        { method: 'GET', path: '/api/v1/session/list' },
        { method: 'GET', path: '/api/v1/me' },
        { method: 'GET', path: '/api/v1/token/data' },
        { method: 'POST', path: '/api/v1/session/logout' },
        { method: 'POST', path: '/api/v1/token/refresh' },
      );
      await fc.assert(
        fc.asyncProperty(header, target, headerValue(40), async (cookie, { method, path }, csrf) => {
          await check({
            method,
            path,
            headers: { cookie, origin: origin(), 'x-csrf-token': csrf, 'content-type': 'application/json' },
            ...(method === 'POST' ? { body: '{}' } : {}),
          });
        }),
        fuzzOptions(RUNS.cookies),
      );
    });

    it('Authorization headers', async () => {
      const tokenLike = fc
        .array(fc.oneof(segment, encodedJson), { minLength: 1, maxLength: 5 })
        .map((parts) => parts.join('.'));
      const mutated = fc.tuple(fc.nat(), fc.constantFrom(...'Aa0-_.=+/ '.split(''))).map(([at, char]) => {
        const i = at % alice.token.length;
        return alice.token.slice(0, i) + char + alice.token.slice(i + 1);
      });
      const header = fc.oneof(
        headerValue(200),
        fc
          .tuple(
            fc.constantFrom('Bearer ', 'bearer ', 'Bearer  ', 'Bearer', 'Basic ', 'Token ', 'Bearer\t'),
            fc.oneof(tokenLike, mutated, headerValue(100)),
          )
          .map(([scheme, value]) => scheme + value),
        fc.integer({ min: 9_000, max: 20_000 }).map((size) => `Bearer ${'a'.repeat(size)}`),
      );
      const target = fc.constantFrom(
        { method: 'GET', path: '/api/v1/token/data' },
        { method: 'POST', path: '/api/v1/token/logout' },
        { method: 'GET', path: '/api/v1/me' },
        { method: 'GET', path: '/api/v1/session/me' },
      );
      await fc.assert(
        fc.asyncProperty(header, target, async (authorization, { method, path }) => {
          await check({
            method,
            path,
            headers: { authorization, origin: origin(), 'content-type': 'application/json' },
            ...(method === 'POST' ? { body: '{}' } : {}),
          });
        }),
        fuzzOptions(RUNS.authorization),
      );
    });

    it('token strings, in the debugger and in a token cookie', async () => {
      const header = fc.record(
        {
          alg: fc.oneof(
            fc.constantFrom('none', 'None', 'HS256', 'RS256', 'ES256', 'EdDSA', 'HS512', ''),
            fc.string({ maxLength: 10 }),
            fc.integer(),
          ),
          kid: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('../../etc/passwd'), fc.integer()),
          typ: fc.string({ maxLength: 5 }),
          crit: fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
          jku: fc.webUrl(),
          x5u: fc.webUrl(),
        },
        { requiredKeys: [] },
      );
      const claims = fc.dictionary(
        fc.constantFrom('sub', 'exp', 'nbf', 'iat', 'iss', 'aud', 'jti', 'role', 'fam', '__proto__'),
        jsonValue,
        { maxKeys: 8 },
      );
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
      const token = fc.oneof(
        fc.tuple(header, claims, segment).map(([h, c, s]) => `${encode(h)}.${encode(c)}.${s}`),
        fc.tuple(header, claims).map(([h, c]) => `${encode(h)}.${encode(c)}.`),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.array(segment, { maxLength: 6 }).map((parts) => parts.join('.')),
      );
      await fc.assert(
        fc.asyncProperty(token, fc.boolean(), async (compact, asCookie) => {
          if (asCookie)
            await check({
              method: 'GET',
              path: '/api/v1/token/data',
              headers: { cookie: `sl_access=${encodeURIComponent(compact)}` },
            });
          else
            await check({
              method: 'POST',
              path: '/api/v1/jwt/inspect',
              headers: { 'content-type': 'application/json', origin: origin() },
              body: JSON.stringify({ token: compact }),
            });
        }),
        fuzzOptions(RUNS.tokens),
      );
    });

    it('JSON bodies: wrong types, prototype keys, deep nesting, huge strings, wrong content types', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), body, contentType, async (route, text, type) => {
          const headers: Record<string, string> = { 'content-type': type, origin: origin() };
          if (route.as === 'cookie') Object.assign(headers, { cookie: alice.cookie, 'x-csrf-token': alice.csrf });
          if (route.as === 'lab') headers['x-lab-key'] = TEST_LAB_KEY;
          if (route.as === 'admin') Object.assign(headers, { cookie: admin.cookie, 'x-csrf-token': admin.csrf });
          await check({
            method: route.method,
            path: route.path.replace('{zed}', String(admin.zed)),
            headers,
            body: text,
          });
        }),
        fuzzOptions(RUNS.bodies),
      );
      // Whatever a body said, no setting is left in a state that breaks the app: put the lab's switches back.
      for (const path of [
        '/api/v1/lab/session-settings',
        '/api/v1/lab/csrf/defences',
        '/api/v1/lab/stale-claims/role',
        '/api/v1/lab/cors',
      ])
        await send(origin(), { method: 'DELETE', path, headers: { 'x-lab-key': TEST_LAB_KEY, origin: origin() } });
      await send(origin(), {
        method: 'PUT',
        path: '/api/v1/lab/jwt-attacks',
        headers: { 'x-lab-key': TEST_LAB_KEY, origin: origin(), 'content-type': 'application/json' },
        body: JSON.stringify({ naiveVerifier: false, weakSecret: false }),
      });
      await send(origin(), {
        method: 'PUT',
        path: '/api/v1/lab/token-settings',
        headers: { 'x-lab-key': TEST_LAB_KEY, origin: origin(), 'content-type': 'application/json' },
        body: JSON.stringify({ algorithm: 'HS256', delivery: 'body', denylist: 'on' }),
      });
    });

    it("the JWT labs' target, naive and real: forged headers, jwk, jku and kid of any shape", async () => {
      const lab = { 'x-lab-key': TEST_LAB_KEY, origin: origin(), 'content-type': 'application/json' };
      const evil = await send(origin(), {
        method: 'PUT',
        path: '/api/v1/lab/evil-origin/jwks',
        headers: lab,
        body: JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'k' }] }),
      });
      const evilUrl = new URL(JSON.parse(evil.text).url as string).origin;
      const header = fc.record(
        {
          alg: fc.oneof(
            fc.constantFrom('none', 'HS256', 'HS512', 'RS256', 'PS256', 'ES256', 'ES512', 'EdDSA', ''),
            jsonValue,
          ),
          kid: fc.oneof(
            fc.string({ unit: 'binary', maxLength: 40 }),
            fc.constantFrom('../../../../dev/null', '/dev/null', '..', '../keys', 'target', '\u0000', '%2e%2e/x'),
            jsonValue,
          ),
          jku: fc.oneof(
            fc.webUrl(),
            fc.string({ maxLength: 30 }).map((junk) => `${evilUrl}/${junk}`),
            fc.constantFrom(`${evilUrl}/jwks.json`, `${evilUrl}/steal.js`, `${evilUrl}/loot`, 'file:///etc/passwd'),
            jsonValue,
          ),
          jwk: fc.oneof(
            jsonValue,
            fc.dictionary(fc.constantFrom('kty', 'crv', 'x', 'y', 'n', 'e', 'd', 'k'), jsonValue),
          ),
        },
        { requiredKeys: [] },
      );
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url');
      const token = fc.oneof(
        fc.tuple(header, jsonValue, segment).map(([h, c, s]) => `${encode(h)}.${encode(c)}.${s}`),
        fc.array(segment, { maxLength: 5 }).map((parts) => parts.join('.')),
        headerValue(200),
      );
      await fc.assert(
        fc.asyncProperty(token, fc.boolean(), fc.boolean(), async (compact, naive, weak) => {
          tally.inputs++;
          await send(origin(), {
            method: 'PUT',
            path: '/api/v1/lab/jwt-attacks',
            headers: lab,
            body: JSON.stringify({ naiveVerifier: naive, weakSecret: weak }),
          });
          const answer = await send(origin(), {
            method: 'GET',
            path: '/api/v1/lab/jwt-target',
            headers: { 'x-lab-key': TEST_LAB_KEY, authorization: `Bearer ${compact}` },
          });
          judge(answer, `jwt-target (naive ${naive}): ${compact.slice(0, 160)}`);
          // Junk is never an admin's token.
          expect(answer.status, compact.slice(0, 160)).toBeGreaterThanOrEqual(400);
        }),
        fuzzOptions(RUNS.jwtTarget),
      );
      await send(origin(), { method: 'DELETE', path: '/api/v1/lab/switches', headers: lab });
    });

    it('redis-cli console lines: any words, quotes and escapes get an answer, never a 5xx', async () => {
      // Words of the console's commands (and refused ones), keys (never alice's: her session must live on), options,
      // numbers and quoting redis-cli reads or refuses.
      const word = fc.oneof(
        fc.constantFrom('GET', 'set', 'DEL', 'EXISTS', 'TTL', 'PTTL', 'EXPIRE', 'PEXPIRE', 'PERSIST', 'TYPE', 'SCAN'),
        fc.constantFrom('KEYS', 'SMEMBERS', 'SCARD', 'SISMEMBER', 'SADD', 'SREM', 'INCR', 'MEMORY', 'USAGE', 'DBSIZE'),
        fc.constantFrom('ZADD', 'ZREM', 'ZRANGE', 'ZCARD', 'ZSCORE', 'WITHSCORES', 'sl:fuzz:zset', '1.5', 'inf', '-0'),
        fc.constantFrom('INFO', 'keyspace', 'HELP', 'PING', 'FLUSHALL', 'CONFIG', 'EVAL', 'MATCH', 'COUNT', 'NX', 'XX'),
        fc.constantFrom('EX', 'PX', 'KEEPTTL', 'GT', 'LT', 'sl:fuzz:a', 'sl:fuzz:set', 'sl:*', '*', '0', '-1', '1e3'),
        fc.constantFrom('99999999999999999999', '"', "'", '\\x', '"\\xzz"', '"a\\"b"', "'it\\'s'", '""', '[', '\\'),
        fc.string({ unit: 'binary', maxLength: 12 }).map((junk) => `sl:fuzz:${junk}`),
        fc.string({ unit: 'binary', maxLength: 16 }),
      );
      const line = fc.array(word, { minLength: 1, maxLength: 7 }).map((words) => words.join(' '));
      await fc.assert(
        fc.asyncProperty(line, async (command) => {
          tally.inputs++;
          const answer = await send(origin(), {
            method: 'POST',
            path: '/api/v1/inspector/console',
            headers: { 'content-type': 'application/json', origin: origin(), 'x-lab-key': TEST_LAB_KEY },
            body: JSON.stringify({ command }),
          });
          judge(answer, `console: ${command.slice(0, 120)}`);
          // Only an empty command is refused; every other line is answered as redis-cli would (a blank one with nothing).
          expect(answer.status, command).toBe(command === '' ? 400 : 200);
        }),
        fuzzOptions(RUNS.consoleLines),
      );
    });

    it("an admin's user routes with ids that are not ids", async () => {
      const decoded = (text: string) => {
        try {
          return decodeURIComponent(text);
        } catch {
          return text;
        }
      };
      // One path segment that is not a user id, however it decodes (`%31` is `1`, which names a user).
      const id = fc
        .oneof(
          segment,
          fc.constantFrom('0', '-1', '1.0', '0x1', '1e0', '%201', '01', '+1', '99999999999999999999', '1%00', '%2e%2e'),
        )
        .filter((text) => text !== '' && !/[/?#]/.test(text) && !/^[1-9][0-9]*$/.test(decoded(text)));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('GET', 'PUT', 'DELETE'), id, async (method, junk) => {
          const headers = {
            origin: origin(),
            cookie: admin.cookie,
            'x-csrf-token': admin.csrf,
            'content-type': 'application/json',
          };
          const answer = await send(origin(), {
            method,
            path: `/api/v1/users/${junk}`,
            headers,
            ...(method === 'PUT' ? { body: '{"role":"user"}' } : {}),
          });
          judge(answer, `${method} /api/v1/users/${junk}`, { head: false });
          tally.inputs++;
          // No id but digits names a user: nothing was found, so nothing was changed or deleted.
          expect([400, 404, 405], `${method} ${junk}`).toContain(answer.status);
        }),
        fuzzOptions(RUNS.paths / 4),
      );
    });

    it('header sizes and bytes no client should send', async () => {
      const name = fc.oneof(
        fc.constantFrom('X-Big', 'Cookie', 'Authorization', 'Host', 'Content-Length', 'Transfer-Encoding', 'Origin'),
        fc.string({ unit: fc.constantFrom(...'abcXYZ-_:@ '.split('')), minLength: 1, maxLength: 12 }),
      );
      const value = fc.oneof(
        fc.integer({ min: 0, max: 100_000 }).map((size) => 'v'.repeat(size)),
        fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        fc.constantFrom('chunked', '-1', '99999999999999999999', 'gzip, chunked', '\u0000', 'a\rb', 'a\nb'),
      );
      const requestLine = fc.oneof(
        { weight: 6, arbitrary: fc.constant('GET /api/v1/health HTTP/1.1') },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'GET http://x:99999/ HTTP/1.1',
            'GET /%zz HTTP/1.1',
            'GETT / HTTP/1.1',
            'GET / HTTP/9.9',
            'GET  / HTTP/1.1',
            '\u0000 / HTTP/1.1',
            'POST /api/v1/session/login HTTP/1.1',
          ),
        },
      );
      await fc.assert(
        fc.asyncProperty(requestLine, fc.array(fc.tuple(name, value), { maxLength: 4 }), async (line, headers) => {
          const host = new URL(origin()).host;
          const lines = [line, `Host: ${host}`, ...headers.map(([n, v]) => `${n}: ${v}`), 'Connection: close', '', ''];
          tally.inputs++;
          const answer = await sendRaw(origin(), Buffer.from(lines.join('\r\n'), 'latin1'));
          // Some byte sequences end the connection before any answer could be framed (a reset): that is no crash, no 5xx, no leak.
          if (answer.status === 0) return;
          tally.rawAnswered++;
          judge(answer, `${JSON.stringify(lines.join('\r\n').slice(0, 200))}`);
        }),
        fuzzOptions(RUNS.rawHeaders),
      );
      // The property judged what the server answered: most inputs must have been answered, or it judged little.
      expect(tally.rawAnswered).toBeGreaterThan((RUNS.rawHeaders * FUZZ_SCALE) / 2);
    });

    it("lab 14's CORS target and pages: any Origin, preflight headers and mode; its sites' routes and reports", async () => {
      const lab14 = { 'x-lab-key': TEST_LAB_KEY, origin: origin(), 'content-type': 'application/json' };
      const started = await send(origin(), { method: 'POST', path: '/api/v1/lab/cors/sites', headers: lab14 });
      const sites = JSON.parse(started.text) as { partnerOrigin: string; attackerOrigin: string };
      const anOrigin = fc.oneof(
        fc.constantFrom(sites.partnerOrigin, sites.attackerOrigin, 'null', '', 'http://evil.example', '*'),
        headerValue(60),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('same-origin', 'allowlist', 'reflect'),
          fc.constantFrom('GET', 'OPTIONS', 'HEAD', 'POST'),
          anOrigin,
          headerValue(30),
          fc.boolean(),
          async (mode, method, from, requested, withCookie) => {
            await send(origin(), {
              method: 'PUT',
              path: '/api/v1/lab/cors',
              headers: lab14,
              body: JSON.stringify({ mode }),
            });
            const headers: Record<string, string> = { 'access-control-request-headers': requested };
            if (from) headers.origin = from;
            if (withCookie) headers.cookie = alice.cookie;
            await check({ method, path: '/api/v1/lab/cors/account', headers });
          },
        ),
        fuzzOptions(RUNS.paths / 4),
      );
      const sitePath = fc.oneof(
        fc.constantFrom('/', '/report', '/loot', '/%zz', '//'),
        segment.map((s) => `/${s}`),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'OPTIONS'), sitePath, body, async (m, p, text) => {
          tally.inputs++;
          for (const site of [sites.partnerOrigin, sites.attackerOrigin])
            judge(
              await send(site, { method: m, path: p, headers: { 'content-type': 'application/json' }, body: text }),
              `lab 14 site: ${m} ${p}`,
            );
        }),
        fuzzOptions(RUNS.paths / 4),
      );
      await send(origin(), { method: 'DELETE', path: '/api/v1/lab/cors', headers: lab14 });
    });

    it('paths and query strings', async () => {
      const piece = fc.oneof(
        segment,
        fc.constantFrom(
          '..',
          '.',
          '%2e%2e',
          '%2f',
          '%zz',
          '%',
          '%00',
          '%c0%af',
          '~',
          '@',
          ':',
          ';',
          '%E2%80%AE',
          'api',
          'v1',
          'session',
          'token',
          'lab',
          'inspector',
          'keys',
          'key-groups',
          'sl%3Asess%3Ax',
          'users',
          '1',
          '-1',
          '99999999999999999999',
          'xss',
          'xss-frame',
          'xss-site',
          'cors',
          'account',
          'cors-frame',
          'sites',
          'reports',
          'stale-claims',
        ),
      );
      const path = fc.array(piece, { maxLength: 8 }).map((pieces) => `/${pieces.join('/')}`);
      const apiPath = fc.array(piece, { maxLength: 5 }).map((pieces) => `/api/v1/${pieces.join('/')}`);
      const query = fc
        .array(
          fc.tuple(
            fc.oneof(fc.constantFrom('labKey', 'match', 'cursor', 'count', 'name', 'since', 'id'), segment),
            fc.oneof(segment, fc.constantFrom('', '-1', '1e9', 'NaN', '[]', '{}', '%', '*', 'sl:*')),
          ),
          { maxLength: 4 },
        )
        .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
      const method = fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE');
      await fc.assert(
        fc.asyncProperty(method, fc.oneof(path, apiPath), query, fc.boolean(), async (m, p, q, withKey) => {
          const headers: Record<string, string> = {
            origin: origin(),
            cookie: alice.cookie,
            'x-csrf-token': alice.csrf,
          };
          if (withKey) headers['x-lab-key'] = TEST_LAB_KEY;
          // (No piece names the routes that take the store or the CPU away, log alice out, or stream forever: store-outage, load, logout, revoke, events.)
          await check({ method: m, path: q ? `${p}?${q}` : p, headers });
        }),
        fuzzOptions(RUNS.paths),
      );
      // The same on lab 5's site, the app answering on a port of its own (the vulnerable page, ?name= included).
      const site = (
        await send(origin(), {
          method: 'POST',
          path: '/api/v1/lab/xss-site',
          headers: { 'x-lab-key': TEST_LAB_KEY, origin: origin() },
        })
      ).text;
      const siteOrigin = (JSON.parse(site) as { url: string }).url;
      await fc.assert(
        fc.asyncProperty(method, fc.oneof(path, apiPath, fc.constant('/lab/xss')), query, async (m, p, q) => {
          tally.inputs++;
          const target = q ? `${p}?${q}` : p;
          judge(
            await send(siteOrigin, { method: m, path: target, headers: { origin: siteOrigin, cookie: alice.cookie } }),
            `lab 5 site: ${m} ${target}`,
            { head: m === 'HEAD' },
          );
        }),
        fuzzOptions(RUNS.paths / 4),
      );
      await send(origin(), {
        method: 'DELETE',
        path: '/api/v1/lab/xss-site',
        headers: { 'x-lab-key': TEST_LAB_KEY, origin: origin() },
      });
    });
  },
);
