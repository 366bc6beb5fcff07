import { API_PATHS } from '../../../shared/api/paths.ts';
import { describeExchange } from './evidence.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import type { Lab, LabContext, LabStep } from './lab-types.ts';
import { restoreTokenSettings, switchTokenSettings } from './token-switches.ts';
import { cookieLogouts, refusedCookie, shortId } from './cookie-evidence.ts';
import { denylistBefore, tokenLogouts, tokenReplay } from './denylist-evidence.ts';
import { copyAccessToken, copySessionCookie, forgetCopies, replayCopy, stolenCopies } from './stolen-credentials.ts';

async function replayOldCookie(context: LabContext): Promise<void> {
  if (!stolenCopies.cookie) throw new Error('Keep a copy of the cookie first (before logging out)');
  await replayCopy(context, API_PATHS.sessionMe, { cookie: stolenCopies.cookie });
}

async function replayOldToken(context: LabContext): Promise<void> {
  if (!stolenCopies.token) throw new Error('Keep a copy of the token first (before logging out)');
  await replayCopy(context, API_PATHS.tokenData, { authorization: `Bearer ${stolenCopies.token}` });
}

async function keepToken(context: LabContext): Promise<string> {
  return copyAccessToken(context);
}

async function setDenylist(context: LabContext, denylist: 'on' | 'off'): Promise<void> {
  await switchTokenSettings(context, { denylist });
}

/** The token round of one denylist setting: log in, keep a copy, log out, replay the copy. */
function tokenRound(setting: 'on' | 'off'): LabStep[] {
  return [
    {
      kind: 'action',
      id: `token-login-${setting}`,
      label: 'Log in for a token (alice)',
      run: (context) => tokenLogin(context),
      explain: 'POST /token/login',
    },
    {
      kind: 'action',
      id: `keep-token-${setting}`,
      label: 'Keep a copy of the token',
      run: keepToken,
      explain: 'from localStorage, as any script on the page could',
    },
    {
      kind: 'action',
      id: `token-logout-${setting}`,
      label: 'Log out (token)',
      run: (context) => context.token.logout(),
      explain: 'POST /token/logout',
    },
    {
      kind: 'action',
      id: `replay-token-${setting}`,
      label: 'Replay the old token',
      run: replayOldToken,
      explain: 'GET /token/data with Authorization: Bearer <the copy>',
    },
  ];
}

/** Lab 2: logout ends a cookie session on the server; a token's logout means something only with a denylist. */
export const revocationLab: Lab = {
  id: 'revocation',
  number: 2,
  title: 'Revocation',
  concept: 'Sessions vs JWT: revocation',
  switches: ['token-settings'],
  goal:
    'Log out on each side, then play the attacker who copied the credential beforehand: the server sends the old cookie and the old token to itself again (a replay, as Burp’s Repeater does). ' +
    'A cookie logout deletes the session’s key, so the old cookie opens nothing. A token carries everything it needs: logging it out changes nothing the server reads unless a denylist (sl:denylist:{jti}) remembers it.',
  why: {
    text: 'Logging out must end the credential on the server, not only in the browser: an attacker who copied it keeps it. Deleting the session key does that for a cookie; a JWT stays valid until its exp unless the server keeps a denylist, which is server-side state again.',
    source: {
      label: 'OWASP JWT Cheat Sheet: token explicit revocation',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html#token-explicit-revocation-by-the-user',
    },
  },
  steps: [
    {
      kind: 'action',
      id: 'cookie-login',
      label: 'Log in with a cookie session (alice)',
      run: (context) => cookieLogin(context),
      explain: 'POST /session/login',
    },
    {
      kind: 'action',
      id: 'keep-cookie',
      label: 'Keep a copy of the cookie the browser sent',
      run: copySessionCookie,
      explain: 'the Cookie header of GET /session/me, from the exchange log',
    },
    {
      kind: 'action',
      id: 'cookie-logout',
      label: 'Log out (cookie)',
      run: (context) => context.cookie.logout(),
      explain: 'POST /session/logout',
    },
    {
      kind: 'action',
      id: 'replay-cookie',
      label: 'Replay the old cookie',
      run: replayOldCookie,
      explain: 'GET /session/me with the copy, sent by the server’s replay tool',
    },
    {
      kind: 'action',
      id: 'denylist-off',
      label: 'Turn the denylist off',
      run: (context) => setDenylist(context, 'off'),
      explain: 'PUT /lab/token-settings {"denylist":"off"}',
    },
    ...tokenRound('off'),
    {
      kind: 'action',
      id: 'denylist-on',
      label: 'Turn the denylist on',
      run: (context) => setDenylist(context, 'on'),
      explain: 'PUT /lab/token-settings {"denylist":"on"}',
    },
    ...tokenRound('on'),
  ],
  checks: [
    {
      id: 'cookie-logout-deletes',
      label: 'The cookie logout deleted the session’s key from the store',
      proof: (evidence) => {
        const found = cookieLogouts(evidence)[0];
        return found ? `${describeExchange(found.logout)} caused DEL ${found.del.key.slice(0, 16)}…` : null;
      },
    },
    {
      id: 'cookie-replay-refused',
      label: 'The old cookie, replayed after the logout, is refused: 401',
      proof: (evidence) => {
        for (const { logout, sid } of cookieLogouts(evidence)) {
          const refused = refusedCookie(evidence, sid, logout);
          if (refused)
            return `${describeExchange(refused)}, with the cookie of session ${shortId(sid)} logged out by exchange #${logout.id}`;
        }
        return null;
      },
    },
    {
      id: 'token-replay-works',
      label: 'With the denylist off, the logged-out token still reads data: 200',
      proof: (evidence) => {
        for (const logout of tokenLogouts(evidence)) {
          const switched = denylistBefore(evidence, logout.logout.id);
          if (switched?.value !== 'off' || logout.denylisted) continue;
          const replay = tokenReplay(evidence, logout, { status: 200 });
          if (replay)
            return `${describeExchange(replay)} with the token (jti ${shortId(logout.jti)}) logged out by exchange #${logout.logout.id}, while the denylist was off (exchange #${switched.put.id})`;
        }
        return null;
      },
    },
    {
      id: 'token-replay-revoked',
      label:
        'With the denylist on, the logout wrote sl:denylist:{jti} and the same token is refused: 401 TOKEN_REVOKED',
      proof: (evidence) => {
        for (const logout of tokenLogouts(evidence)) {
          if (!logout.denylisted) continue;
          const replay = tokenReplay(evidence, logout, { status: 401, code: 'TOKEN_REVOKED' });
          if (replay)
            return `${describeExchange(replay)}; its logout (exchange #${logout.logout.id}) wrote sl:denylist:${shortId(logout.jti)}`;
        }
        return null;
      },
    },
  ],
  reset: async (context) => {
    forgetCopies();
    await signOutBoth(context);
    await restoreTokenSettings(context);
  },
};
