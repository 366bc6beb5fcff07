import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import type { Accounts } from '../accounts/accounts.ts';
import { DEMO_ACCOUNTS } from '../accounts/demo-accounts.ts';
import { LabLoadRunningError, ValidationError } from '../errors.ts';
import type { EventHub } from '../inspector/event-hub.ts';
import type { ExchangeTally } from '../inspector/exchange-recorder.ts';
import { API_PATHS } from '../../shared/api/paths.ts';
import {
  LOAD_HEADER,
  LOAD_TARGETS,
  type LoadEvent,
  type LoadRequest,
  type LoadStatus,
  type LoadTarget,
} from '../../shared/api/lab-load.ts';
import { loginForLoad, logoutAfterLoad } from './loopback-logins.ts';
import { LoadRunState } from './load-run-state.ts';

/** The demo account a run signs in as: not alice, whom the labs' learner uses. */
const PREFERRED_ACCOUNTS = ['bob', 'alice', 'admin'];
/** How long the client may take to finish its requests in flight after the stop, before it is killed. */
const CLIENT_GRACE_MS = 3_000;

/** The child process that runs the virtual users (load-client.ts, or .js once built). */
function clientModule(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), `load-client${path.extname(here)}`);
}

/** What a load lab needs. */
export interface LoadLabDeps {
  hub: EventHub;
  accounts: Accounts;
  logger: Logger;
  now: () => number;
  /** How the run's own requests are answered (load-lane.ts: the checks alone, without the app's own machinery). */
  lane: NonNullable<ExchangeTally['answer']>;
  /** What a run measures on, read when it starts (the store; the token switches its login's token follows). */
  conditions: () => LoadEvent['conditions'];
}

/**
 * Lab 12's load: N virtual users in a child process hammer the session check and the token check on the
 * server's own loopback port, bounded in users and seconds, one run at a time. The exchange recorder
 * counts the run's requests here (by the run's random token in {@link LOAD_HEADER}) instead of recording
 * them; every second a `load` event carries each check's req/s, p50/p99 server time and the server
 * process' CPU µs per request. With `both`, the checks take turns by the second, so each second's CPU
 * belongs to one check.
 */
export class LoadLab {
  readonly #deps: LoadLabDeps;
  #run: LoadRunState | null = null;
  #last: LoadEvent | null = null;
  #nextId = 1;

  constructor(deps: LoadLabDeps) {
    this.#deps = deps;
  }

  /** For the exchange recorder: the run's own requests are counted, not recorded. */
  readonly tally: ExchangeTally = {
    matches: (ctx: Context) => this.#run !== null && ctx.get(LOAD_HEADER) === this.#run.token,
    count: (ctx: Context, ms: number) =>
      this.#run?.tallies[ctx.path === API_PATHS.tokenData ? 'token' : 'session'].add(ctx.status, ms),
    answer: (ctx: Context, next: Next) => this.#deps.lane(ctx, next),
  };

  /** The run under way, or the last one. */
  status(): LoadStatus {
    return { running: this.#run !== null, last: this.#last };
  }

  /** Logs in (real requests), starts the virtual users against `port`, and answers the first event. 409 while a run is under way. */
  async start(request: LoadRequest, port: number): Promise<LoadStatus> {
    if (this.#run)
      throw new LabLoadRunningError('A load run is under way: stop it first (DELETE), or wait for it to end');
    const account = this.#account();
    const run = new LoadRunState(this.#nextId++, request, account.username, this.#deps.now(), this.#deps.conditions());
    this.#run = run;
    run.port = port;
    try {
      // Filled as each login succeeds: a failure after the first leaves what it began for #end to log out.
      await loginForLoad(
        port,
        account,
        { session: run.targets().includes('session'), token: run.targets().includes('token') },
        run.credentials,
      );
      const child = fork(clientModule(), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'json' });
      run.child = child;
      child.on('message', (message: { type: string; clientErrors?: number }) => {
        run.clientErrors = message.clientErrors ?? run.clientErrors;
      });
      child.on('error', (failure) => {
        if (!run.ending) void this.#end(run, 'failed', `the load client failed: ${failure.message}`);
      });
      child.once('exit', (code) => {
        run.child = null;
        if (!run.ending)
          void this.#end(run, 'failed', `the load client exited (code ${code ?? 'null'}) before the end`);
      });
      const credentials: Record<LoadTarget, Record<string, string>> = {
        session: run.credentials.session?.headers ?? {},
        token: run.credentials.token?.headers ?? {},
      };
      child.send({
        type: 'start',
        port,
        users: request.users,
        loadHeader: LOAD_HEADER,
        runToken: run.token,
        target: run.current,
        hardStopMs: request.seconds * 1_000 + CLIENT_GRACE_MS,
        credentials,
      });
      run.lastTick = performance.now();
      run.lastCpu = process.cpuUsage();
      run.timers.push(setInterval(() => this.#tick(run), 1_000));
      run.timers.push(setTimeout(() => void this.#end(run, 'time', null), request.seconds * 1_000));
      for (const timer of run.timers) timer.unref();
    } catch (error) {
      await this.#end(run, 'failed', (error as Error).message);
      throw error;
    }
    const first = this.#event(run, null, false, null, null);
    this.#last = first;
    this.#deps.hub.publish('load', first);
    return this.status();
  }

  /** Stops the run under way (its last event has `endedBy: 'stopped'`); nothing when none runs. */
  async stop(): Promise<LoadStatus> {
    if (this.#run) await this.#end(this.#run, 'stopped', null);
    return this.status();
  }

  #account(): { username: string; password: string } {
    const usable = this.#deps.accounts.demoUsers().filter((user) => !user.disabled && !user.totpSecret);
    for (const name of PREFERRED_ACCOUNTS) {
      const demo = DEMO_ACCOUNTS.find((candidate) => candidate.username === name);
      if (demo && usable.some((user) => user.username === name)) return demo;
    }
    throw new ValidationError(
      'The load signs in as a demo account with its printed password and no MFA: there is none (started with --no-demo-accounts?)',
    );
  }

  /** Closes one window: its CPU goes to the check it hammered, its figures are published, and with `both` the checks swap. */
  #window(run: LoadRunState): LoadEvent['window'] {
    const now = performance.now();
    const ms = now - run.lastTick;
    const cpu = process.cpuUsage(run.lastCpu);
    run.lastTick = now;
    run.lastCpu = process.cpuUsage();
    const tally = run.tallies[run.current];
    const answered = run.tallies.session.windowRequests + run.tallies.token.windowRequests;
    tally.activeMs += ms;
    tally.cpuMicros += cpu.user + cpu.system;
    tally.cpuRequests += answered;
    let window: LoadEvent['window'] = null;
    // Both close: a request of the other check answered after the swap is the run's, its CPU in this second's.
    for (const target of LOAD_TARGETS) {
      const figures = run.tallies[target].closeWindow(ms, { micros: cpu.user + cpu.system, requests: answered });
      if (target === run.current && figures) window = { target, figures };
    }
    return window;
  }

  #tick(run: LoadRunState): void {
    if (run.ending || this.#run !== run) return;
    const window = this.#window(run);
    if (run.request.target === 'both') {
      run.current = run.current === 'session' ? 'token' : 'session';
      run.child?.send({ type: 'target', target: run.current }, () => {});
    }
    const event = this.#event(run, window, false, null, null);
    this.#last = event;
    this.#deps.hub.publish('load', event);
  }

  #event(
    run: LoadRunState,
    window: LoadEvent['window'],
    done: boolean,
    endedBy: LoadEvent['endedBy'],
    error: string | null,
  ): LoadEvent {
    const totals: LoadEvent['totals'] = {};
    for (const target of run.targets()) {
      totals[target] = run.tallies[target].totals();
    }
    return {
      run: run.id,
      at: this.#deps.now(),
      startedAt: run.startedAt,
      users: run.request.users,
      seconds: run.request.seconds,
      target: run.request.target,
      account: run.account,
      conditions: run.conditions,
      elapsedMs: Math.round(performance.now() - run.began),
      done,
      endedBy,
      error,
      window,
      totals,
      clientErrors: run.clientErrors,
      cleanup: run.cleanup,
    };
  }

  #end(run: LoadRunState, endedBy: NonNullable<LoadEvent['endedBy']>, error: string | null): Promise<LoadEvent> {
    run.ending ??= (async () => {
      for (const timer of run.timers) clearInterval(timer);
      await this.#stopClient(run);
      // The requests answered since the last tick make one last (shorter) window.
      const window = this.#window(run);
      if (run.credentials.session || run.credentials.token) {
        const problems = await logoutAfterLoad(run.port, run.credentials);
        for (const problem of problems) this.#deps.logger.warn({ run: run.id }, problem);
        run.cleanup = { loggedOut: problems.length === 0, problem: problems.length > 0 ? problems.join('; ') : null };
      }
      const event = this.#event(run, window, true, endedBy, error);
      if (this.#run === run) this.#run = null;
      this.#last = event;
      this.#deps.hub.publish('load', event);
      return event;
    })();
    return run.ending;
  }

  async #stopClient(run: LoadRunState): Promise<void> {
    const child = run.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send({ type: 'stop' }, () => {});
    const killer = setTimeout(() => child.kill('SIGKILL'), CLIENT_GRACE_MS);
    await exited;
    clearTimeout(killer);
  }
}
