import Koa from 'koa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/middleware/error-handler.ts';
import { rendererFiles } from '../../server/routes/renderer.ts';
import { capturingLogger } from '../support/silent-logger.ts';

const dirs: string[] = [];

/** A Koa app with only the error handler and the renderer files, over a fresh dir (a build in it when `built`). */
function appOver(built: boolean) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sl-renderer-'));
  dirs.push(dir);
  if (built) {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>built index</title>');
    writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app");');
  }
  const app = new Koa();
  app.use(errorHandler(capturingLogger().logger));
  app.use(rendererFiles(dir));
  app.use((ctx) => {
    ctx.body = { passedOn: ctx.path };
  });
  return app.callback();
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('renderer files', () => {
  it('serves the build: index.html at /, an asset cached for a year, index.html for a UI route', async () => {
    const app = appOver(true);
    const index = await request(app).get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('built index');
    const asset = await request(app).get('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.text).toContain('console.log("app")');
    expect(asset.headers['cache-control']).toBe('max-age=31536000,immutable');
    const route = await request(app).get('/labs/fixation');
    expect(route.status).toBe(200);
    expect(route.text).toContain('built index');
  });

  it('answers 404 NOT_FOUND for a missing file and passes /api/ and non-GET requests on', async () => {
    const app = appOver(true);
    const missing = await request(app).get('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    expect((await request(app).get('/api/v1/health')).body).toEqual({ passedOn: '/api/v1/health' });
    expect((await request(app).post('/')).body).toEqual({ passedOn: '/' });
  });

  it('without a build, shows the placeholder page that says how to make one', async () => {
    const app = appOver(false);
    const page = await request(app).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('npm run build:renderer');
    expect((await request(app).get('/assets/app.js')).status).toBe(404);
  });
});
