import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEventSchema } from '../../../shared/api/audit.ts';
import { userChangeResponseSchema, userDeleteResponseSchema, userListSchema } from '../../../shared/api/users.ts';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';
import { BACKENDS } from '../../support/backends.ts';

describe.each(BACKENDS)('admin users API on $name', (backend) => {
  const lab = useLabServer(backend);
  let admin: LabClient;
  beforeAll(async () => {
    admin = new LabClient(lab.served.url);
    await admin.login('admin', 'admin-lab-pass');
  });

  it('creates users, refusing taken usernames (in any case) and weak passwords', async () => {
    const created = await admin.post('/api/v1/users', {
      username: 'carol',
      email: 'carol@example.test',
      password: 'carol-strong-pass',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'carol',
      role: 'user',
      mfaEnabled: false,
      disabled: false,
      demo: false,
    });
    expect(created.body).not.toHaveProperty('passwordHash');
    const taken = await admin.post('/api/v1/users', {
      username: 'CAROL',
      email: 'c2@example.test',
      password: 'another-strong-pass',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('USERNAME_TAKEN');
    for (const password of ['short', 'password123', 'Qwerty123', 'aaaaaaaaaaaa', 'ivan-ivan-ivan']) {
      const weak = await admin.post('/api/v1/users', { username: 'ivan', email: 'd@example.test', password });
      expect(weak.status, password).toBe(400);
      expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    }
    expect(
      (await admin.post('/api/v1/users', { username: 'ivan', email: 'i@example.test', password: 'ivan-likes-tea' }))
        .status,
    ).toBe(201);
    const ivan = (await admin.get('/api/v1/users?pageSize=100')).body.users.find(
      (u: { username: string }) => u.username === 'ivan',
    );
    const changed = await admin.put(`/api/v1/users/${ivan.id}`, { password: 'IVAN.IVAN' });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toEqual({
      code: 'WEAK_PASSWORD',
      message: 'A password made of the username is guessed first',
    });
    const invalid = await admin.post('/api/v1/users', {
      username: 'x',
      email: 'not-an-email',
      password: 'long-enough-pass',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    const extra = await admin.post('/api/v1/users', {
      username: 'eve',
      email: 'e@example.test',
      password: 'long-enough-pass',
      isAdmin: true,
    });
    expect(extra.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('lists users a page at a time and reads one', async () => {
    const page = await admin.get('/api/v1/users?page=1&pageSize=2');
    expect(page.status).toBe(200);
    expect(userListSchema.parse(page.body)).toEqual(page.body);
    expect(page.body.users).toHaveLength(2);
    expect(page.body.total).toBeGreaterThanOrEqual(4);
    const next = await admin.get('/api/v1/users?page=2&pageSize=2');
    expect(next.body.users[0].id).toBeGreaterThan(page.body.users[1].id);
    const one = await admin.get(`/api/v1/users/${page.body.users[1].id}`);
    expect(one.body.username).toBe(page.body.users[1].username);
    expect((await admin.get('/api/v1/users/9999')).status).toBe(404);
    expect((await admin.get('/api/v1/users/not-a-number')).status).toBe(404);
  });

  it('lists the demo accounts for the login screen, until a demo password is changed', async () => {
    const before = await admin.get('/api/v1/demo-accounts');
    expect(before.body.accounts).toEqual([
      { username: 'admin', password: 'admin-lab-pass', role: 'admin' },
      { username: 'alice', password: 'alice-lab-pass', role: 'user' },
      { username: 'bob', password: 'bob-lab-pass', role: 'user' },
    ]);
    const bob = (await admin.get('/api/v1/users?pageSize=100')).body.users.find(
      (u: { username: string }) => u.username === 'bob',
    );
    await admin.put(`/api/v1/users/${bob.id}`, { password: 'bob-changed-pass' });
    const after = await admin.get('/api/v1/demo-accounts');
    expect(after.body.accounts.map((a: { username: string }) => a.username)).toEqual(['admin', 'alice']);
    await admin.put(`/api/v1/users/${bob.id}`, { password: 'bob-lab-pass' });
  });

  it('is for admins only', async () => {
    const alice = new LabClient(lab.served.url);
    await alice.login('alice', 'alice-lab-pass');
    const res = await alice.get('/api/v1/users');
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect((await new LabClient(lab.served.url).get('/api/v1/users')).status).toBe(401);
  });

  it('ends every session of a user whose password, role or disabled flag changes, or who is deleted, and none on an email change', async () => {
    const created = await admin.post('/api/v1/users', {
      username: 'frank',
      email: 'f@example.test',
      password: 'frank-strong-pass',
    });
    const id = created.body.id as number;
    const path = `/api/v1/users/${id}`;
    const loginFrank = async (password = 'frank-strong-pass') => {
      const [a, b] = [new LabClient(lab.served.url), new LabClient(lab.served.url)];
      expect((await a.login('frank', password)).status).toBe(200);
      expect((await b.login('frank', password)).status).toBe(200);
      return [a, b];
    };
    const stillIn = async (clients: LabClient[]) =>
      Promise.all(clients.map(async (c) => (await c.get('/api/v1/session/me')).status));

    let sessions = await loginFrank();
    const email = await admin.put(path, { email: 'frank@example.test' });
    expect(email.body.sessionsEnded).toBe(0);
    expect(await stillIn(sessions)).toEqual([200, 200]);

    // A role change ends the user's sessions: they sign in again with the privileges they now have.
    const promoted = await admin.put(path, { role: 'admin' });
    expect(userChangeResponseSchema.parse(promoted.body)).toMatchObject({
      user: { role: 'admin' },
      sessionsEnded: 2,
      refreshFamiliesRevoked: 0,
    });
    expect(await stillIn(sessions)).toEqual([401, 401]);
    sessions = await loginFrank();
    expect((await sessions[1]!.get('/api/v1/users')).status).toBe(200);
    // The same role again changes nothing, and ends nothing.
    expect((await admin.put(path, { role: 'admin' })).body.sessionsEnded).toBe(0);
    expect((await admin.put(path, { role: 'user' })).body.sessionsEnded).toBe(2);
    sessions = await loginFrank();
    expect((await sessions[1]!.get('/api/v1/users')).status).toBe(403);

    expect((await admin.put(path, { password: 'frank-new-pass-1' })).body.sessionsEnded).toBe(2);
    expect(await stillIn(sessions)).toEqual([401, 401]);

    sessions = await loginFrank('frank-new-pass-1');
    expect((await admin.put(path, { disabled: true })).body.sessionsEnded).toBe(2);
    expect(await stillIn(sessions)).toEqual([401, 401]);
    const disabled = await new LabClient(lab.served.url).login('frank', 'frank-new-pass-1');
    expect(disabled.status).toBe(401);
    expect(disabled.body.error.code).toBe('INVALID_CREDENTIALS');

    await admin.put(path, { disabled: false });
    sessions = await loginFrank('frank-new-pass-1');
    const deleted = await admin.delete(path);
    expect(deleted.status).toBe(200);
    expect(userDeleteResponseSchema.parse(deleted.body)).toEqual({
      deleted: id,
      sessionsEnded: 2,
      refreshFamiliesRevoked: 0,
    });
    expect(await stillIn(sessions)).toEqual([401, 401]);
    expect((await admin.get(path)).status).toBe(404);
    const audit = await admin.get(`/api/v1/audit?userId=${id}&event=revoked`);
    expect(z.object({ events: z.array(auditEventSchema) }).parse(audit.body)).toEqual(audit.body);
    // Two sessions each: the promotion, the demotion, the password change, disabling, the deletion.
    expect(audit.body.events.length).toBe(10);
    expect(audit.body.events.every((e: { sidHash: string }) => /^[0-9a-f]{16}$/.test(e.sidHash))).toBe(true);
  });
});
