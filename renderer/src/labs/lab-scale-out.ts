import { API_PATHS } from '../../../shared/api/paths.ts';
import type { InstanceStore } from '../../../shared/api/lab-scale-out.ts';
import { api } from '../api/client.ts';
import { signInBoth, signOutBoth } from './lab-actions.ts';
import type { Lab, LabContext } from './lab-types.ts';
import { ScaleOutPanel } from './ScaleOutPanel.tsx';
import { scaleOutChecks } from './scale-out-checks.ts';
import { copyAccessToken, copySessionCookie, forgetCopies, stolenCopies } from './stolen-credentials.ts';

/** Which instance a replay goes to: this server (A) or the second one (B). */
type Target = 'A' | 'B';

async function startB(context: LabContext, store: InstanceStore): Promise<void> {
  await api.labSecondInstance.start(context.labKey, store);
}

async function keepCopies(context: LabContext): Promise<void> {
  await copySessionCookie(context);
  copyAccessToken(context);
}

function copies(): { cookie: string; token: string } {
  const { cookie, token } = stolenCopies;
  if (!cookie || !token) throw new Error('Keep copies of the cookie and the token first (step 2)');
  return { cookie, token };
}

/** Sends the copied cookie (GET /session/me) to an instance, as a load balancer forwards the browser's next request. */
async function sendCookie(context: LabContext, to: Target): Promise<void> {
  await api.lab.replay(context.labKey, {
    method: 'GET',
    path: API_PATHS.sessionMe,
    cookie: copies().cookie,
    instance: to,
  });
}

/** Sends the copied cookie, then the copied token (GET /token/data), to an instance. */
async function sendBoth(context: LabContext, to: Target): Promise<void> {
  await sendCookie(context, to);
  await api.lab.replay(context.labKey, {
    method: 'GET',
    path: API_PATHS.tokenData,
    authorization: `Bearer ${copies().token}`,
    instance: to,
  });
}

/** Lab 9: a second instance of the server reads the cookie session only through a store both share; the token needs none. */
export const scaleOutLab: Lab = {
  id: 'scale-out',
  number: 9,
  title: 'Scale-out',
  concept: 'Sessions vs JWT: scalability',
  switches: ['second-instance'],
  goal:
    'Run a second instance of the server (B) on another port, as a load balancer would put one beside the first, and send it the credentials of a login made on A. ' +
    'A cookie holds only a session id: B can answer it only if it reads the same store A wrote the session to. A token carries its claims and a signature that any instance holding the signing key can check, with no session store at all. ' +
    '(B is this same app started again in this process, with the same config, cookie secret and signing keys. With the denylist on, B also looks up sl:denylist:{jti} in its own store, which is why a token revoked on A stays good on a B with a store of its own.)',
  why: {
    text:
      'Behind a load balancer, every instance must read the same session store, which becomes shared infrastructure to run, scale and keep available. A token needs only the verification key on each instance: that independence is the main reason systems choose JWTs. ' +
      'One way to scale that store out is a Redis Cluster (the server started with --redis-cluster): there the inspector’s flat key table has a Master column, which says which master holds each key. Compare the master holding your session with the one holding another user’s: a cluster adds session capacity only as far as sessions spread over its masters.',
    source: { label: 'RFC 7519: JSON Web Token', url: 'https://www.rfc-editor.org/rfc/rfc7519' },
  },
  steps: [
    {
      kind: 'action',
      id: 'sign-in',
      label: 'Log in on both sides (alice), on A',
      run: (context) => signInBoth(context),
      explain: 'POST /session/login, POST /token/login',
    },
    {
      kind: 'action',
      id: 'keep-copies',
      label: 'Keep copies of the cookie and the token',
      run: keepCopies,
      explain: 'what a load balancer forwards with each request: the Cookie header and the Bearer token',
    },
    {
      kind: 'action',
      id: 'start-shared',
      label: 'Start instance B on the shared store',
      run: (context) => startB(context, 'shared'),
      explain: 'PUT /lab/second-instance {"store":"shared"}: the same Redis or SQLite file as A',
    },
    {
      kind: 'action',
      id: 'send-shared',
      label: 'Send the cookie and the token to B',
      run: (context) => sendBoth(context, 'B'),
      explain: 'GET /session/me and GET /token/data, sent to B’s port by the replay tool',
    },
    {
      kind: 'action',
      id: 'start-memory',
      label: 'Restart B with its own in-memory store',
      run: (context) => startB(context, 'memory'),
      explain: 'PUT /lab/second-instance {"store":"memory"}: a store only B can reach, empty',
    },
    {
      kind: 'action',
      id: 'send-memory',
      label: 'Send the cookie and the token to B again',
      run: (context) => sendBoth(context, 'B'),
    },
    {
      kind: 'action',
      id: 'cookie-to-a',
      label: 'Send the same cookie to A',
      run: (context) => sendCookie(context, 'A'),
      explain: 'GET /session/me on this server',
    },
  ],
  checks: scaleOutChecks,
  panel: ScaleOutPanel,
  reset: async (context) => {
    forgetCopies();
    try {
      await signOutBoth(context);
    } finally {
      await api.labSecondInstance.stop(context.labKey);
    }
  },
};
