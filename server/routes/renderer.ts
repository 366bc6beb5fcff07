import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import type send from 'koa-send';
import { NotFoundError } from '../errors.ts';
import { isApiPath } from '../../shared/api/paths.ts';

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Session Lab</title></head>
<body><h1>Session Lab</h1><p>The server is running, but the renderer has not been built.
Run <code>npm run build:renderer</code> (or <code>npm run serve</code>, which builds it) and reload.</p>
<p>The API answers at <a href="/api/v1/health">/api/v1/health</a>.</p></body></html>`;

let loadingSend: Promise<typeof send> | undefined;

/** koa-send loads with the first renderer file asked for, not at start-up (the first request may be /api/v1/health). */
function koaSend(): Promise<typeof send> {
  loadingSend ??= import('koa-send').then((loaded) => loaded.default);
  return loadingSend;
}

/**
 * Serves the built renderer for GET/HEAD outside `/api/`: files from `rendererDir`, and `index.html`
 * for any other path (the UI routes itself). Without a build, a placeholder page says how to make one.
 */
export function rendererFiles(rendererDir: string): Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || isApiPath(ctx.path)) return next();
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      if (path.extname(ctx.path) !== '') throw new NotFoundError(`No file at ${ctx.path}: the renderer is not built`);
      ctx.type = 'html';
      ctx.body = PLACEHOLDER;
      return;
    }
    const send = await koaSend();
    try {
      await send(ctx, ctx.path, {
        root: rendererDir,
        index: 'index.html',
        hidden: false,
        maxage: ctx.path.startsWith('/assets/') ? 31_536_000_000 : 0,
        immutable: ctx.path.startsWith('/assets/'),
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      if (path.extname(ctx.path) !== '') throw new NotFoundError(`No file at ${ctx.path}`);
      await send(ctx, 'index.html', { root: rendererDir });
    }
  };
}
