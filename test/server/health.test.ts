import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthResponseSchema } from '../../shared/api/health.ts';
import { testApp, type TestApp } from '../support/test-app.ts';

describe('GET /api/v1/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('reports status, the store (kind, connected, why), version and uptime', async () => {
    const res = await request(t.app.callback()).get('/api/v1/health');
    expect(res.status).toBe(200);
    const body = healthResponseSchema.parse(res.body);
    expect(body).toMatchObject({
      status: 'ok',
      store: { kind: 'sqlite', connected: true, reason: 'test', expiryEvents: 'sweeper', lastError: null },
      version: '0.0.0-test',
    });
    expect(body.uptime).toBeGreaterThanOrEqual(0);
  });

  it('says degraded once the store is gone', async () => {
    await t.store.close();
    const body = healthResponseSchema.parse((await request(t.app.callback()).get('/api/v1/health')).body);
    expect(body.status).toBe('degraded');
    expect(body.store.connected).toBe(false);
  });
});
