import type { CommandEntry, InspectorSnapshot } from '../inspector/inspector-model.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { KEY_PREFIXES } from '../../../shared/key-names.ts';
import { sessionCookieParts } from '../api/session-cookie-name.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';

/** The live figures behind the comparison table, all read from what the inspector saw. */
export interface ComparisonFigures {
  sessionKeys: number;
  tokenKeys: number;
  /** Bytes of the credential header on the latest request of each half (null: none seen yet). */
  cookieBytes: number | null;
  tokenBytes: number | null;
  /** Server time of the latest check of each half, in ms. */
  sessionCheckMs: number | null;
  tokenCheckMs: number | null;
  lastCookieRevocation: { at: number; commands: string[] } | null;
  lastTokenRevocation: { at: number; commands: string[] } | null;
  storeP99Ms: number | null;
  /** Store reads the latest check of each half made (null: none seen yet). */
  sessionCheckReads: string[] | null;
  tokenCheckReads: string[] | null;
}

const encoder = new TextEncoder();

function headerBytes(exchange: HttpEvent | undefined, name: string, pick?: (value: string) => string): number | null {
  const raw = exchange?.requestHeaders[name];
  if (raw === undefined) return null;
  const value = pick ? pick(Array.isArray(raw) ? raw.join('; ') : raw) : Array.isArray(raw) ? raw.join('; ') : raw;
  return encoder.encode(`${name}: ${value}`).length;
}

/** Only the session cookie of a Cookie header (the same header may carry others). */
function sessionCookieOnly(cookie: string): string {
  return sessionCookieParts(cookie).join('; ');
}

function revocation(exchanges: HttpEvent[], caused: ReadonlyMap<number, CommandEntry[]>, path: string) {
  const logout = exchanges.find(
    (exchange) => exchange.method === 'POST' && exchange.path === path && exchange.status < 300,
  );
  return logout
    ? { at: logout.startedAt, commands: (caused.get(logout.id) ?? []).map((command) => command.command) }
    : null;
}

/** Derives the figures from a snapshot. */
export function comparisonFigures(snapshot: InspectorSnapshot): ComparisonFigures {
  const { exchanges, caused, keys, metrics } = snapshot;
  const live = keys.filter((entry) => entry.goneAt === null);
  const lastSession = exchanges.find((exchange) => exchange.path === API_PATHS.sessionMe && exchange.status === 200);
  const lastToken = exchanges.find((exchange) => exchange.path === API_PATHS.tokenData && exchange.status === 200);
  const tokenBytes =
    headerBytes(lastToken, 'authorization') ??
    headerBytes(lastToken, 'cookie', (cookie) =>
      cookie
        .split(/;\s*/)
        .filter((part) => part.startsWith('sl_access='))
        .join('; '),
    );
  return {
    sessionKeys: metrics?.liveSessions ?? live.filter((entry) => entry.key.startsWith(KEY_PREFIXES.session)).length,
    tokenKeys: live.filter((entry) =>
      /^sl:(refresh|refresh_family|refresh_rotated|refresh_revoked|user_refresh|denylist):/.test(entry.key),
    ).length,
    cookieBytes: headerBytes(lastSession, 'cookie', sessionCookieOnly),
    tokenBytes,
    sessionCheckMs: lastSession?.duration ?? null,
    tokenCheckMs: lastToken?.duration ?? null,
    lastCookieRevocation: revocation(exchanges, caused, API_PATHS.sessionLogout),
    lastTokenRevocation: revocation(exchanges, caused, API_PATHS.tokenLogout),
    storeP99Ms: metrics?.storeLatencyMs.p99 ?? null,
    sessionCheckReads: lastSession ? (lastSession.reads ?? []).map((read) => read.command) : null,
    tokenCheckReads: lastToken ? (lastToken.reads ?? []).map((read) => read.command) : null,
  };
}
