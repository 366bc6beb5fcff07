import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabClient } from '../support/lab-client.ts';
import { useLabServer } from '../support/lab-server.ts';
import { closeConnections, FUZZ_SEED, FUZZ_SCALE, fuzzOptions, judge, segment, send } from './fuzz-support.ts';

/** Inputs per property at scale 1. */
const RUNS = { userIds: 400, queries: 400 };

/** What a server would read a query value as (`+` is a space; a broken escape is kept as written). */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

describe(`fuzz: the audit query (seed ${FUZZ_SEED}, scale ${FUZZ_SCALE})`, { timeout: 30_000 * FUZZ_SCALE }, () => {
  const lab = useLabServer();
  const admin = { cookie: '' };
  const origin = () => lab.served.url;
  const get = (query: string) =>
    send(origin(), { method: 'GET', path: `/api/v1/audit?${query}`, headers: { cookie: admin.cookie } });

  beforeAll(async () => {
    const client = new LabClient(lab.served.url);
    await client.login('admin', 'admin-lab-pass');
    admin.cookie = `sl_session=${client.sid()}; sl_session.sig=${client.cookie('sl_session.sig')}`;
  });
  afterAll(() => {
    expect(lab.t.logs().filter((line) => Number(line.level) >= 50)).toEqual([]);
    closeConnections();
  });

  it('a user id that is not written as one is refused 400 VALIDATION_FAILED, never read as a number', async () => {
    const id = fc
      .oneof(
        segment,
        fc.constantFrom('0', '-1', '1.0', '0x1', '1e0', '%201', '01', '%2B1', '+1', '1%00', '99999999999999999999', ''),
        fc.double().map(String),
      )
      .filter((text) => !/^[1-9][0-9]{0,14}$/.test(decoded(text)) && !/[&#]/.test(text));
    await fc.assert(
      fc.asyncProperty(id, async (junk) => {
        const answer = await get(`userId=${junk}`);
        judge(answer, `GET /api/v1/audit?userId=${junk}`);
        expect(answer.status, junk).toBe(400);
        expect(JSON.parse(answer.text).error.code, junk).toBe('VALIDATION_FAILED');
      }),
      fuzzOptions(RUNS.userIds),
    );
  });

  it('any query string gets an answer with the error shape, never a 5xx', async () => {
    const name = fc.constantFrom('event', 'userId', 'before', 'limit', '__proto__', 'userId[]', 'limit[0]');
    const value = fc.oneof(segment, fc.integer().map(String), fc.double().map(String), fc.constantFrom('created', ''));
    const pairs = fc.array(
      fc.tuple(name, value).map(([n, v]) => `${n}=${v}`),
      { maxLength: 5 },
    );
    await fc.assert(
      fc.asyncProperty(pairs, async (list) => {
        const query = list.join('&');
        const answer = await get(query);
        judge(answer, `GET /api/v1/audit?${query}`);
        expect([200, 400], query).toContain(answer.status);
      }),
      fuzzOptions(RUNS.queries),
    );
  });
});
