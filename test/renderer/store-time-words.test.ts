import { describe, expect, it } from 'vitest';
import { formatMs, storeTimeSplit } from '../../renderer/src/inspector/store-time-words.ts';

describe('storeTimeSplit', () => {
  it('splits the duration into the store and the server, and says so', () => {
    const split = storeTimeSplit({ duration: 1.8, storeTime: { ms: 1.2, commands: 2, reads: 1, writes: 1 } })!;
    expect(split.storeMs).toBe(1.2);
    expect(split.serverMs).toBeCloseTo(0.6);
    expect(split.storeShare).toBeCloseTo(2 / 3);
    expect(split.sentence).toBe(
      '1.8 ms in total: 1.2 ms waiting for the store (2 commands: 1 read, 1 write), 0.60 ms in the server.',
    );
    expect(split.reading).toBe('Most of it was spent waiting for the store.');
  });

  it('names reads alone, and the server when it did most of the work', () => {
    const split = storeTimeSplit({ duration: 12, storeTime: { ms: 0.35, commands: 1, reads: 1, writes: 0 } })!;
    expect(split.sentence).toBe(
      '12 ms in total: 0.35 ms waiting for the store (1 command, a read), 12 ms in the server.',
    );
    expect(split.reading).toMatch(/^Most of it was the server’s own work/);
  });

  it('never lets the store exceed the whole (the duration is rounded to 0.1 ms)', () => {
    const split = storeTimeSplit({ duration: 0.4, storeTime: { ms: 0.437, commands: 3, reads: 0, writes: 3 } })!;
    expect(split.storeMs).toBe(0.4);
    expect(split.serverMs).toBe(0);
    expect(split.sentence).toContain('(3 commands, all writes)');
  });

  it('says a call without the store spent it all in the server, and nothing when not measured', () => {
    expect(storeTimeSplit({ duration: 3.2, storeTime: { ms: 0, commands: 0, reads: 0, writes: 0 } })!.sentence).toBe(
      '3.2 ms in total, all in the server: it sent no command to the store.',
    );
    expect(storeTimeSplit({ duration: 3.2 })).toBeNull();
  });

  it('formats ms to what matters', () => {
    expect([formatMs(0.05), formatMs(1.234), formatMs(42.6)]).toEqual(['0.05 ms', '1.2 ms', '43 ms']);
  });

  it('says a login’s time is mostly the password check (scrypt, slow on purpose), not the store', () => {
    const login = { duration: 86, storeTime: { ms: 0.8, commands: 9, reads: 2, writes: 7 } };
    expect(storeTimeSplit({ ...login, path: '/api/v1/session/login' })!.reading).toMatch(
      /checking the password: scrypt/,
    );
    expect(storeTimeSplit({ ...login, path: '/api/v1/token/login' })!.reading).toMatch(/checking the password/);
    expect(storeTimeSplit({ ...login, path: '/api/v1/session/me' })!.reading).toMatch(/server’s own work/);
  });
});
