import { describe, expect, it } from 'vitest';
import { labSwitchesSchema } from '../../../shared/api/lab-switches.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';
import { BACKENDS } from '../../support/backends.ts';

describe.each(BACKENDS)('the lab switches (GET/DELETE /api/v1/lab/switches) on $name', (backend) => {
  const lab = useLabServer(backend);
  const window = () => new LabClient(lab.served.url).agent;
  const asWindow = { 'X-Lab-Key': TEST_LAB_KEY };
  const switches = async () => labSwitchesSchema.parse((await window().get('/api/v1/lab/switches').set(asWindow)).body);

  it("is for the app's own window only", async () => {
    for (const method of ['get', 'delete'] as const) {
      const res = await window()[method]('/api/v1/lab/switches');
      expect(res.status, method).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
  });

  it('names every switch that differs from the launch configuration, and DELETE puts them all back', async () => {
    expect((await switches()).changed).toEqual([]);
    await window().put('/api/v1/lab/token-settings').set(asWindow).send({ algorithm: 'ES256', accessTtlMs: 5_000 });
    await window().put('/api/v1/lab/session-settings').set(asWindow).send({ idleTtlMs: 6_000, touchMs: 1_000 });
    await window().put('/api/v1/lab/csrf/defences').set(asWindow).send({ originCheck: false });
    expect((await switches()).changed).toEqual([
      { group: 'token-settings', name: 'token algorithm', now: 'ES256', launch: 'HS256' },
      { group: 'token-settings', name: 'access-token lifetime', now: '5 s', launch: '900 s' },
      { group: 'session-lifetimes', name: 'session idle timeout', now: '6 s', launch: '1800 s' },
      { group: 'session-lifetimes', name: 'session renewal interval', now: '1 s', launch: '5 s' },
      { group: 'csrf-defences', name: 'CSRF Origin check', now: 'off', launch: 'on' },
    ]);
    const restored = await window().delete('/api/v1/lab/switches').set(asWindow);
    expect(restored.status).toBe(200);
    expect(labSwitchesSchema.parse(restored.body).changed).toEqual([]);
    expect((await window().get('/api/v1/lab/token-settings').set(asWindow)).body).toMatchObject({
      algorithm: 'HS256',
      accessTtlMs: 900_000,
    });
    expect((await window().get('/api/v1/lab/session-settings').set(asWindow)).body).toEqual({
      idleTtlMs: 1_800_000,
      absoluteTtlMs: 28_800_000,
      touchMs: 5_000,
    });
    expect((await window().get('/api/v1/lab/csrf/defences').set(asWindow)).body).toMatchObject({
      originCheck: true,
      csrfToken: true,
    });
  });
});
