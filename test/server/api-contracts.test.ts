import { describe, expect, it } from 'vitest';
import { keyDetailSchema, keyPageSchema, expireResponseSchema } from '../../shared/api/inspector.ts';
import { meResponseSchema, sessionListSchema } from '../../shared/api/session.ts';
import {
  tokenDataSchema,
  tokenInspectionSchema,
  tokenResponseSchema,
  tokenSettingsSchema,
} from '../../shared/api/tokens.ts';
import { INSPECTOR_EVENT_SCHEMAS } from '../../shared/inspector-events.ts';
import { LabClient } from '../support/lab-client.ts';
import { useLabServer } from '../support/lab-server.ts';
import { openSse } from '../support/sse-client.ts';
import { TEST_LAB_KEY } from '../support/test-app.ts';

/** The renderer trusts the shared schemas: every answer it reads must pass them (strictly where they are strict). */
describe('the server answers what the shared contracts say', () => {
  const lab = useLabServer();

  it('session, token, debugger and inspector answers, and every event on the stream', async () => {
    const stream = await openSse(`${lab.served.url}/api/v1/inspector/events`, { 'X-Lab-Key': TEST_LAB_KEY });
    const client = new LabClient(lab.served.url);
    const login = await client.login('alice', 'alice-lab-pass');
    meResponseSchema.parse(login.body);
    meResponseSchema.parse((await client.get('/api/v1/session/me')).body);
    sessionListSchema.parse((await client.get('/api/v1/session/list')).body);
    const token = tokenResponseSchema.parse(
      (await client.post('/api/v1/token/login', { username: 'bob', password: 'bob-lab-pass' })).body,
    );
    tokenDataSchema.parse(
      (await client.get('/api/v1/token/data').set('Authorization', `Bearer ${token.access_token}`)).body,
    );
    tokenInspectionSchema.parse((await client.post('/api/v1/jwt/inspect', { token: token.access_token! })).body);
    tokenInspectionSchema.parse((await client.post('/api/v1/jwt/inspect', { token: 'a.b.c' })).body);
    tokenSettingsSchema.parse((await client.get('/api/v1/lab/token-settings').set('X-Lab-Key', TEST_LAB_KEY)).body);

    const page = keyPageSchema.parse(
      (await client.get('/api/v1/inspector/keys?match=sl:*').set('X-Lab-Key', TEST_LAB_KEY)).body,
    );
    expect(page.keys.length).toBeGreaterThan(0);
    for (const row of page.keys) {
      const detail = await client
        .get(`/api/v1/inspector/keys/${encodeURIComponent(row.key)}`)
        .set('X-Lab-Key', TEST_LAB_KEY);
      keyDetailSchema.parse(detail.body);
    }
    const sessionKey = page.keys.find((row) => row.key.startsWith('sl:sess:'))!.key;
    expireResponseSchema.parse(
      (
        await client
          .post(`/api/v1/inspector/keys/${encodeURIComponent(sessionKey)}/expire`, { ms: 60_000 })
          .set('X-Lab-Key', TEST_LAB_KEY)
      ).body,
    );

    await lab.t.metrics.tick();
    await expect
      .poll(() => new Set(stream.events.map((event) => event.type)), { timeout: 3_000 })
      .toEqual(new Set(['key', 'http', 'metrics']));
    for (const event of stream.events) {
      const schema = INSPECTOR_EVENT_SCHEMAS[event.type as keyof typeof INSPECTOR_EVENT_SCHEMAS];
      expect(schema, event.type).toBeDefined();
      schema.parse(event.data);
    }
    stream.close();
  });
});
