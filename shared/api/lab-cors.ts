import { z } from 'zod';

/**
 * Lab 14's CORS policy for its own target (`GET /api/v1/lab/cors/account`) only, never the rest of the API:
 * `same-origin` (no `Access-Control-Allow-Origin`: the default, as the real API), `allowlist` (the partner origin
 * alone may read, with credentials) and `reflect` (any Origin echoed back with credentials: the classic mistake,
 * deliberately dangerous).
 */
export const corsModeSchema = z.enum(['same-origin', 'allowlist', 'reflect']);

/** `PUT /api/v1/lab/cors {mode}`. */
export const corsPolicyBodySchema = z.object({ mode: corsModeSchema });

/** The two pages of other origins that call the target: a partner (the allowlist names it) and an attacker. */
export const corsSiteSchema = z.enum(['partner', 'attacker']);

/** `GET`/`PUT`/`DELETE /api/v1/lab/cors`: the mode, and the sites' origins once started (same-site: 127.0.0.1). */
export const corsPolicySchema = z.object({
  mode: corsModeSchema,
  /** The one origin the allowlist names (the partner's), once the sites run. */
  partnerOrigin: z.string().nullable(),
  attackerOrigin: z.string().nullable(),
});

/** What one fetch of a site's page got: the status when the browser let the page see the answer, else the error. */
export const corsAttemptSchema = z.object({
  /** Whether the browser let the page read the answer. */
  read: z.boolean(),
  status: z.number().int().optional(),
  /** The answer's body, as the page read it (only when `read`). */
  body: z.string().optional(),
  /** What the page got instead (`TypeError: Failed to fetch`). */
  error: z.string().optional(),
});

/** What a site's page reported home after one run: the simple request and the one that needed a preflight. */
export const corsReportSchema = z.object({
  at: z.number(),
  site: corsSiteSchema,
  origin: z.string(),
  simple: corsAttemptSchema,
  preflighted: corsAttemptSchema,
});

/** `POST /api/v1/lab/cors/sites`: the sites' origins and the source of the script their page runs. */
export const corsSitesSchema = z.object({
  partnerOrigin: z.string(),
  attackerOrigin: z.string(),
  script: z.string(),
});

/** `GET /api/v1/lab/cors/reports`: what the pages reported home (the attacker's is the loot), oldest first. */
export const corsReportsSchema = z.object({ reports: z.array(corsReportSchema) });

/** The header a site's page sends on its second request, so that it needs a preflight (`OPTIONS`). */
export const CORS_LAB_HEADER = 'X-Cors-Lab';
/** The target's answer names the policy it applied (raw detail for the learner and the lab's checks). */
export const CORS_POLICY_HEADER = 'X-Cors-Lab-Policy';
/** The message the window sends a site's page to run its requests (and the type of its answer). */
export const CORS_RUN_MESSAGE = 'session-lab:cors-run';
/** The app's page that frames a site's page: `?site=partner|attacker`. */
export const CORS_FRAME_PATH = '/lab/cors-frame';

export type CorsMode = z.infer<typeof corsModeSchema>;
export type CorsSite = z.infer<typeof corsSiteSchema>;
export type CorsPolicy = z.infer<typeof corsPolicySchema>;
export type CorsAttempt = z.infer<typeof corsAttemptSchema>;
export type CorsReport = z.infer<typeof corsReportSchema>;
export type CorsSites = z.infer<typeof corsSitesSchema>;
