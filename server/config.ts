import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isRedisUrl, REDIS_URL_HINT } from '../shared/redis-url.ts';
import { DEFAULT_SESSION_COOKIE_NAME } from '../shared/api/session.ts';
import { parseDuration } from './duration.ts';

const duration = (min: number) => z.preprocess(parseDuration, z.number().int().min(min));

/**
 * Every setting, its default and its one-line doc, with the CLI flag and env var that set it.
 * This table is the only place defaults live; docs/configuration.md's table is checked against it.
 */
export const CONFIG_FIELDS = {
  store: {
    flag: '--store',
    env: 'SESSION_LAB_STORE',
    doc: '`auto` uses Redis when it answers PING within the probe timeout, else the embedded store; `redis` or `sqlite` force one.',
    schema: z.enum(['auto', 'redis', 'sqlite']).default('auto'),
  },
  redisUrl: {
    flag: '--redis-url',
    env: 'REDIS_URL',
    doc: 'The Redis server to use (`redis://` or `rediss://`, optional `user:password@` and `/db`).',
    schema: z.string().refine(isRedisUrl, { message: REDIS_URL_HINT }).default('redis://127.0.0.1:6379'),
  },
  redisCluster: {
    flag: '--redis-cluster',
    env: 'SESSION_LAB_REDIS_CLUSTER',
    doc: 'A Redis Cluster to use instead of `--redis-url`: seed nodes as `host:port,host:port,…` (`off`: none).',
    schema: z
      .string()
      .refine((value) => value === 'off' || /^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/.test(value), {
        message: 'give the cluster as host:port,host:port,… (or off)',
      })
      .default('off'),
  },
  migrateSessions: {
    flag: '--migrate-sessions',
    env: 'SESSION_LAB_MIGRATE_SESSIONS',
    doc: "Before serving, copy the live sessions, refresh tokens and denylist (with their remaining TTLs) from another store into the one starting: `sqlite` (the data dir's embedded store) or a Redis URL; `off`: none.",
    schema: z
      .string()
      .refine((value) => value === 'off' || value === 'sqlite' || isRedisUrl(value), {
        message: `give sqlite, a Redis URL or off (${REDIS_URL_HINT})`,
      })
      .default('off'),
  },
  dataDir: {
    flag: '--data-dir',
    env: 'SESSION_LAB_DATA_DIR',
    doc: 'Directory for the embedded store file, the accounts database, the JWT keys and the cookie secrets.',
    schema: z.string().min(1).default(path.join(os.homedir(), '.session-lab')),
  },
  port: {
    flag: '--port',
    env: 'SESSION_LAB_PORT',
    doc: 'TCP port on 127.0.0.1; 0 picks a free one.',
    schema: z.coerce.number().int().min(0).max(65_535).default(0),
  },
  sessionIdleTtlMs: {
    flag: '--session-ttl',
    env: 'SESSION_LAB_SESSION_TTL',
    doc: 'Idle lifetime of a cookie session (its key TTL, renewed on activity).',
    schema: duration(1_000).default(30 * 60_000),
  },
  sessionAbsoluteTtlMs: {
    flag: '--session-max-age',
    env: 'SESSION_LAB_SESSION_MAX_AGE',
    doc: 'Absolute lifetime of a cookie session, however active.',
    schema: duration(1_000).default(8 * 3_600_000),
  },
  accessTokenTtlMs: {
    flag: '--access-ttl',
    env: 'SESSION_LAB_ACCESS_TTL',
    doc: 'Lifetime of a JWT access token (its `exp`).',
    schema: duration(1_000).default(15 * 60_000),
  },
  refreshTokenTtlMs: {
    flag: '--refresh-ttl',
    env: 'SESSION_LAB_REFRESH_TTL',
    doc: 'Lifetime of a refresh token (its key TTL); each rotation starts a new one, never past the refresh max age.',
    schema: duration(1_000).default(7 * 86_400_000),
  },
  refreshMaxAgeMs: {
    flag: '--refresh-max-age',
    env: 'SESSION_LAB_REFRESH_MAX_AGE',
    doc: "Absolute lifetime of a login's refresh tokens (a family), from the login; rotation never extends it.",
    schema: duration(1_000).default(7 * 86_400_000),
  },
  rememberMeTtlMs: {
    flag: '--remember-me-ttl',
    env: 'SESSION_LAB_REMEMBER_ME_TTL',
    doc: "Lifetime of a cookie session logged in with Remember me: its persistent cookie's and its key's, from the login, never renewed (it stands in for the absolute lifetime; the idle timeout does not apply).",
    schema: duration(1_000).default(7 * 86_400_000),
  },
  sessionTouchMs: {
    flag: '--session-touch',
    env: 'SESSION_LAB_SESSION_TOUCH',
    doc: 'A used session has its idle TTL renewed at most this often (not a write per request).',
    schema: duration(0).default(5_000),
  },
  sessionLimit: {
    flag: '--session-limit',
    env: 'SESSION_LAB_SESSION_LIMIT',
    doc: 'Live cookie sessions per user; a login beyond it evicts the oldest.',
    schema: z.coerce.number().int().min(1).max(100).default(5),
  },
  sessionFingerprint: {
    flag: '--session-fingerprint',
    env: 'SESSION_LAB_SESSION_FINGERPRINT',
    doc: 'Bind a session to its user agent and/or address; a mismatch destroys it.',
    schema: z.enum(['off', 'ua', 'ip', 'ua+ip']).default('off'),
  },
  encryptSessions: {
    flag: '--encrypt-sessions',
    env: 'SESSION_LAB_ENCRYPT_SESSIONS',
    doc: 'Store cookie-session records encrypted (AES-256-GCM, keys in `<data-dir>/session-keys.json`); reads accept both forms.',
    schema: z.enum(['on', 'off']).default('off'),
  },
  cookieName: {
    flag: '--cookie-name',
    env: 'SESSION_LAB_COOKIE_NAME',
    doc: 'Name of the session cookie (its signature travels in `<name>.sig`).',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'letters, digits, dash and underscore, at most 64' })
      .default(DEFAULT_SESSION_COOKIE_NAME),
  },
  cookieSameSite: {
    flag: '--cookie-samesite',
    env: 'SESSION_LAB_COOKIE_SAMESITE',
    doc: 'SameSite of the session cookie.',
    schema: z.enum(['lax', 'strict']).default('lax'),
  },
  loginMaxFailures: {
    flag: '--login-max-failures',
    env: 'SESSION_LAB_LOGIN_MAX_FAILURES',
    doc: 'Failed logins per username (and TOTP codes per user) in the window before 429 TOO_MANY_ATTEMPTS.',
    schema: z.coerce.number().int().min(1).max(1_000).default(5),
  },
  loginMaxPerAddress: {
    flag: '--login-max-per-address',
    env: 'SESSION_LAB_LOGIN_MAX_PER_ADDRESS',
    doc: 'Login attempts per address in the window (failed ones, and those still being checked) before 429 TOO_MANY_ATTEMPTS; higher than the per-username limit, for a classroom behind one address.',
    schema: z.coerce.number().int().min(1).max(100_000).default(50),
  },
  loginWindowMs: {
    flag: '--login-window',
    env: 'SESSION_LAB_LOGIN_WINDOW',
    doc: "The window in which failed logins are counted (the counters' TTL).",
    schema: duration(1_000).default(5 * 60_000),
  },
  demoAccounts: {
    flag: '--demo-accounts',
    env: 'SESSION_LAB_DEMO_ACCOUNTS',
    doc: 'Create the demo accounts on first start (`--no-demo-accounts` turns this off).',
    schema: z
      .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
      .transform((value) => value === true || value === 'true' || value === '1')
      .default(true),
  },
  jwtAlgorithm: {
    flag: '--jwt-alg',
    env: 'SESSION_LAB_JWT_ALG',
    doc: 'Algorithm new access tokens are signed with (switchable at run time; older tokens keep verifying).',
    schema: z.enum(['HS256', 'ES256', 'EdDSA']).default('HS256'),
  },
  tokenDelivery: {
    flag: '--token-delivery',
    env: 'SESSION_LAB_TOKEN_DELIVERY',
    doc: '`body`: the page keeps the token in localStorage and sends it as Bearer; `cookie`: an HttpOnly `sl_access` cookie.',
    schema: z.enum(['body', 'cookie']).default('body'),
  },
  denylist: {
    flag: '--denylist',
    env: 'SESSION_LAB_DENYLIST',
    doc: 'Check `sl:denylist:{jti}` on every token (`off` shows a logged-out token still working).',
    schema: z.enum(['on', 'off']).default('on'),
  },
  clockToleranceMs: {
    flag: '--clock-tolerance',
    env: 'SESSION_LAB_CLOCK_TOLERANCE',
    doc: 'Leeway for `exp` and `nbf` when verifying tokens.',
    schema: duration(0).default(5_000),
  },
  redisProbeTimeoutMs: {
    flag: '--redis-probe-timeout',
    env: 'SESSION_LAB_REDIS_PROBE_TIMEOUT',
    doc: 'How long `auto` waits for Redis to answer PING before choosing the embedded store.',
    schema: duration(10).default(300),
  },
  storeTimeoutMs: {
    flag: '--store-timeout',
    env: 'SESSION_LAB_STORE_TIMEOUT',
    doc: 'A store command that has no answer after this long fails with 503 STORE_UNAVAILABLE.',
    schema: duration(50).default(1_000),
  },
  sweepIntervalMs: {
    flag: '--sweep-interval',
    env: 'SESSION_LAB_SWEEP_INTERVAL',
    doc: 'How often expired keys are looked for where the backend does not announce them itself.',
    schema: duration(10).default(1_000),
  },
  bodyLimitBytes: {
    flag: '--body-limit',
    env: 'SESSION_LAB_BODY_LIMIT',
    doc: 'Largest request body accepted, in bytes; larger ones get 413 PAYLOAD_TOO_LARGE.',
    schema: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(16 * 1_048_576)
      .default(65_536),
  },
  logLevel: {
    flag: '--log-level',
    env: 'LOG_LEVEL',
    doc: 'pino log level.',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
} as const;

type Fields = typeof CONFIG_FIELDS;

/** The name of a setting. */
export type ConfigKey = keyof Fields;

/** The config schema: every field of {@link CONFIG_FIELDS}, with its default. */
export const configSchema = z.object(
  Object.fromEntries(Object.entries(CONFIG_FIELDS).map(([key, field]) => [key, field.schema])) as {
    [K in ConfigKey]: Fields[K]['schema'];
  },
);

/** Parsed, complete configuration. */
export type Config = z.infer<typeof configSchema>;

/** Raw settings as they come from env vars, flags or a caller, before parsing. */
export type ConfigInput = Partial<Record<ConfigKey, unknown>>;

/**
 * Parses raw settings into a complete {@link Config}; throws a `z.ZodError` naming the field.
 * Later sources win: `parseConfig(fromEnv, fromFlags)`.
 */
export function parseConfig(...sources: ConfigInput[]): Config {
  const merged: ConfigInput = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source)) if (value !== undefined) merged[key as ConfigKey] = value;
  }
  return configSchema.parse(merged);
}
