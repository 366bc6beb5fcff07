import { useId, useState, type FormEvent } from 'react';
import type { MfaSetupResponse } from '../../../shared/api/mfa.ts';

/** A six-digit code form. */
export function CodeForm({
  label,
  submitLabel,
  onCode,
  testId,
}: {
  label: string;
  submitLabel: string;
  onCode: (code: string) => Promise<void>;
  testId: string;
}) {
  const id = useId();
  const [code, setCode] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await onCode(code);
    setCode('');
  };
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} data-testid={testId}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="numeric"
        pattern="\d{6}"
        maxLength={6}
        autoComplete="one-time-code"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        required
      />
      <button type="submit">{submitLabel}</button>
    </form>
  );
}

/** The QR code and secret of a new TOTP secret, and the code that turns it on. */
export function MfaSetup({
  setup,
  onVerify,
  onCancel,
}: {
  setup: MfaSetupResponse;
  onVerify: (code: string) => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <div className="mfa-setup" data-testid="mfa-setup">
      <p>Scan this with an authenticator app (or type the secret), then enter the code it shows.</p>
      <div className="mfa-row">
        <img src={setup.qrDataUrl} alt="QR code of the TOTP secret" width={160} height={160} />
        <div>
          <p className="muted">Secret</p>
          <code data-testid="mfa-secret" className="secret">
            {setup.secret}
          </code>
          <p className="muted">The server keeps it in the session until the first code proves your app has it.</p>
        </div>
      </div>
      <CodeForm label="Code from the app" submitLabel="Turn MFA on" onCode={onVerify} testId="mfa-verify-form" />
      <button type="button" className="link" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
