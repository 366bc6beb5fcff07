import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { cookieSession, type CookieSessionDeps } from '../../../server/auth/cookie-session.ts';
import { CookieSigner } from '../../../server/auth/cookie-signer.ts';
import { parseConfig } from '../../../server/config.ts';
import { capturingLogger } from '../../support/silent-logger.ts';
import { testApp } from '../../support/test-app.ts';

/** Everything an object holds of its own: each key (symbols too) with its descriptor. */
const ownProperties = (target: object) => Object.getOwnPropertyDescriptors(target);

/** A fresh app with its keys set by its owner, and the factory's dependencies (the store side is never reached). */
function freshApp(): { app: Koa; deps: CookieSessionDeps } {
  const signer = new CookieSigner([randomBytes(32)]);
  const app = new Koa({ keys: signer as unknown as string[] });
  const deps = {
    app,
    config: parseConfig({ logLevel: 'silent' }),
    signer,
    logger: capturingLogger().logger,
    now: Date.now,
  } as unknown as CookieSessionDeps;
  return { app, deps };
}

describe('cookieSession(): a middleware factory that changes nothing it is given', () => {
  it('leaves a fresh Koa app and its context as they were, and hands the accessors to the owner', () => {
    const { app, deps } = freshApp();
    const appBefore = ownProperties(app);
    const contextBefore = ownProperties(app.context);
    const session = cookieSession(deps);
    expect(ownProperties(app)).toEqual(appBefore);
    expect(ownProperties(app.context)).toEqual(contextBefore);
    expect('session' in app.context).toBe(false);
    // What koa-session would have put on the app's context, for its owner to put there.
    expect(Object.keys(session.contextProperties)).toEqual(expect.arrayContaining(['session', 'sessionOptions']));
    expect(typeof session.middleware).toBe('function');
  });

  it('still refuses an app whose keys are not its signer', () => {
    const { deps } = freshApp();
    expect(() => cookieSession({ ...deps, app: new Koa({ keys: ['another key'] }) })).toThrow(/cookie signer/);
  });

  it("createCoreApp, the app's owner, puts ctx.session on its own context once", async () => {
    const t = await testApp();
    try {
      expect(Object.getOwnPropertyDescriptor(t.app.context, 'session')?.get).toBeTypeOf('function');
      expect(Object.getOwnPropertyDescriptor(t.app.context, 'sessionOptions')?.get).toBeTypeOf('function');
    } finally {
      await t.close();
    }
  });
});
