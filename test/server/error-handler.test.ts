import Koa from 'koa';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, ValidationError } from '../../server/errors.ts';
import { errorHandler } from '../../server/middleware/error-handler.ts';
import { SqliteStore } from '../../server/store/sqlite-store.ts';
import { capturingLogger } from '../support/silent-logger.ts';
import { testApp } from '../support/test-app.ts';

function appThrowing(error: unknown) {
  const { logger, lines } = capturingLogger();
  const app = new Koa();
  app.use(errorHandler(logger));
  app.use(() => {
    throw error;
  });
  return { app, lines };
}

describe('error handler', () => {
  it('renders an AppError as its status and {"error":{"code","message"}}', async () => {
    const { app } = appThrowing(new ValidationError('username: required'));
    const res = await request(app.callback()).get('/');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'username: required' } });
  });

  it('answers a store outage 503 STORE_UNAVAILABLE', async () => {
    const { app, lines } = appThrowing(new StoreUnavailableError('Redis is not reachable (connect ECONNREFUSED)'));
    const res = await request(app.callback()).get('/');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('STORE_UNAVAILABLE');
    expect(lines().filter((line) => line.level === 40)).toHaveLength(1);
  });

  it('turns an unexpected error into a bare 500 INTERNAL, logged once with its stack', async () => {
    const secret = new Error('db password is hunter2');
    const { app, lines } = appThrowing(secret);
    const res = await request(app.callback()).get('/x');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('.ts:');
    const errors = lines().filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('hunter2');
    expect((errors[0]!.err as { stack: string }).stack).toContain('error-handler.test.ts');
  });

  it('does the same inside the real app when a dependency breaks', async () => {
    class BrokenStatusStore extends SqliteStore {
      override status(): never {
        throw new TypeError("Cannot read properties of undefined (reading 'connected')");
      }
    }
    const { logger, lines } = capturingLogger();
    const t = await testApp({ store: new BrokenStatusStore({ file: ':memory:' }), logger });
    const res = await request(t.app.callback()).get('/api/v1/health');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(lines().filter((line) => line.level === 50)).toHaveLength(1);
    await t.close();
  });
});
