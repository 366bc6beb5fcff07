/**
 * The pieces of a compact JWT as the debugger handles them: split, decode, re-encode, tamper.
 * Nothing here verifies anything; that is the server's job (`POST /api/v1/jwt/inspect`).
 * Failures are answered as values with a sentence for the learner, never thrown.
 */

/** Either the value or a sentence saying what is wrong with the input. */
export type PartResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The three base64url segments of a compact JWS, as they appear in the token. */
export interface TokenSegments {
  header: string;
  payload: string;
  signature: string;
}

/** What {@link tamper} does with the signature: keep the original one, or send none (as `alg: none` attacks do). */
export type SignatureMode = 'keep' | 'strip';

/** The JSON a header or payload must decode to: an object. */
export type JsonObject = Record<string, unknown>;

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const ok = <T>(value: T): PartResult<T> => ({ ok: true, value });
const fail = <T>(error: string): PartResult<T> => ({ ok: false, error });

/** The token in pasted text: surrounding whitespace and a leading `Bearer ` removed. */
export function compactToken(text: string): string {
  return text.trim().replace(/^Bearer\s+/i, '');
}

/**
 * Splits a compact JWT into its header, payload and signature segments (after {@link compactToken}).
 * Anything but three dot-separated parts is an error.
 */
export function splitToken(token: string): PartResult<TokenSegments> {
  const compact = compactToken(token);
  if (compact === '') return fail('The token is empty');
  const parts = compact.split('.');
  if (parts.length === 5)
    return fail('The token has 5 segments: that is an encrypted JWE, which this debugger does not decode');
  if (parts.length !== 3) return fail(`A compact JWT has 3 segments separated by dots; this one has ${parts.length}`);
  const [header = '', payload = '', signature = ''] = parts;
  return ok({ header, payload, signature });
}

/** Decodes a base64url segment to its bytes; padding, `+`, `/` and whitespace are refused as the JWS spec does. */
function segmentBytes(segment: string): PartResult<Uint8Array> {
  if (!BASE64URL.test(segment)) {
    const bad = [...segment].find((char) => !BASE64URL.test(char)) ?? '';
    return fail(
      `Not base64url: the character ${JSON.stringify(bad)} is not in the base64url alphabet (A-Z a-z 0-9 - _, no padding)`,
    );
  }
  if (segment.length % 4 === 1) return fail(`Not base64url: ${segment.length} characters cannot encode whole bytes`);
  const base64 = segment
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(segment.length / 4) * 4, '=');
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return fail('Not base64url: it does not decode');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return ok(bytes);
}

/** Decodes a base64url segment to the UTF-8 text it carries. */
export function decodeSegmentText(segment: string): PartResult<string> {
  const bytes = segmentBytes(segment);
  if (!bytes.ok) return bytes;
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes.value));
  } catch {
    return fail('Not UTF-8 text: the segment decodes to bytes that are not valid UTF-8');
  }
}

/** Parses text as JSON that must be an object (a JWT header or payload is one). */
export function parseJsonObject(text: string): PartResult<JsonObject> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`Not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      `Not a JSON object: it is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`,
    );
  }
  return ok(value as JsonObject);
}

/** Decodes a base64url segment to the JSON object it carries (a header or a payload). */
export function decodeSegmentJson(segment: string): PartResult<JsonObject> {
  const text = decodeSegmentText(segment);
  return text.ok ? parseJsonObject(text.value) : text;
}

/** Encodes bytes as unpadded base64url. */
function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Encodes a JSON object as a base64url segment: compact JSON, as UTF-8, without padding. */
export function encodeSegment(value: JsonObject): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

/** Pretty-prints a JSON object the way the debugger's editors show it. */
export function formatJson(value: JsonObject): string {
  return JSON.stringify(value, null, 2);
}

/**
 * Sets one field of the JSON object in `jsonText` (keeping the order of the others) and answers the
 * pretty-printed result, e.g. `alg` to `"none"` or `role` to `"admin"`.
 */
export function withField(jsonText: string, field: string, value: unknown): PartResult<string> {
  const parsed = parseJsonObject(jsonText);
  return parsed.ok ? ok(formatJson({ ...parsed.value, [field]: value })) : parsed;
}

/**
 * Builds the token a forger would send from an edited header and payload: both re-encoded, followed by
 * the original signature (`keep`: it no longer matches what it signed) or by nothing (`strip`: what an
 * `alg: none` attack sends). Invalid JSON is an error naming the header or the payload.
 */
export function tamper(
  headerJsonText: string,
  payloadJsonText: string,
  originalSignature: string,
  mode: SignatureMode,
): PartResult<string> {
  const header = parseJsonObject(headerJsonText);
  if (!header.ok) return fail(`Header: ${header.error}`);
  const payload = parseJsonObject(payloadJsonText);
  if (!payload.ok) return fail(`Payload: ${payload.error}`);
  const signature = mode === 'keep' ? originalSignature : '';
  return ok(`${encodeSegment(header.value)}.${encodeSegment(payload.value)}.${signature}`);
}

/** The JSON object in `jsonText` with one field set, or taken out when `value` is empty (null: not a JSON object). */
export function setOrRemoveField(jsonText: string, field: string, value: unknown): string | null {
  const object = parseJsonObject(jsonText);
  if (!object.ok) return null;
  if (value !== '' && value !== undefined) {
    const next = withField(jsonText, field, value);
    return next.ok ? next.value : null;
  }
  const rest = { ...object.value };
  delete rest[field];
  return formatJson(rest);
}
