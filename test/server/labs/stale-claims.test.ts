import { describe, expect, it } from 'vitest';
import { staleClaimsRoleResponseSchema } from '../../../shared/api/lab-stale-claims.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { TEST_LAB_KEY } from '../../support/test-app.ts';

const ROLE = '/api/v1/lab/stale-claims/role';

describe("lab 13's admin (stale claims)", () => {
  const lab = useLabServer();
  const withKey = (client: LabClient, method: 'post' | 'delete' | 'get', path = ROLE) =>
    client.agent[method](path).set('X-Lab-Key', TEST_LAB_KEY).set('Origin', client.url);

  it('is for the lab window only, refuses bad input with 4xx, and never changes its own admin', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    for (const res of [await alice.post(ROLE, { username: 'alice', role: 'admin' }), await alice.delete(ROLE)]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LAB_KEY_REQUIRED');
    }
    for (const body of [{}, { username: 'alice', role: 'root' }, { username: '', role: 'user' }, []]) {
      const bad = await withKey(alice, 'post').send(body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    }
    const nobody = await withKey(alice, 'post').send({ username: 'nobody', role: 'admin' });
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.code).toBe('NOT_FOUND');
    expect((await withKey(alice, 'post').send({ username: 'admin', role: 'user' })).body.error.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('changes the role through the real admin API on the loopback port; the learner stays signed in and sees it; the switches restore put it back', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    const changed = await withKey(alice, 'post').send({ username: 'alice', role: 'admin' });
    expect(changed.status).toBe(200);
    const answer = staleClaimsRoleResponseSchema.parse(changed.body);
    expect(answer).toMatchObject({ username: 'alice', before: 'user', after: 'admin' });
    expect(answer.steps.map((step) => `${step.request.split(' (')[0]} ${step.status}`)).toEqual([
      'POST /api/v1/session/login 200',
      `PUT /api/v1/users/${lab.t.accounts.findByUsername('alice')!.id} 200`,
      'POST /api/v1/session/logout 204',
    ]);
    // The learner's cookie session goes on, with the new role read live.
    const me = await alice.get('/api/v1/session/me');
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('admin');
    expect((await withKey(alice, 'get', '/api/v1/lab/switches')).body.changed).toContainEqual({
      group: 'account-roles',
      name: "alice's role",
      now: 'admin',
      launch: 'user',
    });
    // A second change keeps the first "before".
    await withKey(alice, 'post').send({ username: 'alice', role: 'user' });
    await withKey(alice, 'post').send({ username: 'alice', role: 'admin' });
    await withKey(alice, 'delete', '/api/v1/lab/switches');
    expect(lab.t.accounts.findByUsername('alice')!.role).toBe('user');
    expect((await withKey(alice, 'get', '/api/v1/lab/switches')).body.changed).toEqual([]);
    await withKey(alice, 'post').send({ username: 'bob', role: 'admin' });
    expect((await withKey(alice, 'delete')).status).toBe(204);
    expect(lab.t.accounts.findByUsername('bob')!.role).toBe('user');
  });
});
