import type { AuditEntry, AuditLog } from '../accounts/audit-log.ts';
import { TooManyAttemptsError } from '../errors.ts';
import type { KeyStore, WriteOp } from '../store/types.ts';
import { throttleKey } from './session-keys.ts';

/** The limits of {@link LoginThrottle}. */
export interface ThrottleLimits {
  /** Attempts per username (and TOTP codes per user) in a window; a success clears the username's count. */
  maxFailures: number;
  /**
   * Attempts per address in a window. Higher than the per-username limit: a classroom shares one NAT address,
   * and every login being checked counts until it succeeds, so a low limit refuses concurrent correct logins.
   */
  maxPerAddress: number;
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

  /**
   * Counts a login attempt for the username (against `maxFailures`: a guessing run at one user) and for the address
   * (against `maxPerAddress`: a spray over many users from one address); 429 when either is past its limit.
   */
  attemptLogin(username: string, ip: string, context: Omit<AuditEntry, 'event'>): Promise<void> {
    const { maxFailures, maxPerAddress } = this.#limits;
    return this.#attempt(
      [
        { key: throttleKey('user', username.toLowerCase()), limit: maxFailures },
        { key: throttleKey('ip', ip), limit: maxPerAddress },
      ],
      context,
    );
  }

  /** A successful login: the username's count is cleared, and this attempt no longer counts for the address. */
  async loginSucceeded(username: string, ip: string): Promise<void> {
    const ipKey = throttleKey('ip', ip);
    await this.#store.multi([
      { op: 'del', key: throttleKey('user', username.toLowerCase()) },
      { op: 'incr', key: ipKey, by: -1 },
      // The window may have ended while the password was checked: a counter the decrement made anew gets one too.
      { op: 'pexpire', key: ipKey, ms: this.#limits.windowMs, when: 'NX' },
    ]);
  }

  /** Counts a TOTP code attempt for a user; 429 past the limit. */
  attemptMfa(uid: number, context: Omit<AuditEntry, 'event'>): Promise<void> {
    return this.#attempt([{ key: throttleKey('mfa', String(uid)), limit: this.#limits.maxFailures }], context);
  }

  /** A right code clears the user's count of wrong ones. */
  async mfaSucceeded(uid: number): Promise<void> {
    await this.#store.del(throttleKey('mfa', String(uid)));
  }

  async #attempt(counters: { key: string; limit: number }[], context: Omit<AuditEntry, 'event'>): Promise<void> {
    const ops: WriteOp[] = counters.flatMap(({ key }) => [
      { op: 'incr' as const, key },
      { op: 'pexpire' as const, key, ms: this.#limits.windowMs, when: 'NX' as const },
    ]);
    const results = await this.#store.multi(ops);
    const counts = counters.map((_, i) => Number(results[i * 2]));
    const over = counters.filter(({ limit }, i) => counts[i]! > limit);
    if (over.length === 0) return;
    for (const [i, { key, limit }] of counters.entries()) {
      if (counts[i] === limit + 1) this.#audit.record({ ...context, event: 'throttled', detail: key });
    }
    const ttl = Math.max(...(await Promise.all(over.map(({ key }) => this.#store.pttl(key)))));
    const seconds = Math.max(1, Math.ceil(ttl / 1_000));
    throw new TooManyAttemptsError(`Too many attempts; try again in ${seconds} s`, seconds);
  }
}
