import { API_PATHS } from '../../../shared/api/paths.ts';
import { JWKS_PATH, jwksSchema } from '../../../shared/api/jwks.ts';
import { jwtAttackTokenSchema, jwtTargetResponseSchema } from '../../../shared/api/lab-jwt-attacks.ts';
import { describeExchange, exchanges } from './evidence.ts';
import { bearerCalls, bearerOf, decodeToken, issuedTokens, type DecodedToken, type TokenSeen } from './jwt-evidence.ts';
import type { Evidence, LabCheck } from './lab-types.ts';

/** The tokens the lab target's issuer answered, oldest first. */
export function targetIssued(evidence: Evidence): TokenSeen[] {
  return exchanges(evidence, { method: 'POST', path: API_PATHS.labJwtAttacksToken, status: 200 }).flatMap(
    (exchange) => {
      try {
        const parsed = jwtAttackTokenSchema.safeParse(JSON.parse(exchange.responseBody ?? ''));
        const token = parsed.success ? decodeToken(parsed.data.token) : null;
        return token ? [{ exchange, token }] : [];
      } catch {
        return [];
      }
    },
  );
}

/** A forged token the naive verifier accepted as an admin's, with what it said it did. */
export interface Accepted extends TokenSeen {
  how: string;
}

/**
 * The target's 200s from the naive verifier with `admin: true` for a token its issuer never answered (a forgery)
 * that `attack` recognises (its header's jwk, its kid…).
 */
export function acceptedForgeries(evidence: Evidence, attack: (token: DecodedToken) => boolean): Accepted[] {
  const issued = new Set(targetIssued(evidence).map(({ token }) => token.compact));
  return exchanges(evidence, { method: 'GET', path: API_PATHS.labJwtTarget, status: 200 }).flatMap((exchange) => {
    const token = bearerOf(exchange);
    if (!token || issued.has(token.compact) || !attack(token)) return [];
    try {
      const answer = jwtTargetResponseSchema.safeParse(JSON.parse(exchange.responseBody ?? ''));
      return answer.success && answer.data.verifier === 'naive' && answer.data.admin
        ? [{ exchange, token, how: answer.data.how }]
        : [];
    } catch {
      return [];
    }
  });
}

/** "exchange #7: GET /api/v1/lab/jwt-target → 200: admin: true — it took the key from …" */
export function describeAccepted(accepted: Accepted): string {
  return `${describeExchange(accepted.exchange)}, admin: true: the naive verifier ${accepted.how}`;
}

/** The check that the naive target took a forged token as an admin's: `attack` says which forgeries count. */
export function naiveAcceptsCheck(id: string, label: string, attack: (token: DecodedToken) => boolean): LabCheck {
  return {
    id,
    label,
    proof: (evidence) => {
      const found = acceptedForgeries(evidence, attack)[0];
      return found ? describeAccepted(found) : null;
    },
  };
}

/** The check that the real API refused (401) a token the naive target accepted, the very same bytes. */
export function realRefusesCheck(attack: (token: DecodedToken) => boolean): LabCheck {
  return {
    id: 'real-refuses',
    label: 'The real API refuses the same token: 401 from GET /api/v1/token/data',
    proof: (evidence) => {
      const accepted = new Set(acceptedForgeries(evidence, attack).map(({ token }) => token.compact));
      const refused = bearerCalls(evidence, 401).find(({ token }) => accepted.has(token.compact));
      return refused ? `${describeExchange(refused.exchange)}, for the token the naive target accepted` : null;
    },
  };
}

/** Whether a header names its own key: an embedded jwk, a jku or a kid. */
export function namesItsKey(token: DecodedToken): boolean {
  return token.header.jwk !== undefined || token.header.jku !== undefined || token.header.kid !== undefined;
}

/** The kids of the HMAC keys the real API signed the tokens of its recorded logins with (lab 15). */
export function realHmacKids(evidence: Evidence): Set<string> {
  return new Set(
    issuedTokens(evidence).flatMap(({ token }) =>
      typeof token.header.kid === 'string' && String(token.header.alg).startsWith('HS') ? [token.header.kid] : [],
    ),
  );
}

/** The kids of the ES256 keys the real API's recorded JWKS answers published (lab 18). */
export function realEs256Kids(evidence: Evidence): Set<string> {
  return new Set(
    exchanges(evidence, { method: 'GET', path: JWKS_PATH, status: 200 }).flatMap((exchange) => {
      try {
        const parsed = jwksSchema.safeParse(JSON.parse(exchange.responseBody ?? ''));
        return parsed.success ? parsed.data.keys.filter((key) => key.alg === 'ES256').map((key) => key.kid) : [];
      } catch {
        return [];
      }
    }),
  );
}

/**
 * The check that shows the real API's own defence: given an HS* admin token under the kid of one of its own keys (as
 * `kids` learns them from its answers), it still refused it, with `code`.
 */
export function realDefenceCheck(label: string, code: string, kids: (evidence: Evidence) => Set<string>): LabCheck {
  return {
    id: 'real-defence',
    label,
    proof: (evidence) => {
      const known = kids(evidence);
      const found = bearerCalls(evidence, 401, code).find(
        ({ token }) =>
          String(token.header.alg).startsWith('HS') &&
          typeof token.header.kid === 'string' &&
          known.has(token.header.kid) &&
          token.payload.role === 'admin',
      );
      return found
        ? `${describeExchange(found.exchange)}, for an admin token under its own kid “${String(found.token.header.kid)}”`
        : null;
    },
  };
}
