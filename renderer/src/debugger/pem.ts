import { base64, fromBase64 } from './bytes.ts';
import type { WebKey } from './web-crypto-types.ts';

/**
 * DER bytes as PEM text, exactly as OpenSSL and Node print it: the base64 in 64-character lines between the
 * BEGIN and END lines, and a trailing newline (a server that uses its PEM text as an HMAC secret uses these bytes).
 */
export function toPem(der: ArrayBuffer | Uint8Array, label: 'PUBLIC KEY' | 'PRIVATE KEY'): string {
  const text = base64(der instanceof Uint8Array ? der : new Uint8Array(der));
  return `-----BEGIN ${label}-----\n${(text.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}

/** What a PEM block holds: its label (`PRIVATE KEY`, `PUBLIC KEY`, `EC PRIVATE KEY`…) and its DER bytes. */
export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

/** The first PEM block in pasted text; null when there is none or its base64 is broken. */
export function parsePem(text: string): PemBlock | null {
  const match = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!match) return null;
  const der = fromBase64(match[2]!);
  return der && der.length > 0 ? { label: match[1]!, der } : null;
}

/** The public key's SPKI PEM, as `crypto.createPublicKey(key).export({ type: 'spki', format: 'pem' })` prints it. */
export async function publicKeyPem(key: WebKey): Promise<string> {
  return toPem(await crypto.subtle.exportKey('spki', key), 'PUBLIC KEY');
}
