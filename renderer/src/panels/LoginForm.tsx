import { useId, useState, type FormEvent } from 'react';
import { useDemoAccounts } from '../hooks/use-demo-accounts.ts';
import { rememberWords } from './remember-words.ts';

/** What a login form sends. */
export interface Credentials {
  username: string;
  password: string;
  totp?: string;
  /** Remember me: a persistent cookie instead of one that ends when the browser closes. */
  remember?: boolean;
}

/**
 * Username and password (and a TOTP code when the account asks for one), with the demo accounts one click away, and
 * for the cookie half a Remember me box.
 */
export function LoginForm({
  half,
  onLogin,
  needsTotp = false,
  rememberFor,
}: {
  half: 'cookie' | 'token';
  onLogin: (credentials: Credentials) => Promise<void>;
  needsTotp?: boolean;
  /** Offers Remember me, saying how long a remembered session lasts (ms); left out, no box. */
  rememberFor?: number;
}) {
  const id = useId();
  const accounts = useDemoAccounts();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    await onLogin({
      username,
      password,
      ...(needsTotp && totp ? { totp } : {}),
      ...(rememberFor !== undefined ? { remember } : {}),
    });
    setBusy(false);
  };
  return (
    <form className="login-form" onSubmit={(event) => void submit(event)} data-testid={`${half}-login-form`}>
      {accounts.length > 0 && (
        <div className="demo-accounts" role="group" aria-label="Demo accounts">
          <span className="muted">Demo accounts:</span>
          {accounts.map((account) => (
            <button
              key={account.username}
              type="button"
              className="small"
              data-testid={`${half}-demo-${account.username}`}
              onClick={() => {
                setUsername(account.username);
                setPassword(account.password);
              }}
            >
              {account.username} <span className="muted">({account.role})</span>
            </button>
          ))}
        </div>
      )}
      <div className="fields">
        <label htmlFor={`${id}-user`}>Username</label>
        <input
          id={`${id}-user`}
          name="username"
          autoComplete="username"
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          required
        />
        <label htmlFor={`${id}-pass`}>Password</label>
        <input
          id={`${id}-pass`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          required
        />
        {needsTotp && (
          <>
            <label htmlFor={`${id}-totp`}>Authenticator code</label>
            <input
              id={`${id}-totp`}
              name="totp"
              inputMode="numeric"
              pattern="\d{6}"
              autoComplete="one-time-code"
              value={totp}
              onChange={(event) => setTotp(event.target.value)}
              required
            />
          </>
        )}
      </div>
      {rememberFor !== undefined && (
        <div className="remember-me">
          <label>
            <input
              type="checkbox"
              name="remember"
              aria-describedby={`${id}-remember-hint`}
              checked={remember}
              onChange={(event) => setRemember(event.target.checked)}
              data-testid={`${half}-remember`}
            />{' '}
            Remember me
          </label>
          <span className="muted" id={`${id}-remember-hint`}>
            {remember
              ? `${rememberWords(true, rememberFor).plain} (a persistent cookie)`
              : `${rememberWords(false, rememberFor).plain} (a browser-session cookie)`}
          </span>
        </div>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {half === 'cookie' ? 'Log in (cookie session)' : 'Log in (get a token)'}
      </button>
    </form>
  );
}
