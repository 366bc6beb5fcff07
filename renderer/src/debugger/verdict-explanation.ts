import { tokenSettingsSchema } from '../../../shared/api/tokens.ts';

/** The algorithms the server allows, each tied to its own key. */
const ALLOWED_ALGORITHMS = tokenSettingsSchema.shape.algorithm.options.join(', ');

/** What the learner sent: the code of the refusal, its message, and the alg the token's header claims. */
export interface Refusal {
  code: string;
  message: string;
  claimedAlg: unknown;
}

/** One sentence saying why the server refuses a token with this code, in the terms of the attack tried. */
export function explainRefusal({ code, message, claimedAlg }: Refusal): string {
  const alg = typeof claimedAlg === 'string' ? claimedAlg : String(claimedAlg ?? 'nothing');
  switch (code) {
    case 'TOKEN_SIGNATURE_INVALID':
      return 'The signature covers the header and the payload, so changing any of them (the role, say) breaks it, and only the holder of the key can sign a new one.';
    case 'TOKEN_ALG_NOT_ALLOWED': {
      if (alg.toLowerCase() === 'none')
        return `"none" is not in the allowlist (${ALLOWED_ALGORITHMS}): the server never accepts a token without a signature, whatever its header says.`;
      const keyAlg = /is an? (\S+) key/.exec(message)?.[1];
      if (keyAlg)
        return `The key named by kid is an ${keyAlg} key and the server takes the algorithm from its own key, not from the header, so claiming ${alg} gets nowhere (algorithm confusion).`;
      return `"${alg}" is not in the allowlist (${ALLOWED_ALGORITHMS}), so the server refuses the token before it looks at the signature.`;
    }
    case 'TOKEN_KID_UNKNOWN':
      return 'The server verifies only with its own keys, looked up by kid, and this kid names none of them.';
    case 'TOKEN_HEADER_FORBIDDEN':
      return 'jku, jwk, x5u and x5c would let a token bring its own key, so the server refuses any token that carries one.';
    case 'TOKEN_CRIT_UNSUPPORTED':
      return 'crit lists header parameters a verifier must understand or refuse, and this server understands none of them.';
    case 'TOKEN_EXPIRED':
      return 'The signature holds, but exp is in the past (beyond the clock tolerance): a stolen token is only worth its lifetime.';
    case 'TOKEN_NOT_YET_VALID':
      return 'nbf is in the future, so the token is not valid yet.';
    case 'TOKEN_CLAIM_INVALID':
      return 'A claim the server requires (iss, aud, sub, jti, exp, iat, nbf, role or acct) is missing or holds a value it does not accept, such as a sub that is not plain digits.';
    case 'TOKEN_REVOKED':
      return /family|refresh/i.test(message)
        ? 'Its login was revoked (a logout, a reused refresh token, or an admin changing the account): with the denylist on, the server refuses every access token of that login, though each signature is still valid.'
        : 'Its jti is on the denylist because it was logged out: the signature is still valid, which is why a denylist is needed at all.';
    case 'TOKEN_ACCOUNT_MISMATCH':
      return 'The signature holds, but the account it names is gone: sub says which user id, and acct (the account\u2019s own random key) proves it is the same account, so a deleted user\u2019s token never opens anyone else\u2019s.';
    case 'NOT_AUTHENTICATED':
      if (/disabled|no longer signs in/i.test(message))
        return 'The signature holds, but the account it names is disabled.';
      return 'No token reached the server.';
    case 'TOKEN_TOO_LARGE':
      return 'The server refuses oversized tokens before it parses anything.';
    case 'TOKEN_MALFORMED':
      return 'It is not three base64url segments of JSON, so there is nothing to verify.';
    default:
      return message;
  }
}

/** One sentence for a token the server accepts. */
export const ACCEPTED_EXPLANATION =
  'The signature matches the server key named by kid and every claim checks out, so the server accepts the token.';
