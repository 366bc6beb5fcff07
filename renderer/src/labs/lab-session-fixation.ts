import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { api } from '../api/client.ts';
import { causedBy, describeExchange, exchanges } from './evidence.ts';
import { cookieLogin, signOutBoth } from './lab-actions.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';
import { SESSION_KEY, carriesSessionId, refusedCookie, shortId } from './cookie-evidence.ts';
import { replayCopy, signedCookie } from './stolen-credentials.ts';

/** A plant seen in the exchange log: the exchange, the id it planted (its answer) and the cookie it set (its Set-Cookie). */
interface Plant {
  plant: HttpEvent;
  plantedId: string;
  cookie: string | null;
}

function plants(evidence: Evidence): Plant[] {
  return exchanges(evidence, { method: 'POST', path: API_PATHS.labPlantSession, status: 200 }).flatMap((plant) => {
    try {
      const { plantedId } = JSON.parse(plant.responseBody ?? '') as { plantedId?: unknown };
      if (typeof plantedId !== 'string') return [];
      const setCookie = plant.responseHeaders['set-cookie'];
      return [{ plant, plantedId, cookie: setCookie ? signedCookie(setCookie) : null }];
    } catch {
      return [];
    }
  });
}

/** A cookie login after a plant that carried the planted id in its Cookie header. */
function loginWithPlantedId(evidence: Evidence): (Plant & { login: HttpEvent }) | null {
  for (const planted of plants(evidence)) {
    const login = exchanges(evidence, {
      method: 'POST',
      path: API_PATHS.sessionLogin,
      status: 200,
      after: planted.plant,
    }).find((exchange) => carriesSessionId(exchange, planted.plantedId));
    if (login) return { ...planted, login };
  }
  return null;
}

async function plantSession(context: LabContext): Promise<void> {
  // The attack comes before a login: a live session in this browser would only be left behind in the store.
  if (context.cookie.state.status !== 'signed-out') await context.cookie.logout();
  await api.lab.plantSession(context.labKey);
}

async function replayPlantedId(context: LabContext): Promise<void> {
  const cookie = plants(context.evidence()).at(-1)?.cookie;
  if (!cookie) throw new Error('Plant a session id first: the attacker replays the cookie it planted');
  await replayCopy(context, API_PATHS.sessionMe, { cookie });
}

/** Lab 7: an id planted in the browser before login is never the id of the session the login makes. */
export const sessionFixationLab: Lab = {
  id: 'session-fixation',
  number: 7,
  title: 'Session fixation',
  concept: 'Sessions vs JWT: security',
  goal:
    'Be the attacker who can make the victim’s browser carry a session id of the attacker’s choosing (a cookie set from a sibling subdomain, an id in a link), then log in as the victim. ' +
    'If the login kept that id, the attacker would share the victim’s session. It does not: a login never promotes the id the browser brought. server/auth/start-session.ts puts the new session under a brand-new id ' +
    '(koa-session’s regenerate deletes whatever id came in) and the login’s Set-Cookie replaces the planted cookie, so the id the attacker knows opens nothing.',
  why: {
    text: 'If a login kept the session id the browser brought, whoever planted that id would be signed in as the victim. Issuing a new id at login (and at every privilege change) closes the hole; frameworks that forget it have shipped this bug for decades.',
    source: { label: 'OWASP: Session fixation', url: 'https://owasp.org/www-community/attacks/Session_fixation' },
  },
  steps: [
    {
      kind: 'action',
      id: 'plant',
      label: 'Plant a session id in this browser (the attacker’s move)',
      run: plantSession,
      explain: 'POST /lab/plant-session sets the signed session cookie to a random id',
    },
    {
      kind: 'action',
      id: 'cookie-login',
      label: 'Log in with a cookie session (alice, the victim)',
      run: (context) => cookieLogin(context),
      explain: 'POST /session/login, carrying the planted cookie',
    },
    {
      kind: 'instruction',
      id: 'compare',
      text: 'Compare in the Inspector’s HTTP tab: the Cookie header the login sent, the Set-Cookie it answered, and the sl:sess:… key it wrote.',
    },
    {
      kind: 'action',
      id: 'replay-planted',
      label: 'Replay the planted id (the attacker tries it)',
      run: replayPlantedId,
      explain: 'GET /session/me with the planted cookie, sent by the server’s replay tool',
    },
  ],
  checks: [
    {
      id: 'login-carried-planted',
      label: 'The login request carried the planted session id in its Cookie header',
      proof: (evidence) => {
        const found = loginWithPlantedId(evidence);
        return found
          ? `${describeExchange(found.login)} sent the id ${shortId(found.plantedId)} planted by exchange #${found.plant.id}`
          : null;
      },
    },
    {
      id: 'new-id',
      label: 'The login wrote its session under a new id; no key was ever written for the planted one',
      proof: (evidence) => {
        const found = loginWithPlantedId(evidence);
        if (!found) return null;
        const write = causedBy(evidence, found.login).find(
          (command) => command.op === 'set' && command.key.startsWith(SESSION_KEY),
        );
        if (!write || write.key === `${SESSION_KEY}${found.plantedId}`) return null;
        if (
          evidence.commands.some(
            (command) => command.op === 'set' && command.key === `${SESSION_KEY}${found.plantedId}`,
          )
        )
          return null;
        return `${describeExchange(found.login)} wrote ${SESSION_KEY}${shortId(write.key.slice(SESSION_KEY.length))}, not ${SESSION_KEY}${shortId(found.plantedId)} (never SET)`;
      },
    },
    {
      id: 'planted-refused',
      label: 'The planted cookie, replayed after the login, is refused: 401',
      proof: (evidence) => {
        const found = loginWithPlantedId(evidence);
        const refused = found ? refusedCookie(evidence, found.plantedId, found.login) : undefined;
        return refused ? `${describeExchange(refused)}, with the planted id ${shortId(found!.plantedId)}` : null;
      },
    },
  ],
  reset: async (context) => {
    await signOutBoth(context);
    // A planted cookie that no login replaced is still in the browser: one request and the server clears it.
    await context.cookie.reload();
  },
};
