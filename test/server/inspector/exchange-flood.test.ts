import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../../support/backends.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { openSse } from '../../support/sse-client.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { waitFor } from '../../support/wait-for.ts';

/** More than the log keeps of the learner's own (500), so a flood that shared their ring would push them all out. */
const FLOOD = 520;

interface HarEntry {
  request: { url: string; method: string };
  _from?: { origin: string | null };
}

describe.each(BACKENDS)('the exchange log under a flood from other pages, on $name', (backend) => {
  const lab = useLabServer(backend);
  const api = () => request(lab.served.url);
  const har = async () =>
    (await api().get('/api/v1/inspector/har').set('X-Lab-Key', TEST_LAB_KEY)).body.log.entries as HarEntry[];
  const port = () => new URL(lab.served.url).port;

  it('records nothing it refused at the door, so no page that can reach the port can push the learner’s exchanges out', async () => {
    expect((await api().get('/api/v1/health?door=mine')).status).toBe(200);
    // More refusals than the log keeps (500): a wrong Host, and a cross-site Origin on a change.
    for (let i = 0; i < FLOOD; i++)
      expect((await api().get(`/api/v1/health?refused=${i}`).set('Host', 'evil.example')).status).toBe(403);
    for (let i = 0; i < 20; i++)
      expect(
        (await api().post(`/api/v1/session/logout?refused=${i}`).set('Origin', 'https://evil.example')).status,
      ).toBe(403);
    const entries = await har();
    expect(entries.some((entry) => entry.request.url.endsWith('/api/v1/health?door=mine'))).toBe(true);
    expect(entries.filter((entry) => entry.request.url.includes('refused='))).toEqual([]);
  });

  it('keeps what other pages send apart: their GETs pass the door, but never push the learner’s exchanges out', async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events?labKey=${TEST_LAB_KEY}`);
    try {
      // The learner's own: a tool's request (no browser headers) and the window's (same-origin, its own Origin).
      expect((await api().get('/api/v1/health?own=tool')).status).toBe(200);
      const window = await api()
        .get('/api/v1/health?own=window')
        .set('Sec-Fetch-Site', 'same-origin')
        .set('Origin', lab.served.url);
      expect(window.status).toBe(200);
      // Any web page: an <img> (the browser says cross-site, names no origin), a no-cors fetch (names its origin),
      // and a page on another port of the same host (same-site: the labs' attacker and partner pages).
      for (let i = 0; i < FLOOD; i++) {
        const flood = api().get(`/api/v1/health?flood=${i}`);
        if (i % 3 === 0) flood.set('Sec-Fetch-Site', 'cross-site');
        else if (i % 3 === 1) flood.set('Origin', 'https://evil.example');
        else flood.set('Sec-Fetch-Site', 'same-site').set('Origin', 'http://127.0.0.1:1');
        expect((await flood).status).toBe(200);
      }
      const entries = await har();
      const urls = entries.map((entry) => entry.request.url);
      expect(urls.filter((url) => url.includes('own='))).toEqual([
        `${lab.served.url}/api/v1/health?own=tool`,
        `${lab.served.url}/api/v1/health?own=window`,
      ]);
      expect(entries.filter((entry) => entry.request.url.includes('own=')).every((entry) => !entry._from)).toBe(true);
      // The flood keeps only its newest 100, each marked with the page that sent it, in the order recorded.
      const flood = entries.filter((entry) => entry.request.url.includes('flood='));
      expect(flood).toHaveLength(100);
      expect(flood.at(-1)!.request.url).toContain(`flood=${FLOOD - 1}`);
      expect(flood[0]!.request.url).toContain(`flood=${FLOOD - 100}`);
      const fromOf = (i: number) => flood.find((entry) => entry.request.url.endsWith(`flood=${i}`))!._from;
      const sentBy = [null, 'https://evil.example', 'http://127.0.0.1:1'];
      for (let i = FLOOD - 3; i < FLOOD; i++) expect(fromOf(i)).toEqual({ origin: sentBy[i % 3] });
      expect(urls.indexOf(`${lab.served.url}/api/v1/health?own=window`)).toBeLessThan(
        urls.findIndex((url) => url.includes('flood=')),
      );
      // Every one still reached the window live, marked: a lab's attacker page is seen as it happens.
      const live = await waitFor('the flood on the stream', () => {
        const seen = stream.events.filter((e) => e.type === 'http' && String(e.data.path).includes('flood='));
        return seen.length === FLOOD ? seen : undefined;
      });
      expect(live.every((e) => e.data.from !== undefined)).toBe(true);
      const own = stream.events.find((e) => e.type === 'http' && e.data.path === '/api/v1/health?own=window');
      expect(own?.data.from).toBeUndefined();
    } finally {
      stream.close();
    }
  });

  it('takes a request that names this server’s own origin, on either loopback name, as the learner’s', async () => {
    for (const name of ['127.0.0.1', 'localhost']) {
      const res = await api()
        .post('/api/v1/session/logout?own=origin')
        .set('Origin', `http://${name}:${port()}`)
        .set('Sec-Fetch-Site', 'same-origin');
      expect(res.status).toBeLessThan(500);
    }
    const mine = (await har()).filter((entry) => entry.request.url.includes('own=origin'));
    expect(mine).toHaveLength(2);
    expect(mine.every((entry) => !entry._from)).toBe(true);
  });
});
