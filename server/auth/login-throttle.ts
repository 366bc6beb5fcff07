import type { AuditEntry, AuditLog } from '../accounts/audit-log.ts';
import { TooManyAttemptsError } from '../errors.ts';
import type { KeyStore } from '../store/types.ts';
import { throttleKey } from './session-keys.ts';

/** The limits of {@link LoginThrottle}. */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts failed logins per username and per address in the store (`sl:throttle:*`, INCR with a TTL
 * set on the first failure), so the learner sees the counters and their countdown.
 */
export class LoginThrottle {
  readonly #store: KeyStore;
  readonly #audit: AuditLog;
  readonly #limits: ThrottleLimits;

  constructor(store: KeyStore, audit: AuditLog, limits: ThrottleLimits) {
    this.#store = store;
    this.#audit = audit;
    this.#limits = limits;
  }

  #keys(username: string, ip: string): [string, string] {
    return [throttleKey('user', username.toLowerCase()), throttleKey('ip', ip)];
  }

  /** Throws 429 TOO_MANY_ATTEMPTS, with the seconds to wait, when either counter is full. */
  async check(username: string, ip: string): Promise<void> {
    for (const key of this.#keys(username, ip)) {
      const failures = Number((await this.#store.get(key)) ?? 0);
      if (failures >= this.#limits.maxFailures) {
        const ttl = await this.#store.pttl(key);
        const seconds = Math.max(1, Math.ceil(ttl / 1_000));
        throw new TooManyAttemptsError(`Too many failed logins; try again in ${seconds} s`, seconds);
      }
    }
  }

  /** Counts one failure against both counters; the one that reaches the limit is audited as `throttled`. */
  async fail(username: string, ip: string, context: Omit<AuditEntry, 'event'>): Promise<void> {
    const ops = this.#keys(username, ip).flatMap((key) => [
      { op: 'incr' as const, key },
      { op: 'pexpire' as const, key, ms: this.#limits.windowMs, when: 'NX' as const },
    ]);
    const [byUser, , byIp] = await this.#store.multi(ops);
    if (byUser === this.#limits.maxFailures) this.#audit.record({ ...context, event: 'throttled', detail: `username ${username}` });
    if (byIp === this.#limits.maxFailures) this.#audit.record({ ...context, event: 'throttled', detail: `address ${ip}` });
  }

  /** A successful login clears the username's counter (not the address's: that one is shared). */
  async succeed(username: string): Promise<void> {
    await this.#store.del(throttleKey('user', username.toLowerCase()));
  }
}
