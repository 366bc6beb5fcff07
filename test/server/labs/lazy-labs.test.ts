import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Router from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Closers } from '../../../server/closers.ts';
import { createCoreApp, type CoreExtension, type CoreParts } from '../../../server/core-app.ts';
import { EvilOrigin } from '../../../server/labs/evil-origin.ts';
import { labs } from '../../../server/labs/index.ts';
import { buildLabs, type LabsExtension } from '../../../server/labs/lab-machinery.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { coreTestDeps } from '../../support/core-deps.ts';

/** What dispatch and allowedMethods see of a router: each route's methods, path and the pattern it matches. */
function routesOf(router: Router) {
  return router.stack
    .filter((layer) => layer.methods.length > 0)
    .map((layer) => ({ methods: layer.methods, path: layer.path, regexp: String(layer.regexp) }));
}

describe('the labs plug-in: routes declared at start, machinery built on first use', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-lazy-labs-'));
  const closers = new Closers();
  let parts: CoreParts;
  let real: LabsExtension;
  let shell: CoreExtension;

  beforeAll(async () => {
    createCoreApp(await coreTestDeps(dataDir, new SqliteStore({ file: path.join(dataDir, 'store.sqlite') }), closers), [
      (core) => {
        parts = core;
        return {};
      },
    ]);
    const evilOrigin = new EvilOrigin();
    closers.add(() => evilOrigin.close());
    real = buildLabs({ closers, evilOrigin }, parts);
    shell = labs({ closers, evilOrigin })(parts);
  });
  afterAll(async () => {
    await closers.closeAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('mounts, in every lab router’s place, a router with the same routes (server/labs/route-table.ts lists them)', () => {
    const kinds = ['routes', 'authedRoutes'] as const;
    // On a difference, route-table.ts is stale: PRINT_LAB_ROUTES=1 prints what it should hold.
    if (process.env.PRINT_LAB_ROUTES)
      for (const kind of kinds)
        console.log(kind, JSON.stringify(real[kind].map((router) => routesOf(router).map((r) => [r.methods, r.path]))));
    for (const kind of kinds) expect(shell[kind]!.map(routesOf)).toEqual(real[kind].map(routesOf));
    expect(shell.exemptions).toEqual(real.exemptions);
  });
});

describe('a started server', () => {
  it('listens and answers /health without loading any lab machinery, and builds it on the first lab request', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sl-lazy-labs-child-'));
    try {
      const child = fork(new URL('./lazy-labs-child.ts', import.meta.url).pathname, [dataDir], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const seen = await new Promise<Record<string, unknown>>((resolve, reject) => {
        child.once('message', (message) => resolve(message as Record<string, unknown>));
        child.once('exit', (code) => reject(new Error(`the server process exited with ${code} before it answered`)));
      });
      // The plug-in's shell and the attacker's server (created, not started, by the assembly) only.
      expect(seen.atListen).toEqual(expect.arrayContaining(['labs/index.ts', 'labs/route-table.ts']));
      expect(seen.atListen).not.toEqual(expect.arrayContaining(['labs/lab-machinery.ts']));
      expect((seen.atListen as string[]).filter((name) => name.startsWith('labs/routes/'))).toEqual([]);
      expect([seen.health, seen.afterHealth]).toEqual([200, seen.atListen]);
      expect(seen.labStatus).toBe(200);
      expect(seen.afterLab).toEqual(expect.arrayContaining(['labs/lab-machinery.ts', 'labs/routes/switches.ts']));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
