import type Router from '@koa/router';
import { createRouter } from '../../routes/router.ts';
import type { AuthServices } from '../../auth/auth-services.ts';
import { newSid } from '../../auth/session-keys.ts';
import { LabInstanceNotRunningError } from '../../errors.ts';
import { replayOnLoopback } from '../loopback-replay.ts';
import type { SecondInstance } from '../second-instance.ts';
import { JWT_ALGORITHMS } from '../../tokens/key-ring.ts';
import { parseInput } from '../../validate.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import { MAX_ACCESS_TTL_MS, tokenSettingsSchema } from '../../../shared/api/tokens.ts';
import { replayRequestSchema, type PlantSessionResponse } from '../../../shared/api/lab.ts';
import type { LabWindow } from '../lab-window.ts';

/**
 * The lab's switches for the token half (`GET /api/v1/lab/token-settings` for anyone signed in, `PUT`
 * for admins and the app's own window) and key rotation (`POST /api/v1/lab/keys/rotate`, the same). The switches live in memory:
 * a restart returns to the config. The attacker's tools, for the app's own window only: the replay
 * (`POST /api/v1/lab/replay`, a GET of the API sent again with a copied cookie or token) and
 * `POST /api/v1/lab/plant-session` (a session cookie with an id of the server's choosing, signed, as a fixation attack plants it).
 * The replay goes to lab 9's second instance when asked (`instance: "B"`, 409 LAB_INSTANCE_NOT_RUNNING while it is not running).
 */
export function labToolRoutes(services: AuthServices, guard: LabWindow, secondInstance: SecondInstance): Router {
  const { tokens, config } = services;
  const router = createRouter();
  // Per route: the window's calls (the lab key) read no credential; the others read the session or token here.
  const signedIn = guard.orSignedIn();

  router.get(API_PATHS.tokenSettings, signedIn, (ctx) => {
    ctx.body = tokens.settings;
  });

  router.put(API_PATHS.tokenSettings, signedIn, guard.orAdmin(), (ctx) => {
    Object.assign(tokens.settings, parseInput(tokenSettingsSchema.partial(), ctx.request.body));
    ctx.body = tokens.settings;
  });

  router.post(API_PATHS.labKeysRotate, signedIn, guard.orAdmin(), async (ctx) => {
    const alg =
      parseInput(tokenSettingsSchema.pick({ algorithm: true }).partial(), ctx.request.body).algorithm ??
      tokens.settings.algorithm;
    // A retired key keeps verifying for as long as a token it signed can live: the longest lifetime the
    // config or the lab switch (at most a day) can give, plus the clock tolerance.
    const key = await tokens.keys.rotate(
      alg,
      Math.max(config.accessTokenTtlMs, MAX_ACCESS_TTL_MS) + config.clockToleranceMs,
    );
    ctx.body = {
      kid: key.kid,
      alg: key.alg,
      keys: tokens.keys.all().map(({ kid, alg: a, createdAt, retiredAt }) => ({ kid, alg: a, createdAt, retiredAt })),
      algorithms: JWT_ALGORITHMS,
    };
  });

  router.post(API_PATHS.labReplay, signedIn, guard.only('The replay tool'), async (ctx) => {
    const replay = parseInput(replayRequestSchema, ctx.request.body);
    // The port this very request arrived on (the Host guard has checked it is this server's), or instance B's.
    if (replay.instance !== 'B') {
      ctx.body = await replayOnLoopback(ctx.req.socket.localPort!, replay);
      return;
    }
    const notRunning = () =>
      new LabInstanceNotRunningError('Instance B is not running: start it first (PUT /api/v1/lab/second-instance)');
    const port = secondInstance.port;
    if (!port) throw notRunning();
    try {
      ctx.body = await replayOnLoopback(port, replay);
    } catch (error) {
      // B stopped or restarted between reading its port and connecting to it.
      if (
        (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ||
        (error as NodeJS.ErrnoException).code === 'ECONNRESET'
      )
        throw notRunning();
      throw error;
    }
  });

  router.post(API_PATHS.labPlantSession, signedIn, guard.only('Planting a session cookie'), (ctx) => {
    const plantedId = newSid();
    // Signed as the real session cookie is (the app's keys are the cookie signer), so the id is refused for what
    // it is (no session behind it), not for a bad signature.
    ctx.cookies.set(config.cookieName, plantedId, {
      httpOnly: true,
      signed: true,
      overwrite: true,
      sameSite: config.cookieSameSite,
      maxAge: services.lifetimes.idleTtlMs,
    });
    // Only the window gets here, and its call reads no session: nothing saves itself over the planted cookie.
    const body: PlantSessionResponse = { plantedId };
    ctx.body = body;
  });

  return router;
}
