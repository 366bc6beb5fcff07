import { describe, expect, it } from 'vitest';
import { isPlumbing } from '../../renderer/src/inspector/plumbing.ts';

describe('plumbing in the HTTP log', () => {
  it("is the window's own polls, re-reads and files, never a learner's action", () => {
    for (const path of [
      '/api/v1/health',
      '/api/v1/demo-accounts',
      '/api/v1/session/list',
      '/api/v1/lab/switches',
      '/api/v1/lab/token-settings',
      '/favicon.svg',
      '/assets/index-abc.js',
      '/',
    ])
      expect(isPlumbing({ method: 'GET', path }), path).toBe(true);
    for (const [method, path] of [
      ['GET', '/api/v1/session/me'],
      ['GET', '/api/v1/token/data'],
      ['POST', '/api/v1/session/login'],
      ['PUT', '/api/v1/lab/token-settings'],
      ['DELETE', '/api/v1/lab/switches'],
      ['GET', '/lab/xss-frame?name=x'],
      ['GET', '/.well-known/jwks.json'],
    ] as const)
      expect(isPlumbing({ method, path }), `${method} ${path}`).toBe(false);
  });
});
