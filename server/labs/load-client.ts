// The load run's virtual users, in a child process of their own (forked by load-run.ts): their CPU is not
// the server's, so the server's process.cpuUsage() measures the server alone. Node built-ins only: this file
// runs as it is (Node strips its types) in the tests and compiled in the build.
import http from 'node:http';

type Target = 'session' | 'token';

/** What the server sends: the start (port, users, the run's header, each check's credentials), a target change, the stop. */
type Command =
  | {
      type: 'start';
      port: number;
      users: number;
      loadHeader: string;
      runToken: string;
      target: Target;
      hardStopMs: number;
      credentials: Record<Target, Record<string, string>>;
    }
  | { type: 'target'; target: Target }
  | { type: 'stop' };

const PATHS: Record<Target, string> = { session: '/api/v1/session/me', token: '/api/v1/token/data' };
const REQUEST_TIMEOUT_MS = 5_000;

let running = false;
let target: Target = 'session';
let clientErrors = 0;
let finished = false;

function once(start: Extract<Command, { type: 'start' }>, agent: http.Agent): Promise<void> {
  const current = target;
  return new Promise((resolve) => {
    const failed = () => {
      clientErrors++;
      // A refused connection fails at once: a short pause keeps a broken run from spinning.
      setTimeout(resolve, 50);
    };
    const request = http.request(
      {
        host: '127.0.0.1',
        port: start.port,
        path: PATHS[current],
        headers: { ...start.credentials[current], [start.loadHeader]: start.runToken },
        agent,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (answer) => {
        answer.on('error', failed);
        answer.on('end', () => resolve());
        answer.resume();
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer in time')));
    request.on('error', failed);
    request.end();
  });
}

async function virtualUser(start: Extract<Command, { type: 'start' }>, agent: http.Agent): Promise<void> {
  while (running) await once(start, agent);
}

function finish(agent: http.Agent): void {
  if (finished) return;
  finished = true;
  agent.destroy();
  process.send?.({ type: 'finished', clientErrors }, () => process.exit(0));
}

process.on('message', (command: Command) => {
  if (command.type === 'target') target = command.target;
  else if (command.type === 'stop') running = false;
  else if (command.type === 'start' && !running) {
    running = true;
    target = command.target;
    const agent = new http.Agent({ keepAlive: true, maxSockets: command.users });
    const report = setInterval(() => process.send?.({ type: 'progress', clientErrors }), 500);
    // Bounded even if the server never says stop.
    const hardStop = setTimeout(() => (running = false), command.hardStopMs);
    void Promise.all(Array.from({ length: command.users }, () => virtualUser(command, agent))).then(() => {
      clearInterval(report);
      clearTimeout(hardStop);
      finish(agent);
    });
  }
});
// The server went away: so does its load.
process.on('disconnect', () => process.exit(0));
