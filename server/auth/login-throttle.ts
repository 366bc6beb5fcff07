import type { AuditEntry, AuditLog } from '../accounts/audit-log.ts';
import { TooManyAttemptsError } from '../errors.ts';
import type { KeyStore, WriteOp } from '../store/types.ts';
import { throttleKey } from './session-keys.ts';

/** The limits of {@link LoginThrottle}. */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
}

/**
 * Counts attempts in the store (`sl:throttle:*`: INCR, and a TTL set by the first attempt of the
 * window), so the learner sees the counters and their countdown. An attempt is counted *before* the
 * password or code is checked: parallel guesses cannot slip in between a check and its count.
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

  /** Counts a login attempt for the username and the address; 429 when either is past the limit. */
  attemptLogin(username: string, ip: string, context: Omit<AuditEntry, 'event'>): Promise<void> {
    return this.#attempt([throttleKey('user', username.toLowerCase()), throttleKey('ip', ip)], context);
  }

  /** A successful login: the username's count is cleared, and this attempt no longer counts for the address. */
  async loginSucceeded(username: string, ip: string): Promise<void> {
    await this.#store.multi([
      { op: 'del', key: throttleKey('user', username.toLowerCase()) },
      { op: 'incr', key: throttleKey('ip', ip), by: -1 },
    ]);
  }

  /** Counts a TOTP code attempt for a user; 429 past the limit. */
  attemptMfa(uid: number, context: Omit<AuditEntry, 'event'>): Promise<void> {
    return this.#attempt([throttleKey('mfa', String(uid))], context);
  }

  /** A right code clears the user's count of wrong ones. */
  async mfaSucceeded(uid: number): Promise<void> {
    await this.#store.del(throttleKey('mfa', String(uid)));
  }

  async #attempt(keys: string[], context: Omit<AuditEntry, 'event'>): Promise<void> {
    const ops: WriteOp[] = keys.flatMap((key) => [
      { op: 'incr' as const, key },
      { op: 'pexpire' as const, key, ms: this.#limits.windowMs, when: 'NX' as const },
    ]);
    const results = await this.#store.multi(ops);
    const over = keys.filter((_, i) => Number(results[i * 2]) > this.#limits.maxFailures);
    if (over.length === 0) return;
    for (const [i, key] of keys.entries()) {
      if (Number(results[i * 2]) === this.#limits.maxFailures + 1)
        this.#audit.record({ ...context, event: 'throttled', detail: key });
    }
    const ttl = Math.max(...(await Promise.all(over.map((key) => this.#store.pttl(key)))));
    const seconds = Math.max(1, Math.ceil(ttl / 1_000));
    throw new TooManyAttemptsError(`Too many attempts; try again in ${seconds} s`, seconds);
  }
}
