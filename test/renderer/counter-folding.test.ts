import { describe, expect, it } from 'vitest';
import {
  counterLabel,
  counterSummary,
  foldCounters,
  type Folded,
} from '../../renderer/src/inspector/counter-folding.ts';

interface Line {
  seq: number;
  key: string;
  cause: number | string;
  command: string;
}

let seq = 0;
const line = (command: string, cause: number | string): Line => ({
  seq: ++seq,
  key: command.split(' ')[1]!,
  cause,
  command,
});

/** What a successful cookie login (#7) writes, oldest first: counted, then the session, then the count given back. */
function successfulLogin(cause: number): Line[] {
  return [
    line('INCR sl:throttle:user:alice', cause),
    line('PEXPIRE sl:throttle:user:alice 300000 NX', cause),
    line('INCR sl:throttle:ip:127.0.0.1', cause),
    line('PEXPIRE sl:throttle:ip:127.0.0.1 300000 NX', cause),
    line('SET sl:sess:abc {} PX 1800000', cause),
    line('ZADD sl:user_sessions:2 1733450000000 abc', cause),
    line('DEL sl:throttle:user:alice', cause),
    line('INCRBY sl:throttle:ip:127.0.0.1 -1', cause),
  ];
}

const shape = (folded: Folded<Line>[]) =>
  folded.map((item) =>
    item.kind === 'line'
      ? item.line.command
      : `[${counterSummary(item)}: ${item.lines.map((l) => l.command).join(' | ')}]`,
  );

describe("folding the login throttle's bookkeeping", () => {
  it("folds one exchange's counter commands into one line, where the bookkeeping began (oldest first)", () => {
    const lines = successfulLogin(7);
    const folded = foldCounters(lines, (l) => l, 'oldest-first');
    expect(shape(folded)).toEqual([
      '[login attempt counters: 6 commands: INCR sl:throttle:user:alice | PEXPIRE sl:throttle:user:alice 300000 NX | INCR sl:throttle:ip:127.0.0.1 | PEXPIRE sl:throttle:ip:127.0.0.1 300000 NX | DEL sl:throttle:user:alice | INCRBY sl:throttle:ip:127.0.0.1 -1]',
      'SET sl:sess:abc {} PX 1800000',
      'ZADD sl:user_sessions:2 1733450000000 abc',
    ]);
    expect(folded[0]).toMatchObject({ kind: 'counters', id: 'counters-7', cause: 7 });
  });

  it('newest first (the command log): the group stands at its oldest line, below the session it preceded', () => {
    const lines = successfulLogin(3).reverse();
    const folded = foldCounters(lines, (l) => l, 'newest-first');
    expect(shape(folded).map((text) => text.split(':')[0])).toEqual(['ZADD sl', 'SET sl', '[login attempt counters']);
    const group = folded[2]!;
    expect(group.kind === 'counters' && group.lines.map((l) => l.command)[0]).toBe(
      'INCRBY sl:throttle:ip:127.0.0.1 -1',
    );
  });

  it('keeps two logins apart, and leaves a single counter line, the TTL and the inspector alone', () => {
    const failed = [line('INCR sl:throttle:user:bob', 8), line('PEXPIRE sl:throttle:user:bob 300000 NX', 8)];
    const others = [
      line('DEL sl:throttle:ip:127.0.0.1', 'inspector'),
      line('DEL sl:throttle:user:carol', 'expiry'),
      line('INCR sl:throttle:mfa:2', 9),
    ];
    const lines = [...successfulLogin(7), ...failed, ...others];
    const folded = foldCounters(lines, (l) => l, 'oldest-first');
    const groups = folded.filter((item) => item.kind === 'counters');
    expect(groups.map((group) => [group.cause, group.lines.length])).toEqual([
      [7, 6],
      [8, 2],
    ]);
    expect(
      folded.filter((item) => item.kind === 'line').map((item) => (item.kind === 'line' ? item.line.command : '')),
    ).toEqual([
      'SET sl:sess:abc {} PX 1800000',
      'ZADD sl:user_sessions:2 1733450000000 abc',
      'DEL sl:throttle:ip:127.0.0.1',
      'DEL sl:throttle:user:carol',
      'INCR sl:throttle:mfa:2',
    ]);
    // Nothing lost, nothing twice.
    const all = folded.flatMap((item) => (item.kind === 'line' ? [item.line] : item.lines));
    expect(all.map((l) => l.seq).sort((a, b) => a - b)).toEqual(lines.map((l) => l.seq).sort((a, b) => a - b));
  });

  it('names what is counted in words', () => {
    expect(counterLabel(['sl:throttle:user:alice', 'sl:throttle:ip:::1'])).toBe('login attempt counters');
    expect(counterLabel(['sl:throttle:mfa:2', 'sl:throttle:mfa:2'])).toBe('code attempt counters');
    expect(counterLabel(['sl:throttle:mfa:2', 'sl:throttle:ip:127.0.0.1'])).toBe('login and code attempt counters');
  });

  it('leaves a log without counters as it is', () => {
    const lines = [line('SET sl:sess:x {} PX 1', 1), line('GET sl:sess:x', 2)];
    expect(foldCounters(lines, (l) => l, 'newest-first')).toEqual(lines.map((l) => ({ kind: 'line', line: l })));
  });
});
