import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AuthServices } from '../../auth/auth-services.ts';
import { NotAuthenticatedError, NotFoundError } from '../../errors.ts';
import { createRouter } from '../../routes/router.ts';
import { verifyAccessToken } from '../../tokens/access-tokens.ts';
import { TokenMalformedError } from '../../tokens/token-errors.ts';
import { parseInput } from '../../validate.ts';
import type { EvilOrigin } from '../evil-origin.ts';
import { LabJwksPrivateKeyError } from '../jwt-lab-errors.ts';
import type { JwtTarget } from '../jwt-target-issuer.ts';
import { JWT_WORDLIST } from '../jwt-wordlist.ts';
import type { LabWindow } from '../lab-window.ts';
import { PRIVATE_JWK_MEMBERS, type NaiveKeySources } from '../naive-key-choice.ts';
import { verifyNaively } from '../naive-verifier.ts';
import {
  evilJwksRequestSchema,
  jwtAttackSwitchesPatchSchema,
  jwtAttackTokenRequestSchema,
  type JwtTargetResponse,
} from '../../../shared/api/lab-jwt-attacks.ts';
import type { ChangedSwitch } from '../../../shared/api/lab-switches.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';

/** The one user the target's issuer makes tokens for. */
const DEMO_USER = 'alice';
const BEARER = /^Bearer (\S+)$/;

function bearerOf(ctx: Context): string {
  const header = ctx.get('Authorization');
  if (!header) throw new NotAuthenticatedError('Send the token to test as "Authorization: Bearer <compact JWT>"');
  const match = BEARER.exec(header);
  if (!match) throw new TokenMalformedError('Send the token as "Authorization: Bearer <compact JWT>"');
  return match[1]!;
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

/**
 * The JWT attack labs' part of the switches' summary and restore (`/lab/switches`): the naive verifier and the weak
 * secret in words while either is on; the restore turns both off and takes the evil origin's key set down.
 */
export function jwtAttackSwitchSource(
  target: JwtTarget,
  evilOrigin: EvilOrigin,
): { changed(): ChangedSwitch[]; restore(): void } {
  return {
    changed: () => {
      const { naiveVerifier, weakSecret } = target.switches;
      return [
        ...(naiveVerifier ? [{ name: 'naive JWT verifier (lab target)', now: onOff(true) }] : []),
        ...(weakSecret ? [{ name: 'weak HS256 secret (lab target)', now: onOff(true) }] : []),
      ].map((entry) => ({ group: 'jwt-attacks', ...entry, launch: onOff(false) }));
    },
    restore: () => {
      target.restore();
      evilOrigin.serveJwks(null);
    },
  };
}

/**
 * The JWT attack labs (15–18), for the app's own window only (the lab key): their switches (`/lab/jwt-attacks`), the
 * target's own issuer (`…/token`), the wordlist (`…/wordlist`), the target itself (`/lab/jwt-target`: the naive
 * verifier while its switch is on, else the real API's verifier), and the evil origin's key set
 * (`/lab/evil-origin/jwks`). The real API never sees any of it: its verifier is untouched.
 */
export function labJwtAttackRoutes(
  services: AuthServices,
  target: JwtTarget,
  sources: NaiveKeySources,
  evilOrigin: EvilOrigin,
  guard: LabWindow,
): Router[] {
  const lab = createRouter(API_PATHS.labJwtAttacks);
  lab.use(guard.only('The JWT attack labs'));
  lab.get('/', (ctx) => {
    ctx.body = target.switches;
  });
  lab.put('/', (ctx) => {
    ctx.body = target.set(parseInput(jwtAttackSwitchesPatchSchema, ctx.request.body));
  });
  lab.post('/token', async (ctx) => {
    parseInput(jwtAttackTokenRequestSchema, ctx.request.body);
    const user = services.accounts.findByUsername(DEMO_USER);
    if (!user) throw new NotFoundError(`The demo user ${DEMO_USER} does not exist on this server`);
    ctx.body = { token: await target.issue(String(user.id), user.username) };
  });
  lab.get('/wordlist', (ctx) => {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `${JWT_WORDLIST.join('\n')}\n`;
  });

  const panel = createRouter(API_PATHS.labJwtTarget);
  panel.use(guard.only("The JWT labs' target"));
  panel.get('/', async (ctx) => {
    const token = bearerOf(ctx);
    let answer: JwtTargetResponse;
    if (target.switches.naiveVerifier) {
      const { claims, how } = await verifyNaively(token, sources, services.now());
      answer = { verifier: 'naive', claims, admin: claims.role === 'admin', how };
    } else {
      const { claims } = await verifyAccessToken(token, services.tokens.accessDeps);
      const how =
        "verified it as the real API does: its kid names one of the server's own keys, its alg is that key's, and " +
        'the signature, the claims and the account all check out';
      answer = { verifier: 'real', claims, admin: claims.role === 'admin', how };
    }
    ctx.body = answer;
  });

  const jwks = createRouter(API_PATHS.labEvilOriginJwks);
  jwks.use(guard.only("The evil origin's key set"));
  jwks.put('/', async (ctx) => {
    const { keys } = parseInput(evilJwksRequestSchema, ctx.request.body);
    for (const [index, key] of keys.entries()) {
      const held = PRIVATE_JWK_MEMBERS.filter((member) => member in key);
      if (held.length > 0)
        throw new LabJwksPrivateKeyError(
          `keys.${index} has ${held.join(', ')}: the evil origin serves public keys only`,
        );
    }
    const urls = await evilOrigin.start(`http://127.0.0.1:${ctx.req.socket.localPort}`);
    evilOrigin.serveJwks(keys);
    ctx.body = { url: `${urls.url}/jwks.json` };
  });
  return [lab, panel, jwks];
}
