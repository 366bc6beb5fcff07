import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { describeExchange, errorCode, exchanges, firstExchange, requestHeader } from './evidence.ts';
import { sessionLogins } from './cookie-evidence.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import type { Evidence, Lab } from './lab-types.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

const SESSION_KEY = KEY_PREFIXES.session;

/** The access token a token login answered (from its response body in the exchange log). */
function issuedToken(login: HttpEvent): string | null {
  try {
    return (JSON.parse(login.responseBody ?? 'null') as { access_token?: string } | null)?.access_token ?? null;
  } catch {
    return null;
  }
}

/** The session key the cookie login wrote, and the login exchange. */
function sessionWrite(evidence: Evidence) {
  const first = sessionLogins(evidence)[0];
  return first ? { login: first.login, key: `${SESSION_KEY}${first.sid}` } : null;
}

/** The DEL of that key by the learner (the inspector's Delete, or typed in its console), after the login. */
function inspectorDelete(evidence: Evidence) {
  const write = sessionWrite(evidence);
  if (!write) return null;
  const del = evidence.commands.find(
    (command) =>
      command.op === 'del' &&
      command.key === write.key &&
      (command.cause === 'inspector' || command.cause === 'console'),
  );
  return del ? { ...write, del } : null;
}

/** Lab 3: the server can end a cookie session by deleting one key; a stateless token has no such switch. */
export const serverSideKillLab: Lab = {
  id: 'server-side-kill',
  number: 3,
  title: 'Server-side kill',
  concept: 'Sessions vs JWT: revocation',
  goal: 'End a signed-in cookie session from the server side, without the browser doing anything, and see what the same move does to a token.',
  why: {
    text: "When an account is stolen, an administrator needs to end its sessions now. With server-side sessions that is one DEL; a self-contained token cannot be recalled, so token systems keep access tokens short and revoke the refresh token instead (OAuth's revocation endpoint).",
    source: { label: 'RFC 7009: OAuth 2.0 Token Revocation', url: 'https://www.rfc-editor.org/rfc/rfc7009' },
  },
  steps: [
    {
      kind: 'action',
      id: 'cookie-login',
      label: 'Log in with a cookie session (alice)',
      run: (context) => cookieLogin(context),
    },
    { kind: 'action', id: 'token-login', label: 'Log in for a token (alice)', run: (context) => tokenLogin(context) },
    {
      kind: 'instruction',
      id: 'delete',
      leadsTo: 'deleted',
      text: 'In the Inspector tab, select the sl:sess:… key and press DEL (the store command an admin would run).',
    },
    {
      kind: 'action',
      id: 'me',
      label: 'Ask the server who you are, with the cookie',
      run: (context) => context.cookie.reload(),
      explain: 'GET /session/me',
    },
    {
      kind: 'action',
      id: 'token-data',
      label: 'Call the API with the token',
      run: (context) => context.token.fetchData(),
      explain: 'GET /token/data',
    },
  ],
  checks: [
    {
      id: 'session-key',
      label: 'The cookie login wrote its session key',
      proof: (evidence) => {
        const write = sessionWrite(evidence);
        return write ? `${describeExchange(write.login)} wrote ${write.key.slice(0, 20)}…` : null;
      },
    },
    {
      id: 'deleted',
      label: 'The session key was deleted from the inspector (DEL), not by the browser',
      proof: (evidence) => {
        const found = inspectorDelete(evidence);
        return found ? `${found.del.command.slice(0, 40)}… (cause: inspector)` : null;
      },
    },
    {
      id: 'cookie-refused',
      label: 'The same cookie, sent again on the next request, is refused: 401',
      proof: (evidence) => {
        const found = inspectorDelete(evidence);
        if (!found) return null;
        const id = found.key.slice(SESSION_KEY.length);
        const refused = evidence.exchanges.find(
          (exchange) =>
            exchange.startedAt >= found.del.at &&
            exchange.path.startsWith(`${API_PATHS.session}/`) &&
            exchange.status === 401 &&
            errorCode(exchange) === 'NOT_AUTHENTICATED' &&
            (requestHeader(exchange, 'cookie') ?? '').includes(`=${id}`),
        );
        return refused ? `${describeExchange(refused)}, with the deleted session's cookie` : null;
      },
    },
    {
      id: 'token-unaffected',
      label: 'The token still works after the kill: there was no key of its own to delete',
      proof: (evidence) => {
        const found = inspectorDelete(evidence);
        if (!found) return null;
        // The token must be one the login issued before the kill, not a new one.
        const issuedBefore = new Set(
          exchanges(evidence, {
            method: 'POST',
            path: API_PATHS.tokenLogin,
            status: 200,
            where: (exchange) => exchange.startedAt < found.del.at,
          }).map((login) => issuedToken(login)),
        );
        const call = firstExchange(evidence, {
          method: 'GET',
          path: API_PATHS.tokenData,
          status: 200,
          where: (exchange) =>
            exchange.startedAt >= found.del.at &&
            issuedBefore.has((requestHeader(exchange, 'authorization') ?? '').replace(/^Bearer /, '')),
        });
        return call ? `${describeExchange(call)} after the DEL, with the token issued before it` : null;
      },
    },
  ],
  reset: signOutBoth,
};
