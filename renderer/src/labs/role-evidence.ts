import { API_PATHS, API_PREFIX } from '../../../shared/api/paths.ts';
import type { HttpEvent } from '../../../shared/inspector-events.ts';
import { describeExchange, exchanges } from './evidence.ts';
import { bearerOf, issuerOf } from './jwt-evidence.ts';
import type { Evidence } from './lab-types.ts';

type Role = 'admin' | 'user';

/** An admin API call that changed a user's role (`PUT /api/v1/users/:id {role}` answered 200). */
export interface RoleChange {
  exchange: HttpEvent;
  userId: number;
  username: string;
  role: Role;
}

/** A JSON body as an object, or null. */
function objectOf(text: string | null): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isRole = (value: unknown): value is Role => value === 'admin' || value === 'user';

/** Every role change the admin API made in the evidence, oldest first. */
export function roleChanges(evidence: Evidence): RoleChange[] {
  return exchanges(evidence, { method: 'PUT', path: `${API_PREFIX}/users/*`, status: 200 }).flatMap((exchange) => {
    const role = objectOf(exchange.requestBody)?.role;
    const user = objectOf(exchange.responseBody)?.user as { id?: unknown; username?: unknown } | undefined;
    return isRole(role) && typeof user?.id === 'number' && typeof user.username === 'string'
      ? [{ exchange, userId: user.id, username: user.username, role }]
      : [];
  });
}

/** A cookie request after the change whose answer already names the new role: the session read it live. */
export function cookieSawNewRole(evidence: Evidence, change: RoleChange): string | null {
  const seen = exchanges(evidence, {
    method: 'GET',
    path: API_PATHS.sessionMe,
    status: 200,
    after: change.exchange,
  }).find((exchange) => {
    const user = objectOf(exchange.responseBody)?.user as { id?: unknown; role?: unknown } | undefined;
    return user?.id === change.userId && user.role === change.role;
  });
  return seen
    ? `${describeExchange(seen)}: the cookie session answers role "${change.role}" right after the change (${describeExchange(change.exchange)})`
    : null;
}

/** A token request after the change that carried a token still claiming another role (signed before the change). */
export function tokenKeptOldRole(evidence: Evidence, change: RoleChange): string | null {
  for (const exchange of exchanges(evidence, {
    method: 'GET',
    path: API_PATHS.tokenData,
    status: 200,
    after: change.exchange,
  })) {
    const token = bearerOf(exchange);
    const claimed = token?.payload.role;
    if (!token || token.payload.sub !== String(change.userId) || !isRole(claimed) || claimed === change.role) continue;
    const answered = (objectOf(exchange.responseBody)?.subject as { role?: unknown } | undefined)?.role;
    return `${describeExchange(exchange)}: the token it carried still says role "${claimed}"${answered === claimed ? ', and the answer read it from there' : ''}, though ${change.username} is "${change.role}" since exchange #${change.exchange.id}`;
  }
  return null;
}

/** After a refresh that followed the change, a token request whose token claims the new role. */
export function refreshBroughtNewRole(evidence: Evidence, change: RoleChange): string | null {
  for (const exchange of exchanges(evidence, {
    method: 'GET',
    path: API_PATHS.tokenData,
    status: 200,
    after: change.exchange,
  })) {
    const token = bearerOf(exchange);
    if (!token || token.payload.sub !== String(change.userId) || token.payload.role !== change.role) continue;
    const issuer = issuerOf(evidence, token.compact);
    if (!issuer || issuer.path !== API_PATHS.tokenRefresh || issuer.id < change.exchange.id) continue;
    return `${describeExchange(issuer)} signed a token with role "${change.role}"; ${describeExchange(exchange)} carried it`;
  }
  return null;
}
