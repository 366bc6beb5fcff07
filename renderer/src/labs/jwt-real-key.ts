import { api } from '../api/client.ts';
import { decodeToken } from './jwt-evidence.ts';
import { setRealKey } from './jwt-attack-state.ts';
import { demoAccount } from './lab-actions.ts';
import { jwkPem } from './token-forgery.ts';

/**
 * Lab 15: logs alice in on the real API for a token, reads the kid its header names (the real HS256 key's id, which
 * no JWKS publishes), and logs that token out again. The key area then offers to sign under that kid.
 */
export async function learnRealHmacKid(): Promise<string> {
  const { username, password } = await demoAccount('alice');
  const answer = await api.token.login(username, password);
  if (!answer.access_token)
    throw new Error(
      'The server delivers tokens in a cookie now, so this page cannot read one: switch delivery to body',
    );
  const header = decodeToken(answer.access_token)?.header;
  await api.token.logout({ bearer: answer.access_token });
  if (typeof header?.kid !== 'string') throw new Error('The real API’s token names no kid');
  if (!String(header.alg).startsWith('HS'))
    throw new Error(`The real API signs ${String(header.alg)} now, not HS256: restore the launch settings first`);
  setRealKey({ kid: header.kid, alg: String(header.alg) });
  return `The real API signs ${String(header.alg)} under kid “${header.kid}” (read from the token’s header; the token is logged out again). The key area below now offers to sign under that kid.`;
}

/** Lab 18: the real API's published ES256 public key (GET /.well-known/jwks.json), its kid and its PEM. */
export async function learnRealEs256Key(): Promise<string> {
  const key = (await api.token.jwks()).keys.find((candidate) => candidate.alg === 'ES256');
  if (!key) throw new Error('The real API publishes no ES256 key at /.well-known/jwks.json');
  setRealKey({ kid: key.kid, alg: key.alg, pem: await jwkPem(key) });
  return `The real API publishes its ES256 public key under kid “${key.kid}”. The key area below now offers to sign HS256 with that key’s PEM under its kid, as lab 8’s forger did.`;
}
