import type { AuditLog } from '../accounts/audit-log.ts';
import type { KeyStore } from '../store/types.ts';
import { SESSION_KEY_PREFIX } from './session-keys.ts';

/**
 * An idle session ends by its key's TTL, with no request to see it: the store's change feed tells the audit trail.
 * One app per store listens (two instances on one store would record each expiry twice). Answers the unsubscribe.
 */
export function auditExpiries(store: KeyStore, audit: AuditLog): () => void {
  return store.onChange((change) => {
    if (change.op === 'expired' && change.key.startsWith(SESSION_KEY_PREFIX)) {
      const sid = change.key.slice(SESSION_KEY_PREFIX.length);
      audit.record({
        event: 'expired',
        sid,
        userId: audit.userOfSession(sid),
        detail: 'key TTL reached (idle timeout, or the absolute lifetime)',
      });
    }
  });
}
