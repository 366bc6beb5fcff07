import type { Middleware } from 'koa';
import compose from 'koa-compose';
import { checkCsrf, requireAdmin } from '../auth/guards.ts';
import { LabKeyRequiredError } from '../errors.ts';
import { labKeyCheck } from '../inspector/lab-key.ts';
import { requireAnyCredential } from '../routes/whoami.ts';
import { LAB_KEY_HEADER } from '../../shared/lab-key.ts';

declare module 'koa' {
  interface DefaultState {
    /** The request came from the app's own window (it carried the lab key). */
    labWindow?: boolean;
  }
}

/** The core's credential readers (`CoreParts['checks']`): the cookie session and the access-token reader. */
export interface CredentialReaders {
  session: Middleware;
  token: Middleware;
}

/**
 * The one guard of the labs' routes. Every lab route says which of these it takes:
 * - {@link LabWindow.only}: the app's own window, which proves it with this launch's lab key in `X-Lab-Key` (no other
 *   page has it; another site cannot send the header without a preflight this server never grants). The attacker's
 *   tools, the switches that change every learner's server, the labs' servers and processes.
 * - {@link LabWindow.orSignedIn}: the window, or anyone signed in (a cookie-carried credential with its CSRF token).
 *   Then {@link LabWindow.orAdmin} narrows a route to the window or an admin.
 * Lab 6's target takes neither: it is the attack's target and applies its own (switchable) defences.
 * The guard reads a caller's credentials itself, and only when the lab key is absent: a window's call with the key
 * never reads (nor renews) the cookie session its browser sends along, nor looks its token up.
 */
export class LabWindow {
  readonly #holdsKey: ReturnType<typeof labKeyCheck>;
  readonly #readers: CredentialReaders;

  constructor(labKey: string, readers: CredentialReaders) {
    this.#holdsKey = labKeyCheck(labKey);
    this.#readers = readers;
  }

  /** The app's own window only; `what` names the tool in the refusal (401 LAB_KEY_REQUIRED). */
  only(what: string): Middleware {
    return async (ctx, next) => {
      if (!this.#holdsKey(ctx))
        throw new LabKeyRequiredError(
          `${what} is for the app's own window only: send this launch's lab key in ${LAB_KEY_HEADER}`,
        );
      ctx.state.labWindow = true;
      await next();
    };
  }

  /**
   * The app's own window, or anyone signed in, whose cookie-carried credential needs its CSRF token. The credentials
   * are read (and the cookie session saved after the route) only for a request without the key.
   */
  orSignedIn(): Middleware {
    const signedIn = requireAnyCredential();
    const verify: Middleware = async (ctx, next) => {
      await signedIn(ctx, async () => {});
      // A Bearer header cannot be sent by another site; a cookie (session or token) can, so it needs the CSRF check.
      const token = ctx.state.token;
      const csrf = token ? (token.via === 'cookie' ? token.csrfToken : undefined) : ctx.state.auth!.csrfToken;
      if (csrf !== undefined) checkCsrf(ctx, csrf);
      await next();
    };
    const checked = compose([this.#readers.session, this.#readers.token, verify]) as Middleware;
    return (ctx, next) => {
      if (this.#holdsKey(ctx)) {
        ctx.state.labWindow = true;
        return next();
      }
      return checked(ctx, next);
    };
  }

  /** After {@link orSignedIn}: the window, or an admin (the switches change what every learner's tokens are worth). */
  orAdmin(): Middleware {
    const admin = requireAdmin();
    return (ctx, next) => (ctx.state.labWindow ? next() : admin(ctx, next));
  }
}
