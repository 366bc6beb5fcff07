// The load run's virtual users, in a child process of their own (forked by load-run.ts): their CPU is not
// the server's, so the server's process.cpuUsage() measures the server alone. Node built-ins only: this file
// runs as it is (Node strips its types) in the tests and compiled in the build.
//
// Each user is one keep-alive connection that sends its next request when the last answer is read, written as the
// bytes of a request made once (as a benchmark's client does): a client that spends its CPU building requests leaves
// the server waiting between them, and a server woken for every request pays its wake-ups in each request's CPU.
import net from 'node:net';

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
const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

let running = false;
let target: Target = 'session';
let clientErrors = 0;
let finished = false;

/** Each check's request, as the bytes sent (a header value with a line break would be refused by the server). */
function requestBytes(start: Extract<Command, { type: 'start' }>): Record<Target, Buffer> {
  const bytes = (which: Target) => {
    const headers = { ...start.credentials[which], [start.loadHeader]: start.runToken };
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, '')}\r\n`);
    return Buffer.from(`GET ${PATHS[which]} HTTP/1.1\r\nHost: 127.0.0.1:${start.port}\r\n${lines.join('')}\r\n`);
  };
  return { session: bytes('session'), token: bytes('token') };
}

/**
 * One virtual user: requests one after another on its connection until the run stops. A failure (refused, reset, no
 * answer in time, an answer it cannot read) is a client error, and the user reconnects after a short pause, so a
 * broken run does not spin. Resolves when the run stops.
 */
function virtualUser(start: Extract<Command, { type: 'start' }>, requests: Record<Target, Buffer>): Promise<void> {
  return new Promise((resolve) => {
    const connect = () => {
      if (!running) return resolve();
      let pending: Buffer = Buffer.alloc(0);
      let over = false;
      const socket = net.connect(start.port, '127.0.0.1');
      const fail = () => {
        if (over) return;
        over = true;
        clientErrors++;
        clearTimeout(timer);
        socket.destroy();
        setTimeout(connect, 50);
      };
      const timer = setTimeout(fail, REQUEST_TIMEOUT_MS);
      const send = () => {
        if (running) {
          timer.refresh();
          socket.write(requests[target]);
          return;
        }
        over = true;
        clearTimeout(timer);
        socket.end();
        resolve();
      };
      socket.setNoDelay(true);
      socket.once('connect', send);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const head = pending.indexOf(HEAD_END);
        if (head < 0) return;
        const length = CONTENT_LENGTH.exec(pending.toString('latin1', 0, head));
        if (!length) return fail();
        const end = head + HEAD_END.length + Number(length[1]);
        if (pending.length < end) return;
        pending = pending.subarray(end);
        send();
      });
      // An error, or the server closing the connection while a request waits for its answer.
      socket.on('error', fail);
      socket.on('close', fail);
    };
    connect();
  });
}

function finish(): void {
  if (finished) return;
  finished = true;
  process.send?.({ type: 'finished', clientErrors }, () => process.exit(0));
}

process.on('message', (command: Command) => {
  if (command.type === 'target') target = command.target;
  else if (command.type === 'stop') running = false;
  else if (command.type === 'start' && !running) {
    running = true;
    target = command.target;
    const requests = requestBytes(command);
    const report = setInterval(() => process.send?.({ type: 'progress', clientErrors }), 500);
    // Bounded even if the server never says stop.
    const hardStop = setTimeout(() => (running = false), command.hardStopMs);
    void Promise.all(Array.from({ length: command.users }, () => virtualUser(command, requests))).then(() => {
      clearInterval(report);
      clearTimeout(hardStop);
      finish();
    });
  }
});
// The server went away: so does its load.
process.on('disconnect', () => process.exit(0));
