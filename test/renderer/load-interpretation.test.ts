import { describe, expect, it } from 'vitest';
import { interpretLoad, type LoadReading } from '../../renderer/src/labs/load-interpretation.ts';
import { finalLoadEvent as finalEvent, loadFigures as figures } from './load-events.ts';

const about = (readings: LoadReading[], what: LoadReading['about']) =>
  readings.find((reading) => reading.about === what)?.text ?? '';

describe('what a load run shows, in words derived from its figures', () => {
  it('says nothing before the run is done', () => {
    expect(interpretLoad(finalEvent({ done: false, endedBy: null }))).toEqual([]);
  });

  it('names both figures and their ratio, from the totals', () => {
    const readings = interpretLoad(finalEvent({ totals: { session: figures(1.5, 80), token: figures(6, 400) } }));
    const measured = about(readings, 'measured');
    expect(measured).toContain('400 µs against 80 µs');
    expect(measured).toContain('5.0× the session check’s server CPU per request');
    expect(measured).toContain('4.0× the session check’s p99 server time (6 ms against 1.5 ms)');
    expect(measured).toContain('the embedded store (SQLite) with 20 users');
  });

  it('explains a token check costlier than the session check by its signature, naming the algorithm', () => {
    const es256 = interpretLoad(
      finalEvent({
        conditions: { store: 'sqlite', algorithm: 'ES256', denylist: 'off' },
        totals: { session: figures(1, 50), token: figures(8, 600) },
      }),
    );
    const why = about(es256, 'token-why');
    expect(why).toMatch(/^Why was the token check the costlier one here\?/);
    expect(why).toContain('ECDSA P-256');
    expect(why).toContain('600 µs per request');
    expect(why).toContain('does not mean tokens are slow');
    expect(about(es256, 'session-store')).toContain('inside this very server process');
  });

  it('says when the token check was the cheaper one, or when the two cost about the same', () => {
    const cheaper = interpretLoad(finalEvent({ totals: { session: figures(4, 300), token: figures(1, 60) } }));
    expect(about(cheaper, 'token-why')).toMatch(/^The token check was the cheaper one/);
    expect(about(cheaper, 'measured')).toContain('0.20× the session check’s server CPU');
    const same = interpretLoad(finalEvent({ totals: { session: figures(2, 100), token: figures(2.1, 110) } }));
    expect(about(same, 'token-why')).toMatch(/^The two checks cost about the same here \(within 25%\)/);
    expect(about(same, 'measured')).toContain('about the same server CPU per request as the session check');
  });

  it('does not blame the signature for a higher p99 when the CPU per request was the same', () => {
    const readings = interpretLoad(finalEvent({ totals: { session: figures(1, 100), token: figures(5, 100) } }));
    const why = about(readings, 'token-why');
    expect(why).toMatch(/^Why was the token check’s p99 higher when its CPU per request was about the same\?/);
    expect(why).toContain('WebCrypto, which answers asynchronously');
    expect(why).toContain('read from SQLite is synchronous');
    const onRedis = interpretLoad(
      finalEvent({
        conditions: { store: 'redis', algorithm: 'HS256', denylist: 'off' },
        totals: { session: figures(1, 100), token: figures(5, 100) },
      }),
    );
    expect(about(onRedis, 'token-why')).toContain('the session check for Redis’ answer');
  });

  it('on Redis, says that Redis’ own CPU is not in the figure', () => {
    const readings = interpretLoad(finalEvent({ conditions: { store: 'redis', algorithm: 'HS256', denylist: 'off' } }));
    expect(about(readings, 'session-store')).toContain('Redis’ own CPU for those lookups is not in the CPU figure');
  });

  it('says what the denylist does, and measures its cost against a run that differs only in it', () => {
    const off = finalEvent({ run: 1, totals: { session: figures(2, 100), token: figures(1, 50) } });
    const on = finalEvent({
      run: 2,
      conditions: { store: 'sqlite', algorithm: 'HS256', denylist: 'on' },
      totals: { session: figures(2, 100), token: figures(1.5, 90) },
    });
    const alone = interpretLoad(on);
    expect(about(alone, 'denylist')).toContain('every token check also reads the store');
    expect(about(alone, 'denylist')).toContain('Run again with the denylist off');
    expect(about(alone, 'advantage')).toContain('with the denylist on it gives that up');
    const paired = about(interpretLoad(on, [off]), 'denylist');
    expect(paired).toContain('Against run #1 (denylist off, same store and algorithm)');
    expect(paired).toContain('+40.0 µs of CPU and +0.50 ms of p99');
    // A run on another algorithm is not a fair twin.
    const es256 = { ...off, conditions: { ...off.conditions, algorithm: 'ES256' as const } };
    expect(about(interpretLoad(on, [es256]), 'denylist')).not.toContain('Against run');
  });

  it('points to lab 9 for the token’s real advantage', () => {
    expect(about(interpretLoad(finalEvent()), 'advantage')).toContain('needs no shared store');
    expect(about(interpretLoad(finalEvent()), 'advantage')).toContain('lab 9');
  });

  it('with one check measured, describes it and asks for both', () => {
    const readings = interpretLoad(finalEvent({ target: 'session', totals: { session: figures(2, 100) } }));
    expect(about(readings, 'measured')).toMatch(/^Only the session check was measured \(p99 2 ms, 100 µs/);
    expect(about(readings, 'denylist')).toBe('');
  });

  it('warns about errors, and draws nothing from a failed or empty run', () => {
    const errors = interpretLoad(
      finalEvent({ clientErrors: 3, totals: { session: figures(2, 100, { errors: 1 }), token: figures(2, 100) } }),
    );
    expect(about(errors, 'errors')).toMatch(/^1 answer was not 200 and 3 requests got no answer/);
    const failed = interpretLoad(finalEvent({ endedBy: 'failed', error: 'the load client exited' }));
    expect(failed).toEqual([
      {
        about: 'incomplete',
        text: 'The run failed (the load client exited): its figures are incomplete, so no conclusion is drawn from them.',
      },
    ]);
    const empty = interpretLoad(finalEvent({ totals: { session: figures(0, null, { requests: 0 }) } }));
    expect(empty.map((reading) => reading.about)).toEqual(['incomplete']);
  });
});
