import { describe, expect, it } from 'vitest';
import { LabClient } from '../../support/lab-client.ts';
import { useLabServer } from '../../support/lab-server.ts';

describe('the audit query', () => {
  const lab = useLabServer();

  it('reads a user id only as written in decimal: 0x4, 4.0, " 4", 4e0, +4 and 04 are refused 400, not read as user 4', async () => {
    const admin = new LabClient(lab.served.url);
    await admin.login('admin', 'admin-lab-pass');
    await new LabClient(lab.served.url).login('alice', 'alice-lab-pass');
    const { id } = lab.t.accounts.findByUsername('alice')!;
    const strict = await admin.get(`/api/v1/audit?userId=${id}`);
    expect(strict.status).toBe(200);
    expect(strict.body.events.length).toBeGreaterThan(0);
    for (const written of [`0x${id}`, `${id}.0`, `%20${id}`, `${id}e0`, `%2B${id}`, `0${id}`]) {
      const res = await admin.get(`/api/v1/audit?userId=${written}`);
      expect(res.status, written).toBe(400);
      expect(res.body.error.code, written).toBe('VALIDATION_FAILED');
      expect(res.body.error.message, written).toMatch(/^userId: a user id is a decimal number/);
    }
    const twice = await admin.get(`/api/v1/audit?userId=${id}&userId=${id}`);
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('reads before and limit the same strict way, and limit at most 200', async () => {
    const admin = new LabClient(lab.served.url);
    await admin.login('admin', 'admin-lab-pass');
    expect((await admin.get('/api/v1/audit?limit=2&before=999999')).body.events).toHaveLength(2);
    for (const query of ['limit=2.0', 'limit=0x2', 'limit=201', 'limit=0', 'before=1e9', 'before=-1']) {
      const res = await admin.get(`/api/v1/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('VALIDATION_FAILED');
    }
  });
});
