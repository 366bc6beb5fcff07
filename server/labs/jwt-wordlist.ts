import { COMMON_PASSWORDS } from '../accounts/common-passwords.ts';

// The secrets people leave in JWT code and its tutorials: the defaults of libraries, frameworks and examples.
const JWT_SECRETS = `secret secret1 secret123 secretkey secret-key secret_key your-256-bit-secret your-secret-key
your_jwt_secret jwt_secret jwt-secret jwtsecret jwt jsonwebtoken changeme changeit supersecret super-secret mysecret
my-secret my_secret mysecretkey topsecret top-secret s3cr3t s3cret private privatekey private-key signing-key
signingkey hmac hmac-secret hmacsecret key key1 mykey token tokensecret token-secret auth authsecret auth-secret
session sessionsecret session-secret app-secret appsecret api-secret apisecret apikey api-key admin test testing dev
development production default example sample demo hello shhhhh shhh keyboard-cat gottacatchemall qwerty letmein
password pass passphrase access accesstoken access-token refresh refreshsecret secretsecret notasecret nosecret
insecure unsafe weak weaksecret verysecret very-secret thisisasecret this-is-a-secret iamasecret node express koa
flask django spring laravel rails`;

/** What a careless developer adds to a word: digits, a year, a bang. */
const SUFFIXES = ['', '1', '12', '123', '1234', '12345', '!', '!!', '0', '2', '7', '9', '01', '99', '2023', '2024'];

/** `Secret` and `SECRET` besides `secret`. */
function spellings(word: string): string[] {
  return [word, word.charAt(0).toUpperCase() + word.slice(1), word.toUpperCase()];
}

function build(): readonly string[] {
  const words = new Set<string>();
  for (const base of [...JWT_SECRETS.split(/\s+/), ...COMMON_PASSWORDS]) {
    if (base === '') continue;
    for (const spelling of spellings(base)) for (const suffix of SUFFIXES) words.add(spelling + suffix);
  }
  return Object.freeze([...words]);
}

/**
 * The JWT attack labs' bundled wordlist (a few thousand candidates): the usual JWT secrets (`secret`, `secret1`,
 * `your-256-bit-secret`, `changeme`…) and the project's common passwords, each as written, capitalised and in capitals,
 * bare and with the usual digits, years and bangs. The target's weak secret is one of them; the learner cracks it.
 */
export const JWT_WORDLIST: readonly string[] = build();
