import { api } from '../api/client.ts';
import type { StaleClaimsRoleResponse } from '../../../shared/api/lab-stale-claims.ts';
import type { MeResponse } from '../../../shared/api/session.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import { decodeToken } from './jwt-evidence.ts';
import type { Evidence, Lab, LabCheck, LabContext } from './lab-types.ts';
import {
  cookieSawNewRole,
  refreshBroughtNewRole,
  roleChanges,
  tokenKeptOldRole,
  type RoleChange,
} from './role-evidence.ts';

/** The first role change in the evidence for which `proof` holds. */
function anyChange(
  evidence: Evidence,
  proof: (evidence: Evidence, change: RoleChange) => string | null,
): string | null {
  for (const change of roleChanges(evidence)) {
    const found = proof(evidence, change);
    if (found) return found;
  }
  return null;
}

const check = (
  id: string,
  label: string,
  proof: (evidence: Evidence, change: RoleChange) => string | null,
): LabCheck => ({
  id,
  label,
  proof: (evidence) => anyChange(evidence, proof),
});

/** What the lab's admin did, in one sentence under its button. */
function saidByAdmin(answer: StaleClaimsRoleResponse): string {
  const calls = answer.steps
    .map((step) => `${step.request} → ${step.status}${step.code ? ` ${step.code}` : ''}`)
    .join(', ');
  return answer.after
    ? `${answer.username} was "${answer.before}", is now "${answer.after}". The demo admin signed in on the server's own loopback port (not in this window, so your cookie stays yours): ${calls}.`
    : `The role did not change: ${calls}.`;
}

/** Step 4's result: the role the cookie session's answer named, read from the accounts database for that request. */
export function cookieRoleSaid(me: MeResponse | null): string {
  return me
    ? `The server answers role "${me.user.role}" for ${me.user.username}: it read the account from the accounts database for this very request.`
    : 'The cookie session is signed out: log in with a cookie session first.';
}

/** Asks with the token the panel holds, and says which role that token claims: what the answer's role is read from. */
async function askWithToken(context: LabContext): Promise<string> {
  const sent = context.token.held?.access;
  await context.token.fetchData();
  const role = sent ? decodeToken(sent)?.payload.role : undefined;
  return typeof role === 'string'
    ? `The token sent claims role "${role}", and the answer reports role "${role}": copied from the token, not read from the account.`
    : 'No token was held to send: log in for a token first.';
}

/** Lab 13: a role change reaches the cookie session at its next request, and a JWT only when it is refreshed. */
export const staleClaimsLab: Lab = {
  id: 'stale-claims',
  number: 13,
  title: 'Stale claims',
  concept: 'Sessions vs JWT: where the role is read',
  switches: ['account-roles'],
  goal:
    'Sign alice in on both sides, have an admin make her an admin through the admin API, and ask again on each side. ' +
    'The cookie session looks her up at every request, so it knows at once; the access token carries the role it was signed with ' +
    'until it is refreshed or expires.',
  why: {
    text:
      'A JWT is a snapshot of the claims at the moment it was signed: a service that trusts its claims without asking anyone acts on that snapshot until the token expires, whatever changed since (a role, a group, a dismissal). ' +
      'That is why access tokens live minutes and refresh tokens bring the current claims. This server’s own admin checks look the account up at every token request, so they follow a role change at once, and outside this lab a role change also ends the user’s sessions and token logins; GET /token/data, on purpose, answers the role claim copied from the token it was sent, which is what a service that only checks the signature would act on.',
    source: {
      label: 'RFC 6819 (OAuth 2.0 threat model), 5.1.5.3: use short expiration times',
      url: 'https://www.rfc-editor.org/rfc/rfc6819#section-5.1.5.3',
    },
  },
  steps: [
    {
      kind: 'action',
      id: 'cookie-login',
      label: 'Log in with a cookie session (alice)',
      run: (context) => cookieLogin(context),
    },
    {
      kind: 'action',
      id: 'token-login',
      label: 'Log in for a token (alice)',
      run: (context) => tokenLogin(context),
      explain: 'its role claim says "user"',
    },
    {
      kind: 'action',
      id: 'promote',
      label: 'The admin makes alice an admin',
      run: async (context) =>
        saidByAdmin(await api.labStaleClaims.changeRole(context.labKey, { username: 'alice', role: 'admin' })),
      explain:
        'PUT /api/v1/users/:id {"role": "admin"}, as the demo admin. Normally a role change also signs the user out everywhere; this lab turns that off (the banner names the switch), so her sessions live on to show what each one knows',
    },
    {
      kind: 'action',
      id: 'cookie-me',
      label: 'Ask with the cookie',
      run: async (context) => cookieRoleSaid(await context.cookie.ask()),
      explain: 'GET /api/v1/session/me',
    },
    {
      kind: 'action',
      id: 'token-data',
      label: 'Ask with the token',
      run: askWithToken,
      explain:
        'GET /api/v1/token/data answers the role claim copied from the token it was sent (it does not look the account up)',
    },
    {
      kind: 'action',
      id: 'refresh',
      label: 'Refresh the token',
      run: (context) => context.token.refresh(),
      explain: 'POST /api/v1/token/refresh signs a new one with the current role',
    },
    {
      kind: 'action',
      id: 'token-data-2',
      label: 'Ask with the new token',
      run: askWithToken,
    },
  ],
  checks: [
    check('cookie-new-role', 'The cookie session’s next request after the change shows the new role', cookieSawNewRole),
    check(
      'token-old-role',
      'A token request after the change still shows the old role: the claim in the token the browser sent',
      tokenKeptOldRole,
    ),
    check('refresh-new-role', 'After a refresh, the new token carries the new role', refreshBroughtNewRole),
  ],
  reset: async (context) => {
    await signOutBoth(context);
    await api.labStaleClaims.restore(context.labKey);
  },
  // A token refreshed during the lab claims "admin" until it expires: leaving signs both halves out, as a reset does.
  leave: signOutBoth,
  leaveWords:
    'signed out both panels (the cookie session and the token), so no token claiming alice is admin outlives the lab; her role is back as it was. Log in again to go on.',
};
