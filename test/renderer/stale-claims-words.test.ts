import { describe, expect, it } from 'vitest';
import { cookieRoleSaid, staleClaimsLab } from '../../renderer/src/labs/lab-stale-claims.ts';
import type { MeResponse } from '../../shared/api/session.ts';

const me = (role: 'admin' | 'user') => ({ user: { username: 'alice', role } }) as unknown as MeResponse;

describe('lab 13 words', () => {
  it('step 4 names the role the cookie session answered, or says there is no session', () => {
    expect(cookieRoleSaid(me('admin'))).toMatch(/^The server answers role "admin" for alice/);
    expect(cookieRoleSaid(me('user'))).toContain('role "user"');
    expect(cookieRoleSaid(null)).toMatch(/signed out/);
  });

  it('says what /token/data answers (the claim copied from the token), in the step and in why it matters', () => {
    const tokenData = staleClaimsLab.steps.find((step) => step.id === 'token-data');
    expect(tokenData && 'explain' in tokenData ? tokenData.explain : '').toMatch(/role claim copied from the token/);
    expect(staleClaimsLab.why.text).not.toMatch(/never stale/);
    expect(staleClaimsLab.why.text).toMatch(/admin checks look the account up/);
    expect(staleClaimsLab.why.text).toMatch(/GET \/token\/data.*answers the role claim copied from the token/);
  });

  it('signs both halves out when it is left', () => {
    expect(staleClaimsLab.leave).toBeDefined();
  });
});
