import { z } from 'zod';

/** The prefix of the labs' own pages (not the API): each sets its own, deliberately chosen, CSP. */
export const LAB_PAGES_PREFIX = '/lab/';
/**
 * The deliberately vulnerable page of lab 5: it reflects `?name=` unescaped. It is served only on the lab 5 site, a
 * loopback origin of its own (another port), never on the app's origin, whose storage holds the lab key.
 */
export const XSS_PAGE_PATH = '/lab/xss';
/** The app's page that frames the lab 5 site's vulnerable page in a sandbox (`?name=` is passed on, escaped). */
export const XSS_FRAME_PATH = '/lab/xss-frame';
/** The type of the messages the app's window sends the lab 5 site's page (log in for a token, log it out), and of its answers. */
export const XSS_SITE_MESSAGE = 'sessionlab:xss-site';

/** `POST /api/v1/lab/xss-site`: the lab 5 site, started (once) on another loopback port; `GET` its status. */
export const xssSiteResponseSchema = z.object({
  /** `http://127.0.0.1:<port>`, or null while it is not running. */
  url: z.string().nullable(),
});

/** What the lab 5 site's page answers a message with. */
export const xssSiteAnswerSchema = z.object({
  type: z.literal(XSS_SITE_MESSAGE),
  action: z.enum(['login', 'logout']),
  /** The HTTP status of the page's own request (0: it could not be sent). */
  status: z.number().int(),
  /** Whether the page keeps an access token in its localStorage now. */
  stored: z.boolean(),
});
/** The page of lab 6 that frames the evil origin's forged form (`?site=same-site|cross-site`). */
export const CSRF_FRAME_PATH = '/lab/csrf-frame';
/** The header the evil origin's script puts on its replay, so the exchange log says who sent it. */
export const STOLEN_BY_HEADER = 'x-stolen-by';
/** The header on which the evil origin's script sends what `document.cookie` showed it. */
export const SEEN_COOKIE_HEADER = 'x-seen-cookie';

/** `POST /api/v1/lab/evil-origin`: the attacker's server, on another loopback port: a cross-site URL and a same-site one. */
export const evilOriginResponseSchema = z.object({
  /** `http://localhost:<port>`: another site than the app's 127.0.0.1. */
  url: z.string(),
  /** `http://127.0.0.1:<port>`: the same site as the app (SameSite ignores ports), another origin. */
  sameSiteUrl: z.string(),
  /** The source of `<url>/steal.js`, lab 5's script, exactly as the evil origin serves it (the lab shows it). */
  script: z.string(),
});

/** One report the evil script sent home: what it could read in the vulnerable page, and what its replay got. */
export const lootReportSchema = z.object({
  at: z.number(),
  /** The stolen token, shortened (`eyJhbGciOi…<last 8>`), or '' when localStorage held none. */
  token: z.string(),
  /** `document.cookie` as the script saw it. */
  cookie: z.string(),
  /** The status of its replay of GET /api/v1/token/data. */
  status: z.number().int(),
});

/** `GET /api/v1/lab/evil-origin/loot`: what the evil origin received, oldest first. */
export const lootResponseSchema = z.object({ loot: z.array(lootReportSchema) });

/** `GET`/`PUT`/`DELETE /api/v1/lab/csrf/defences`: the lab target's switchable defences. */
export const csrfDefencesSchema = z.strictObject({
  /** The request's Origin (else Referer) must be this server. */
  originCheck: z.boolean(),
  /** The request must carry the session's CSRF token (X-CSRF-Token, or the `csrf_token` form field). */
  csrfToken: z.boolean(),
});

/** The defences as the server answers them: the two switches, and the cookie's SameSite (not switchable over plain HTTP). */
export const csrfDefencesResponseSchema = csrfDefencesSchema.extend({ sameSite: z.enum(['lax', 'strict']) });

/** The form fields of `POST /api/v1/lab/csrf/transfer` (form-encoded, the one route that takes a form). */
export const csrfTransferSchema = z.object({
  to: z.string().min(1).max(32),
  amount: z.string().regex(/^\d{1,9}$/, 'amount must be a whole number'),
  csrf_token: z.string().max(256).optional(),
});

/** The lab 5 site's status. */
export type XssSiteResponse = z.infer<typeof xssSiteResponseSchema>;
/** One lot of loot. */
export type LootReport = z.infer<typeof lootReportSchema>;
/** The lab target's switchable defences. */
export type CsrfDefences = z.infer<typeof csrfDefencesSchema>;
