import { api } from '../api/client.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { authorizationHeader, formatBytes, sessionCookieHeader, type CredentialHeader } from './credential-bytes.ts';
import { describeExchange, exchanges } from './evidence.ts';
import { cookieLogin, signOutBoth, tokenLogin } from './lab-actions.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';
import { bearerCalls, issuerOf } from './jwt-evidence.ts';

/** The extra claims of the tokens the growth step has signed: a role's worth of permissions, then a big set. */
const EXTRA_CLAIMS = [10, 50];
/** Growth is shown on a series: the login's token and at least two larger ones. */
const SERIES = 3;

interface Measured {
  exchange: HttpEvent;
  header: CredentialHeader;
}

/** A `GET /session/me` answered 200, and the session cookie it carried. */
function cookieRequest(evidence: Evidence): Measured | null {
  for (const exchange of exchanges(evidence, { method: 'GET', path: API_PATHS.sessionMe, status: 200 })) {
    const header = sessionCookieHeader(exchange);
    if (header) return { exchange, header };
  }
  return null;
}

/** A `GET /token/data` answered 200 with the token a login issued, and its Authorization header. */
function tokenRequest(evidence: Evidence): Measured | null {
  const call = bearerCalls(evidence, 200).find(({ token }) => issuerOf(evidence, token.compact));
  return call ? { exchange: call.exchange, header: authorizationHeader(call.exchange)! } : null;
}

/** Accepted Bearer calls by the number of claims their token carried (the first call of each count), fewest first. */
function sizesByClaims(evidence: Evidence): { claims: number; call: Measured }[] {
  const byCount = new Map<number, Measured>();
  for (const { exchange, token } of bearerCalls(evidence, 200)) {
    const claims = Object.keys(token.payload).length;
    if (!byCount.has(claims)) byCount.set(claims, { exchange, header: authorizationHeader(exchange)! });
  }
  return [...byCount].sort(([a], [b]) => a - b).map(([claims, call]) => ({ claims, call }));
}

/** Has the server sign tokens with more and more claims, and sends each on a real request. */
async function growTokens(context: LabContext): Promise<void> {
  if (!context.labKey)
    throw new Error(
      'The server signs these tokens for the app’s own window only: open the app from the URL the server printed',
    );
  for (const extraClaims of EXTRA_CLAIMS) {
    const { access_token: token } = await api.token.withExtraClaims(context.labKey, extraClaims);
    await api.token.data(token);
  }
}

/** Lab 11: what each credential costs on every request, and what each claim adds to a token. */
export const payloadSizeLab: Lab = {
  id: 'payload-size',
  number: 11,
  title: 'Payload size',
  concept: 'Sessions vs JWT: payload size',
  goal: 'Measure the bytes each credential adds to every request, the cookie’s and the token’s, and watch the token grow with its claims.',
  why: {
    text: 'Every byte of a credential travels with every request. A session cookie is a short id whatever the session holds; a JWT grows with each claim, and browsers cap a cookie at about 4 KB, which is why large tokens end up in localStorage and headers.',
    source: { label: 'RFC 6265: cookie size limits', url: 'https://www.rfc-editor.org/rfc/rfc6265#section-6.1' },
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
      id: 'me',
      label: 'Ask the server who you are, with the cookie',
      run: (context) => context.cookie.reload(),
      explain: 'GET /session/me',
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
      explain: 'GET /token/data',
    },
    {
      kind: 'action',
      id: 'grow',
      label: `Sign tokens with ${EXTRA_CLAIMS.join(' and ')} extra claims and send each`,
      run: growTokens,
      explain: 'POST /lab/token-size (perm_1: "read:reports", …), then GET /token/data with each token',
    },
  ],
  checks: [
    {
      id: 'cookie-bytes',
      label: 'A cookie-session request carried its session in the Cookie header',
      proof: (evidence) => {
        const found = cookieRequest(evidence);
        return found ? `${describeExchange(found.exchange)} sent Cookie: ${formatBytes(found.header.bytes)}` : null;
      },
    },
    {
      id: 'token-bytes',
      label: 'A token request carried the whole token in the Authorization header',
      proof: (evidence) => {
        const found = tokenRequest(evidence);
        return found
          ? `${describeExchange(found.exchange)} sent Authorization: ${formatBytes(found.header.bytes)}`
          : null;
      },
    },
    {
      id: 'token-larger',
      label: 'The token costs more bytes on every request than the session cookie',
      proof: (evidence) => {
        const [cookie, token] = [cookieRequest(evidence), tokenRequest(evidence)];
        if (!cookie || !token || token.header.bytes <= cookie.header.bytes) return null;
        const ratio = (token.header.bytes / cookie.header.bytes).toFixed(1);
        return `Cookie: ${formatBytes(cookie.header.bytes)}, Authorization: ${formatBytes(token.header.bytes)}: ${ratio}× as many (exchanges #${cookie.exchange.id} and #${token.exchange.id})`;
      },
    },
    {
      id: 'claims-grow',
      label: 'Three tokens with more and more claims: each one is larger, and every request carries it whole',
      proof: (evidence) => {
        const sizes = sizesByClaims(evidence);
        if (
          sizes.length < SERIES ||
          sizes.some((size, index) => index > 0 && size.call.header.bytes <= sizes[index - 1]!.call.header.bytes)
        )
          return null;
        const series = sizes
          .map(({ claims, call }) => `${claims} claims: ${formatBytes(call.header.bytes)}`)
          .join(' → ');
        return `Authorization ${series} (exchanges ${sizes.map(({ call }) => `#${call.exchange.id}`).join(', ')}, all answered 200)`;
      },
    },
  ],
  reset: signOutBoth,
};
