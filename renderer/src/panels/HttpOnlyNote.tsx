import { useEffect, useState } from 'react';

/** What this page's own JavaScript sees of its cookies: the HttpOnly session cookie is not among them. */
export function HttpOnlyNote() {
  const [visible, setVisible] = useState(() => document.cookie);
  useEffect(() => {
    const timer = setInterval(() => setVisible(document.cookie), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="note" data-testid="httponly-note">
      <p>
        <code>document.cookie</code> on this page:{' '}
        <code data-testid="document-cookie">{visible === '' ? '""' : visible}</code>
      </p>
      <p className="muted">
        The session cookie is <strong>HttpOnly</strong>: the browser sends it with every request to this server but
        never hands it to scripts, so an injected script cannot read it (it can still make requests while you are here;
        that is what the CSRF token and SameSite are for).
      </p>
    </div>
  );
}
