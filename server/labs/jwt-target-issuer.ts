import { generateKeyPairSync, randomInt, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose/jwt/sign';
import type { JwtAttackSwitches } from '../../shared/api/lab-jwt-attacks.ts';
import { JWT_WORDLIST } from './jwt-wordlist.ts';

/** The `iss` of the lab target's tokens: never the real API's. */
export const JWT_TARGET_ISSUER = 'session-lab-jwt-target';
/** How long a token of the lab target lives: long enough for a slow first reading of a lab. */
const TARGET_TOKEN_TTL_S = 30 * 60;

/** The key the target is configured with now: its weak HS256 secret, or its ES256 public key. */
export type TargetKey = { kind: 'weak-secret'; secret: string } | { kind: 'es256'; publicKey: KeyObject; pem: string };

/**
 * The JWT attack labs' target: its two switches (both off at launch) and its own issuer, which is not the real API's. It
 * signs HS256 with a secret picked at random from {@link JWT_WORDLIST} while `weakSecret` is on (picked anew each time
 * the switch turns on), else ES256 with a per-launch P-256 key pair whose public key it publishes nowhere.
 */
export class JwtTarget {
  readonly #switches: JwtAttackSwitches = { naiveVerifier: false, weakSecret: false };
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  #secret: string | null = null;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#privateKey = pair.privateKey;
    this.#publicKey = pair.publicKey;
  }

  /** The switches now (a copy). */
  get switches(): JwtAttackSwitches {
    return { ...this.#switches };
  }

  /** Sets either switch; turning `weakSecret` on picks a new secret from the wordlist. */
  set(patch: Partial<JwtAttackSwitches>): JwtAttackSwitches {
    if (patch.naiveVerifier !== undefined) this.#switches.naiveVerifier = patch.naiveVerifier;
    if (patch.weakSecret !== undefined) {
      if (patch.weakSecret && !this.#switches.weakSecret) this.#secret = JWT_WORDLIST[randomInt(JWT_WORDLIST.length)]!;
      if (!patch.weakSecret) this.#secret = null;
      this.#switches.weakSecret = patch.weakSecret;
    }
    return this.switches;
  }

  /** Both switches off, as at launch (the labs' restore). */
  restore(): void {
    this.set({ naiveVerifier: false, weakSecret: false });
  }

  /** The key the target verifies with when the token's header names none. */
  get configuredKey(): TargetKey {
    if (this.#secret !== null) return { kind: 'weak-secret', secret: this.#secret };
    const pem = this.#publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return { kind: 'es256', publicKey: this.#publicKey, pem };
  }

  /** A token for `sub` (role `user`): HS256 with the weak secret, or ES256 (a raw r||s signature, as JWS has it). */
  async issue(sub: string, name: string): Promise<string> {
    const iat = Math.floor(this.#now() / 1_000);
    const jwt = new SignJWT({ role: 'user', name })
      .setIssuer(JWT_TARGET_ISSUER)
      .setSubject(sub)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + TARGET_TOKEN_TTL_S);
    if (this.#secret !== null)
      return jwt.setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(this.#secret));
    return jwt.setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).sign(this.#privateKey);
  }
}
