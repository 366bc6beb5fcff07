import Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { exchangeRecorder, type HttpInstance } from '../../../server/inspector/exchange-recorder.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { LAB_KEY_HEADER, LAB_KEY_PARAM } from '../../../shared/lab-key.ts';

/** An app that records into a list and answers 200 to everything. */
function recordingApp(instance?: HttpInstance) {
  const recorded: HttpEvent[] = [];
  const app = new Koa();
  let id = 1;
  app.use(
    exchangeRecorder({
      skip: () => false,
      onExchange: (event) => recorded.push(event),
      now: () => 0,
      nextId: () => id++,
      ...(instance ? { instance } : {}),
    }),
  );
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  return { app, recorded };
}

describe('the exchange recorder', () => {
  it('leaves the store time out when its instance says its store is not measured, and tags it without that field', async () => {
    for (const [instance, measured] of [
      [{ name: 'B', store: 'memory', storeTimeUnmeasured: true }, false],
      [{ name: 'B', store: 'shared' }, true],
      [undefined, true],
    ] as const) {
      const { app, recorded } = recordingApp(instance);
      await request(app.callback()).get('/api/v1/health');
      expect(recorded[0]!.storeTime !== undefined, JSON.stringify(instance)).toBe(measured);
      if (instance) expect(Object.keys(recorded[0]!.instance!).sort()).toEqual(['name', 'port', 'store']);
    }
  });

  it('redacts the lab key under the names shared/lab-key.ts gives it, in any case', async () => {
    const { app, recorded } = recordingApp();
    await request(app.callback())
      .get(`/x?${LAB_KEY_PARAM.toUpperCase()}=secret-in-query`)
      .set(LAB_KEY_HEADER.toUpperCase(), 'secret-in-header');
    expect(JSON.stringify(recorded[0])).not.toContain('secret-in');
  });

  it('marks what another page sent, with the origin the browser named', async () => {
    const { app, recorded } = recordingApp();
    const api = request(app.callback());
    await api.get('/own');
    await api.get('/own-window').set('Sec-Fetch-Site', 'same-origin');
    await api.get('/img').set('Sec-Fetch-Site', 'cross-site');
    await api.get('/sandboxed').set('Sec-Fetch-Site', 'cross-site').set('Origin', 'null');
    await api.get('/fetch').set('Origin', 'https://evil.example');
    await api.get('/other-port').set('Sec-Fetch-Site', 'same-site').set('Origin', 'http://localhost:1');
    expect(recorded.map((event) => [event.path, event.from])).toEqual([
      ['/own', undefined],
      ['/own-window', undefined],
      ['/img', { origin: null }],
      ['/sandboxed', { origin: null }],
      ['/fetch', { origin: 'https://evil.example' }],
      ['/other-port', { origin: 'http://localhost:1' }],
    ]);
  });
});
