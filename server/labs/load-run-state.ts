import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { LoadEvent, LoadRequest, LoadTarget } from '../../shared/api/lab-load.ts';
import type { LoadCredentials } from './loopback-logins.ts';
import { LoadTally } from './load-tally.ts';

/**
 * One load run under way (see `LoadLab` in load-run.ts): its random token (the value of the load header that only
 * its client knows), what was asked, each check's tally, the client process, its logins, timers and its end.
 */
export class LoadRunState {
  readonly id: number;
  readonly token = randomBytes(18).toString('base64url');
  readonly request: LoadRequest;
  readonly account: string;
  readonly startedAt: number;
  readonly began = performance.now();
  readonly tallies: Record<LoadTarget, LoadTally> = { session: new LoadTally(), token: new LoadTally() };
  current: LoadTarget;
  lastTick = performance.now();
  lastCpu = process.cpuUsage();
  clientErrors = 0;
  child: ChildProcess | null = null;
  credentials: LoadCredentials = {};
  /** Whether the run's own logins were logged out at its end (null until then). */
  cleanup: LoadEvent['cleanup'] = null;
  port = 0;
  timers: NodeJS.Timeout[] = [];
  ending: Promise<LoadEvent> | null = null;

  readonly conditions: LoadEvent['conditions'];

  constructor(
    id: number,
    request: LoadRequest,
    account: string,
    startedAt: number,
    conditions: LoadEvent['conditions'],
  ) {
    this.conditions = conditions;
    this.id = id;
    this.request = request;
    this.account = account;
    this.startedAt = startedAt;
    this.current = request.target === 'token' ? 'token' : 'session';
  }

  /** The checks the run hammers. */
  targets(): LoadTarget[] {
    return this.request.target === 'both' ? ['session', 'token'] : [this.request.target];
  }
}
