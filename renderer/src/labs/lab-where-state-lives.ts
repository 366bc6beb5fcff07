import { API_PATHS } from '../../../shared/api/paths.ts';
import { causedBy, describeCommand, describeExchange, firstExchange, requestHeader } from './evidence.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import type { Lab } from './lab-types.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';

const SESSION_KEY = KEY_PREFIXES.session;

/** Lab 1: a cookie login puts a session in the store; a token login puts none (only its refresh token). */
export const whereStateLivesLab: Lab = {
  id: 'where-state-lives',
  number: 1,
  title: 'Where the state lives',
  concept: 'Sessions vs JWT: where state lives',
  goal: 'Log in on both sides and find out which login left a session in the store, and which carries its state itself.',
  why: {
    text: 'A cookie session is a key the server must find in its store on every request; a JWT is a signed claim set the server only has to verify (plus, here, one lookup of its denylist, the state a logout needs). Everything the other labs show (revocation, expiry, scaling, outages, theft) follows from where this state lives.',
    source: {
      label: 'OWASP Session Management Cheat Sheet',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html',
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
      id: 'token-login',
      label: 'Log in for a token (alice)',
      run: (context) => tokenLogin(context),
      explain: 'POST /token/login',
    },
    {
      kind: 'action',
      id: 'token-data',
      label: 'Call the API with the token',
      run: (context) => context.token.fetchData(),
      explain: 'GET /token/data with Authorization: Bearer',
    },
    {
      kind: 'instruction',
      id: 'look',
      text: 'Look at “The store, live”, beside these steps: which keys did each login write, and which request reads one?',
    },
  ],
  checks: [
    {
      id: 'session-key',
      label: 'The cookie login wrote a session key (sl:sess:…) to the store',
      proof: (evidence) => {
        const login = firstExchange(evidence, {
          method: 'POST',
          path: API_PATHS.sessionLogin,
          status: 200,
          where: (exchange) =>
            causedBy(evidence, exchange).some((command) => command.op === 'set' && command.key.startsWith(SESSION_KEY)),
        });
        if (!login) return null;
        const write = causedBy(evidence, login).find(
          (command) => command.op === 'set' && command.key.startsWith(SESSION_KEY),
        )!;
        return `${describeExchange(login)} caused ${describeCommand(write)}`;
      },
    },
    {
      id: 'token-no-session',
      label:
        'The token login wrote no session: only its refresh token (sl:refresh:…); the access token itself is in no store',
      proof: (evidence) => {
        const login = firstExchange(evidence, {
          method: 'POST',
          path: API_PATHS.tokenLogin,
          status: 200,
          where: (exchange) => !causedBy(evidence, exchange).some((command) => command.key.startsWith(SESSION_KEY)),
        });
        if (!login) return null;
        const keys = causedBy(evidence, login).map((command) => command.key.replace(/:[^:]{12,}$/, ':…'));
        return `${describeExchange(login)} wrote ${keys.length ? [...new Set(keys)].join(', ') : 'nothing'}`;
      },
    },
    {
      id: 'token-carries-state',
      label: 'A data call with the token changed nothing in the store: the token carried who you are',
      proof: (evidence) => {
        const call = firstExchange(evidence, {
          method: 'GET',
          path: API_PATHS.tokenData,
          status: 200,
          where: (exchange) =>
            (requestHeader(exchange, 'authorization') ?? '').startsWith('Bearer ') &&
            causedBy(evidence, exchange).length === 0,
        });
        if (!call) return null;
        const reads = call.reads?.length ?? 0;
        return `${describeExchange(call)} with a Bearer token: it changed nothing in the store${reads > 0 ? ` (it only looked the token up on the denylist: ${reads === 1 ? '1 read' : `${reads} reads`})` : ', and read nothing'}`;
      },
    },
  ],
  reset: signOutBoth,
};
