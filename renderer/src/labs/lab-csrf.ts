import { API_PATHS } from '../../../shared/api/paths.ts';
import { CSRF_FRAME_PATH } from '../../../shared/api/lab-attacks.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { api } from '../api/client.ts';
import { fromAnotherOrigin, fromAnotherSite, holdsSessionCookie, originOf } from './attack-evidence.ts';
import { describeExchange, exchanges, requestHeader } from './evidence.ts';
import { issuedTokens } from './jwt-evidence.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import { closeLabFrame, openLabFrame } from './lab-frame.ts';
import type { Evidence, Lab, LabContext, LabStep } from './lab-types.ts';

/** Has the evil origin's page (same site or another site) send its forged form to the app. */
async function forge(context: LabContext, site: 'same-site' | 'cross-site'): Promise<void> {
  await api.lab.evilOrigin(context.labKey);
  await openLabFrame(`${CSRF_FRAME_PATH}?site=${site}`);
}

/** The forged posts: the CSRF target reached from a page of another origin. */
function forgeries(
  evidence: Evidence,
  where: (exchange: HttpEvent) => boolean,
  status?: number,
  code?: string,
): HttpEvent[] {
  return exchanges(evidence, {
    method: 'POST',
    path: API_PATHS.labCsrfTransfer,
    ...(status === undefined ? {} : { status }),
    ...(code ? { code } : {}),
    where: (exchange) => fromAnotherOrigin(exchange) && where(exchange),
  });
}

const withCookie = (exchange: HttpEvent) => holdsSessionCookie(requestHeader(exchange, 'cookie'));
const describeForgery = (exchange: HttpEvent) =>
  `${describeExchange(exchange)}, Origin ${originOf(exchange)}, ${withCookie(exchange) ? 'with' : 'without'} the session cookie`;

const forgeStep = (id: string, site: 'same-site' | 'cross-site', label: string): LabStep => ({
  kind: 'action',
  id,
  label,
  run: (context) => forge(context, site),
  explain:
    site === 'same-site'
      ? 'a form on http://127.0.0.1:<evil port>: another origin, the same site'
      : 'a form on http://localhost:<evil port>: another site',
});

/** Lab 6: a cross-site form post rides the cookie session unless a defence stops it; a Bearer token never rides along. */
export const csrfLab: Lab = {
  id: 'csrf',
  number: 6,
  title: 'CSRF',
  concept: 'Sessions vs JWT: what the browser sends by itself',
  switches: ['csrf-defences'],
  goal:
    'Have a page of the evil origin post a form to this app’s lab target (POST /lab/csrf/transfer) while you are signed in, and see which defence stops it: ' +
    'SameSite keeps the cookie home on a cross-site post; from the same site (SameSite ignores ports) the Origin check and then the CSRF token stop it, and with both off the forgery works. ' +
    'The Bearer token is never sent by the browser on its own.',
  why: {
    text: 'The browser attaches cookies to requests by itself, even to ones another site starts, so a cookie session needs SameSite, an Origin check or a CSRF token. A bearer token that a script must attach is immune to CSRF, and open to the XSS of lab 5 instead.',
    source: {
      label: 'OWASP Cross-Site Request Forgery Prevention Cheat Sheet',
      url: 'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html',
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
      explain: 'it stays in localStorage',
    },
    forgeStep('cross-site', 'cross-site', 'Forged form from another site'),
    {
      kind: 'instruction',
      id: 'samesite',
      text: 'SameSite cannot be switched off here: SameSite=None needs Secure, which a cookie of plain http://127.0.0.1 cannot have. So the next forms come from the same site (127.0.0.1 on the evil port), where the Lax cookie is sent.',
    },
    forgeStep('same-site', 'same-site', 'Forged form from the same site'),
    {
      kind: 'action',
      id: 'origin-off',
      label: 'Switch the Origin check off',
      run: async (context) => void (await api.lab.csrfDefences(context.labKey, { originCheck: false })),
      explain: `PUT ${API_PATHS.labCsrfDefences}`,
    },
    forgeStep('same-site-2', 'same-site', 'Forged form from the same site, again'),
    {
      kind: 'action',
      id: 'token-off',
      label: 'Switch the CSRF token check off',
      run: async (context) => void (await api.lab.csrfDefences(context.labKey, { csrfToken: false })),
    },
    forgeStep('same-site-3', 'same-site', 'Forged form from the same site, with every switch off'),
  ],
  checks: [
    {
      id: 'samesite',
      label: 'SameSite: the cross-site post arrived without the session cookie: 401 NOT_AUTHENTICATED',
      proof: (evidence) => {
        const refused = forgeries(
          evidence,
          (exchange) => fromAnotherSite(exchange) && !withCookie(exchange),
          401,
          'NOT_AUTHENTICATED',
        )[0];
        return refused ? describeForgery(refused) : null;
      },
    },
    {
      id: 'origin',
      label: 'Origin check: the same-site post carried the cookie and was refused for its Origin: 403 FORBIDDEN_ORIGIN',
      proof: (evidence) => {
        const refused = forgeries(evidence, withCookie, 403, 'FORBIDDEN_ORIGIN')[0];
        return refused ? describeForgery(refused) : null;
      },
    },
    {
      id: 'token',
      label: 'CSRF token: with the Origin check off, the post was refused for lacking the token: 403 CSRF_FAILED',
      proof: (evidence) => {
        const refused = forgeries(evidence, withCookie, 403, 'CSRF_FAILED')[0];
        return refused ? describeForgery(refused) : null;
      },
    },
    {
      id: 'forged',
      label: 'With every switch off, the forgery worked: 200',
      proof: (evidence) => {
        const done = forgeries(evidence, withCookie, 200)[0];
        return done ? describeForgery(done) : null;
      },
    },
    {
      id: 'no-bearer',
      label:
        'The page held a token, yet no forged post carried an Authorization header: Bearer is never sent by itself',
      proof: (evidence) => {
        const issued = issuedTokens(evidence)[0];
        if (!issued) return null;
        const after = forgeries(evidence, () => true).filter((exchange) => exchange.id > issued.exchange.id);
        if (after.length === 0 || after.some((exchange) => requestHeader(exchange, 'authorization') !== null))
          return null;
        return `${after.length} forged post${after.length === 1 ? '' : 's'} (#${after.map((exchange) => exchange.id).join(', #')}) after the token login (exchange #${issued.exchange.id}), none with Authorization`;
      },
    },
  ],
  reset: async (context) => {
    closeLabFrame();
    await api.lab.restoreCsrfDefences(context.labKey);
    await signOutBoth(context);
  },
};
