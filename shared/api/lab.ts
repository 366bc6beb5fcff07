import { z } from 'zod';
import { API_PATHS, API_PREFIX } from './paths.ts';

/** Characters of a path and query as they go on the wire (already percent-encoded): no spaces, no control characters. */
const WIRE_PATH = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]*$/;
/** A header value as it goes on the wire: visible ASCII, spaces and tabs (never CR or LF). */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Why a path may not be replayed, or null when it may: it must lie under `/api/v1/`, carry no dot
 * segments (even percent-encoded) and not name the replay tool itself, however spelled.
 */
export function replayPathProblem(path: string): string | null {
  if (!path.startsWith(`${API_PREFIX}/`)) return `only paths under ${API_PREFIX}/ are replayed`;
  if (!WIRE_PATH.test(path)) return 'the path must be percent-encoded, without spaces or control characters';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path.split('?')[0]!);
  } catch {
    return 'the path has a malformed percent-encoding';
  }
  if (decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..'))
    return 'the path may not contain dot segments';
  const normalized = decoded.toLowerCase().replace(/\/+/g, '/').replace(/\/$/, '');
  if (normalized === API_PATHS.labReplay) return 'the replay tool does not replay itself';
  // The inspector shows everyone's ids and tokens (and its stream never ends): it stays the window's own.
  if (`${normalized}/`.startsWith(`${API_PREFIX}/inspector/`)) return 'the inspector is not replayed';
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  if (query.split('&').some((pair) => decodeQueryName(pair) === 'labkey')) return 'a lab key is never replayed';
  return null;
}

function decodeQueryName(pair: string): string {
  try {
    return decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return '';
  }
}

const headerValue = (name: string) =>
  z.string().min(1).max(8_192).regex(HEADER_VALUE, `${name} must be visible ASCII on one line`);

/**
 * `POST /api/v1/lab/replay`: one request the server sends to itself, with exactly these headers, as a
 * learner with a copied cookie or token would (Burp's Repeater). Only GET, only the API.
 */
export const replayRequestSchema = z.strictObject({
  method: z.literal('GET'),
  path: z
    .string()
    .max(2_048)
    .superRefine((path, context) => {
      const problem = replayPathProblem(path);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  /** The whole `Cookie` header to send, e.g. `sl_session=…; sl_session.sig=…`. */
  cookie: headerValue('cookie').optional(),
  /** The whole `Authorization` header to send, e.g. `Bearer eyJ…`. */
  authorization: headerValue('authorization').optional(),
  /** Which instance gets it: this server (`A`, the default) or lab 9's second instance (`B`), as a load balancer would choose. */
  instance: z.enum(['A', 'B']).optional(),
});

/** What the replayed request got: its status and its body (parsed JSON, else text; cut when long). */
export const replayResponseSchema = z.object({
  status: z.number().int(),
  body: z.unknown(),
});

/** `POST /api/v1/lab/plant-session`: the session id the server just put in this browser's cookie, as an attacker would. */
export const plantSessionResponseSchema = z.object({ plantedId: z.string() });

/** A request for the replay tool. */
export type ReplayRequest = z.infer<typeof replayRequestSchema>;
/** The replay tool's answer. */
export type ReplayResponse = z.infer<typeof replayResponseSchema>;
/** The answer of `POST /api/v1/lab/plant-session`. */
export type PlantSessionResponse = z.infer<typeof plantSessionResponseSchema>;

/** The header every replayed request carries, so the exchange log and the panels can tell it from the browser's own. */
export const REPLAY_HEADER = 'x-session-lab-replay';
