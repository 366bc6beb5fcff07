import { createHmac } from 'node:crypto';
import request from 'supertest';
import { expect } from 'vitest';
import { jwtAttackSwitchesSchema, type JwtAttackSwitches } from '../../../shared/api/lab-jwt-attacks.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

/** The app's own window, as the JWT attack labs' routes see it: the lab key and the app's Origin. */
export class JwtLabWindow {
  readonly #url: string;

  constructor(url: string) {
    this.#url = url;
  }

  /** A request with the lab key (and the app's own Origin). */
  send(method: 'get' | 'put' | 'post' | 'delete', path: string): request.Test {
    return request(this.#url)[method](path).set('X-Lab-Key', TEST_LAB_KEY).set('Origin', this.#url);
  }

  /** Sets the switches and checks the answer. */
  async switches(patch: Partial<JwtAttackSwitches>): Promise<JwtAttackSwitches> {
    const res = await this.send('put', '/api/v1/lab/jwt-attacks').send(patch);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return jwtAttackSwitchesSchema.parse(res.body);
  }

  /** A token of the lab target's issuer. */
  async targetToken(): Promise<string> {
    const res = await this.send('post', '/api/v1/lab/jwt-attacks/token').send({});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.token as string;
  }

  /** The lab target's answer to a token (with the lab key). */
  target(token: string): request.Test {
    return this.send('get', '/api/v1/lab/jwt-target').set('Authorization', `Bearer ${token}`);
  }
}

/**
 * The real API refuses `token` everywhere it reads one: as a Bearer and as the access cookie on GET /token/data (401 and
 * one TOKEN_* code), and the JWT debugger's verdict. Answers the code.
 */
export async function realApiRefuses(url: string, token: string): Promise<string> {
  const bearer = await request(url).get('/api/v1/token/data').set('Authorization', `Bearer ${token}`);
  expect(bearer.status).toBe(401);
  const code = bearer.body.error.code as string;
  expect(code).toMatch(/^TOKEN_/);
  const cookie = await request(url).get('/api/v1/token/data').set('Cookie', `sl_access=${token}`);
  expect(cookie.status).toBe(401);
  expect(cookie.body.error.code).toBe(code);
  const inspected = await request(url).post('/api/v1/jwt/inspect').set('Origin', url).send({ token });
  expect(inspected.status).toBe(200);
  expect(inspected.body.verdict).toMatchObject({ accepted: false, code });
  return code;
}

/** Cracks an HS256 token against a wordlist, as the learner's worker does: the word whose HMAC is the signature. */
export function crack(token: string, words: readonly string[]): string | undefined {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return words.find(
    (word) => createHmac('sha256', word).update(`${header}.${payload}`).digest('base64url') === signature,
  );
}

/** Claims an attacker would want: alice's, with role admin, valid for five minutes. */
export function adminClaims(sub: string): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1_000);
  return { sub, role: 'admin', name: 'alice', jti: crypto.randomUUID(), iat: now, exp: now + 300 };
}
