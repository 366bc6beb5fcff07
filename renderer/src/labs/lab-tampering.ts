import { ApiError, api } from '../api/client.ts';
import { describeExchange, exchanges } from './evidence.ts';
import { signOutBoth, tokenLogin } from './lab-actions.ts';
import type { Evidence, Lab, LabContext } from './lab-types.ts';
import { restoreTokenSettings, switchTokenSettings } from './token-switches.ts';
import { bearerCalls, decodeToken, issuedTokens, issuerOf } from './jwt-evidence.ts';
import { algorithmConfusionToken } from './token-forgery.ts';
import { TamperingPanel } from './TamperingPanel.tsx';
import { JWKS_PATH, jwksSchema, type PublicJwk } from '../../../shared/api/jwks.ts';

const ASYMMETRIC = new Set(['ES256', 'EdDSA']);

/** The access token the token panel holds (what the learner would copy out of localStorage). */
function heldToken(context: LabContext): string {
  const access = context.token.held?.access;
  if (access) return access;
  throw new Error(
    context.token.held
      ? 'The token is in an HttpOnly cookie (delivery: cookie), which no script can edit: switch delivery back to body'
      : 'Log in for a token first',
  );
}

/** Sends a forged token for real; the refusal is the point, and the checks read it from the exchange log. */
async function sendForged(token: string): Promise<void> {
  try {
    await api.token.data(token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0) throw error;
  }
}

async function switchToEs256AndLogIn(context: LabContext): Promise<void> {
  if (!context.labKey)
    throw new Error('Switching the algorithm needs the lab key: open the app from the URL the server printed');
  await switchTokenSettings(context, { algorithm: 'ES256' });
  await tokenLogin(context);
}

async function forgeAlgorithmConfusion(context: LabContext): Promise<void> {
  const token = heldToken(context);
  const { kid, alg } = decodeToken(token)?.header ?? {};
  if (!ASYMMETRIC.has(String(alg)))
    throw new Error(
      `The token is signed with ${String(alg)}: press "Switch the server to ES256 and log in again" first`,
    );
  // What an attacker does: download the public keys, pick the one the token's kid names.
  const publicJwk = (await api.token.jwks()).keys.find((key) => key.kid === kid);
  if (!publicJwk) throw new Error(`The JWKS publishes no key with kid ${String(kid)}`);
  await sendForged(await algorithmConfusionToken(token, publicJwk));
}

/** The keys of a recorded JWKS answer (none if the log cut the body short). */
function publishedKeys(body: string | null): PublicJwk[] {
  try {
    const parsed = jwksSchema.safeParse(JSON.parse(body ?? ''));
    return parsed.success ? parsed.data.keys : [];
  } catch {
    return [];
  }
}

/** kid → alg of the server's asymmetric keys, as its answers showed them: the JWKS, and the headers of the tokens it issued. */
function asymmetricKids(evidence: Evidence): Map<string, { alg: string; seenIn: string }> {
  const kids = new Map<string, { alg: string; seenIn: string }>();
  for (const { exchange, token } of issuedTokens(evidence)) {
    if (typeof token.header.kid === 'string' && ASYMMETRIC.has(String(token.header.alg)))
      kids.set(token.header.kid, {
        alg: String(token.header.alg),
        seenIn: `the token exchange #${exchange.id} issued`,
      });
  }
  for (const exchange of exchanges(evidence, { method: 'GET', path: JWKS_PATH, status: 200 })) {
    for (const key of publishedKeys(exchange.responseBody))
      if (ASYMMETRIC.has(key.alg)) kids.set(key.kid, { alg: key.alg, seenIn: `the JWKS of exchange #${exchange.id}` });
  }
  return kids;
}

/** Lab 8: a signed token cannot be edited, and the header cannot talk the server out of checking it. */
export const tamperingLab: Lab = {
  id: 'tampering',
  number: 8,
  title: 'Tampering',
  concept: 'Sessions vs JWT: security',
  switches: ['token-settings'],
  goal: 'Edit your own token into an admin one three ways (change the role, drop the signature with alg: none, sign it with the public key) and see the server refuse each, while the untouched token works.',
  why: {
    text: "A JWT is only as trustworthy as its verifier: the signature must be checked with a key and an algorithm the server chose, never the ones the token's header names, and alg none must be refused. These are the mistakes real libraries and services have shipped.",
    source: { label: 'RFC 8725: JSON Web Token Best Current Practices', url: 'https://www.rfc-editor.org/rfc/rfc8725' },
  },
  steps: [
    {
      kind: 'action',
      id: 'token-login',
      label: 'Log in for a token (alice)',
      run: (context) => tokenLogin(context),
      explain: 'POST /token/login',
    },
    {
      kind: 'action',
      id: 'untouched',
      label: 'Send the token as it is',
      run: (context) => context.token.fetchData(),
      explain: 'GET /token/data',
    },
    {
      kind: 'instruction',
      id: 'make-admin',
      leadsTo: 'role-changed',
      text:
        'Now forge it yourself, in the debugger below: press “Use the current token”, change "role": "user" to "role": "admin" in the Payload, ' +
        'leave the signature on “keep the original”, and press “Send it to GET /api/v1/token/data”. The server’s answer appears under the buttons, and here under Checks.',
    },
    {
      kind: 'instruction',
      id: 'alg-none',
      leadsTo: 'alg-none',
      text: 'Then the oldest trick: in the Header change "alg" to "none", choose “strip it” under Signature (an alg none token carries no signature), and send it again.',
    },
    {
      kind: 'action',
      id: 'es256',
      label: 'Switch the server to ES256 and log in again',
      run: switchToEs256AndLogIn,
      explain: 'PUT /lab/token-settings, then POST /token/login',
    },
    {
      kind: 'action',
      id: 'confusion',
      label: 'Algorithm confusion: sign HS256 with the public key',
      run: forgeAlgorithmConfusion,
      explain:
        'too fiddly by hand, so the button does it: it downloads the server’s public key (GET /.well-known/jwks.json, which anyone may read) and signs an HS256 token with that public key as the shared secret, under the same kid. A server that let the header choose the algorithm would accept it.',
    },
  ],
  panel: TamperingPanel,
  checks: [
    {
      id: 'role-changed',
      label: 'Changing the role in the payload breaks the signature: 401 TOKEN_SIGNATURE_INVALID',
      proof: (evidence) => {
        const issued = issuedTokens(evidence);
        for (const { exchange, token } of bearerCalls(evidence, 401, 'TOKEN_SIGNATURE_INVALID')) {
          if (token.payload.role !== 'admin') continue;
          const original = issued.find(
            (candidate) => candidate.token.signature === token.signature && candidate.token.payload.role !== 'admin',
          );
          if (original)
            return `${describeExchange(exchange)}: role "${String(original.token.payload.role)}" → "admin" in the token exchange #${original.exchange.id} issued, its signature kept`;
        }
        return null;
      },
    },
    {
      id: 'alg-none',
      label: 'A token with alg: none and no signature is refused: 401 TOKEN_ALG_NOT_ALLOWED',
      proof: (evidence) => {
        const found = bearerCalls(evidence, 401, 'TOKEN_ALG_NOT_ALLOWED').find(
          ({ token }) => String(token.header.alg).toLowerCase() === 'none' && token.signature === '',
        );
        return found
          ? `${describeExchange(found.exchange)}: header alg "${String(found.token.header.alg)}", role "${String(found.token.payload.role)}", no signature`
          : null;
      },
    },
    {
      id: 'confusion',
      label: 'Algorithm confusion (HS256 under the kid of an ES256 key) is refused: 401 TOKEN_ALG_NOT_ALLOWED',
      proof: (evidence) => {
        const kids = asymmetricKids(evidence);
        for (const { exchange, token } of bearerCalls(evidence, 401, 'TOKEN_ALG_NOT_ALLOWED')) {
          const key =
            token.header.alg === 'HS256' && typeof token.header.kid === 'string'
              ? kids.get(token.header.kid)
              : undefined;
          if (key)
            return `${describeExchange(exchange)}: alg HS256 with kid ${String(token.header.kid)}, an ${key.alg} key (${key.seenIn})`;
        }
        return null;
      },
    },
    {
      id: 'untouched',
      label: 'The token the login issued, sent unchanged, is accepted: 200',
      proof: (evidence) => {
        for (const { exchange, token } of bearerCalls(evidence, 200)) {
          const issuer = issuerOf(evidence, token.compact);
          if (issuer) return `${describeExchange(exchange)} with the token exchange #${issuer.id} issued, unchanged`;
        }
        return null;
      },
    },
  ],
  reset: async (context) => {
    await signOutBoth(context);
    if (context.labKey) await restoreTokenSettings(context);
  },
};
