import type { Accounts } from '../accounts/accounts.ts';
import type { AuditLog } from '../accounts/audit-log.ts';
import type { PasswordHasher } from '../accounts/password.ts';
import type { Config } from '../config.ts';
import type { AccessTokenDeps } from '../tokens/access-tokens.ts';
import type { KeyRing } from '../tokens/key-ring.ts';
import type { RefreshTokens } from '../tokens/refresh-tokens.ts';
import type { TokenSettings } from '../tokens/token-settings.ts';
import type { CookieSigner } from './cookie-signer.ts';
import type { SecretSealer } from './sealed-secret.ts';
import type { SessionCipher } from './session-cipher.ts';
import type { KeyStore } from '../store/types.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionLifetimes, SessionRegistry } from './session-registry.ts';

/** The services the auth routes share, built once per app. */
export interface AuthServices {
  config: Config;
  store: KeyStore;
  accounts: Accounts;
  audit: AuditLog;
  passwords: PasswordHasher;
  registry: SessionRegistry;
  /** Mutable: the lab endpoint changes them at run time. */
  lifetimes: SessionLifetimes;
  throttle: LoginThrottle;
  /** The token half: keys, run-time switches, refresh tokens, and what verifying needs. */
  tokens: TokenServices;
  /** Signs cookies and derives each session's CSRF token. */
  signer: CookieSigner;
  /** Seals secrets that wait in a stored value (a TOTP secret being set up). */
  sealer: SecretSealer;
  /** Encrypts session records at rest when its switch is on (`enabled`, mutable: the lab switch flips it). */
  cipher: SessionCipher;
  /** What an admin's change of an account ends (mutable: lab 13 switches the role change's part). */
  accountPolicy: AccountPolicy;
  now: () => number;
}

/** What an admin's change of an account ends, beside what always ends it (a password change, disabling, deletion). */
export interface AccountPolicy {
  /**
   * Whether a role change ends the user's cookie sessions and revokes their refresh families (true at launch). Lab 13
   * turns it off while it runs, to show a role read live by the cookie session and frozen in an access token's claim.
   */
  roleChangeEndsSessions: boolean;
}

/** The services of the token half. */
export interface TokenServices {
  keys: KeyRing;
  /** Mutable: the lab endpoint flips these at run time. */
  settings: TokenSettings;
  refresh: RefreshTokens;
  accessDeps: AccessTokenDeps;
}
