import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { API_PATHS } from '../../../shared/api/paths.ts';

/** What the window asks for by itself, to keep its panels current: not something the learner did. */
const PLUMBING_PATHS = new Set<string>([
  API_PATHS.health,
  API_PATHS.demoAccounts,
  API_PATHS.sessionList,
  API_PATHS.labSwitches,
  API_PATHS.tokenSettings,
  API_PATHS.labSessionSettings,
  API_PATHS.labSessionEncryption,
]);

/**
 * Whether an exchange is plumbing: the window's polls and re-reads (health, the demo accounts, its session list, the
 * switches) and its own files (the page, scripts, the icon). The HTTP log hides them unless asked; the labs still see
 * every exchange.
 */
export function isPlumbing(exchange: Pick<HttpEvent, 'method' | 'path'>): boolean {
  if (exchange.method !== 'GET') return false;
  const path = exchange.path.split('?')[0]!;
  if (PLUMBING_PATHS.has(path)) return true;
  // The page's own files; the labs' pages (/lab/…) and the published keys (/.well-known/…) are a learner's doing.
  return !['/api/', '/lab/', '/.well-known/'].some((prefix) => path.startsWith(prefix));
}
